"""Placements' part of a candidate's personal data: shown in the subject-access export,
removed by the retention job (both in candidates, which must not import placements), and the
candidates a presentation names in a company's contact log, for the access log of the pages
that show it (companies, which must not import placements either)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from candidates.models import Candidate
from candidates.retention import register_anonymiser
from candidates.subject_access import register_section
from companies.models import Activity
from companies.selectors import register_mention_finder
from placements.models import FollowUp, Placement, PlacementStatus


@register_section
def placements_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    rows = []
    placements = Placement.objects.filter(candidate=candidate).select_related(
        "company", "placement_type"
    )
    for placement in placements.order_by("planned_start"):
        rows.append(
            {
                _("Forløb"): placement.placement_type.name,
                _("Virksomhed"): placement.company.name,
                _("Start"): placement.start,
                _("Slut"): placement.end,
                _("Status"): placement.get_status_display(),
                _("Arbejdsopgaver"): placement.tasks,
                _("Resultat"): placement.get_outcome_display() if placement.outcome else "",
                _("Årsag til afbrydelse"): placement.interruption_reason,
            }
        )
    for followup in FollowUp.objects.filter(placement__candidate=candidate).exclude(
        Q(notes="") & Q(employer_answer="")
    ):
        rows.append(
            {
                _("Opfølgning"): followup.label,
                _("Dato"): followup.done_on or followup.due_on,
                _("Noter"): followup.notes,
                _("Virksomhedens svar"): followup.employer_answer,
            }
        )
    return "placements", _("Forløb og opfølgning"), rows


@register_mention_finder
def presented_candidates(activities: Sequence[Activity]) -> list[Candidate]:
    """The candidates the presentations among these contact-log entries name."""
    return list(
        Candidate.objects.filter(
            presentations__activity_id__in=[a.pk for a in activities],
            anonymised_at__isnull=True,
        ).only("pk", "public_id")
    )


@register_anonymiser
def anonymise_placements(candidate_ids: list[int]) -> None:
    """The placements stay for the statistics (type, company, dates, status, outcome); their
    free texts and their write history go."""
    placements = Placement.objects.filter(candidate_id__in=candidate_ids)
    placement_ids = list(placements.values_list("pk", flat=True))
    placements.update(tasks="", outcome_note="")
    # An interrupted placement must keep a reason (a database check); not the words, though.
    placements.filter(status=PlacementStatus.INTERRUPTED).update(interruption_reason="–")
    FollowUp.objects.filter(placement_id__in=placement_ids).update(notes="", employer_answer="")
    Placement.history.rel.related_model.objects.filter(  # type: ignore[attr-defined]
        pgh_obj_id__in=placement_ids
    ).delete()
    FollowUp.history.rel.related_model.objects.filter(  # type: ignore[attr-defined]
        placement_id__in=placement_ids
    ).delete()
