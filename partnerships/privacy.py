"""Partnerships' part of a candidate's personal data under retention: the words written about
them on a virksomhedscenter's waiting list and as a jobpakke's outcome are removed when the
candidate is anonymised (candidates.retention, which must not import partnerships). The rows
stay for the statistics (who waited how long, the cohort's funnel)."""

from __future__ import annotations

from collections.abc import Iterable

from candidates.retention import Anonymising, register_anonymiser, register_company_links
from partnerships.models import JobPackageParticipant, ParticipantOutcome, WaitingListEntry

# The outcomes the database makes keep a reason.
_NEEDS_A_REASON = [ParticipantOutcome.NOT_HIRED, ParticipantOutcome.DROPPED_OUT]


@register_company_links
def centre_and_job_package_companies(candidate_ids: list[int]) -> Iterable[tuple[int, int]]:
    """The companies whose virksomhedscenter or jobpakke the candidates were in: their
    contact logs may name them by first name (retention redacts it)."""
    yield from WaitingListEntry.objects.filter(candidate_id__in=candidate_ids).values_list(
        "candidate_id", "contract__company_id"
    )
    yield from JobPackageParticipant.objects.filter(candidate_id__in=candidate_ids).values_list(
        "candidate_id", "package__company_id"
    )


@register_anonymiser
def anonymise_partnerships(subjects: Anonymising) -> None:
    WaitingListEntry.objects.filter(candidate_id__in=subjects.ids).exclude(note="").update(note="")
    participants = JobPackageParticipant.objects.filter(candidate_id__in=subjects.ids)
    participants.filter(outcome__in=_NEEDS_A_REASON).update(outcome_reason="–")
    participants.exclude(outcome__in=_NEEDS_A_REASON).exclude(outcome_reason="").update(
        outcome_reason=""
    )
