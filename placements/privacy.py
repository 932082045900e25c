"""Placements' part of a candidate's personal data: shown in the subject-access export,
removed by the retention job (both in candidates, which must not import placements), and the
candidates a presentation names in a company's contact log, for the access log of the pages
that show it (companies, which must not import placements either)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from candidates.models import Candidate, ConsentCategory
from candidates.retention import Anonymising, register_anonymiser, register_company_links
from candidates.subject_access import register_section
from companies.models import Activity
from companies.selectors import register_mention_finder
from placements.models import (
    AfterCheck,
    FollowUp,
    Notification,
    Placement,
    PlacementStatus,
    Presentation,
)


@register_section(order=10)
def placements_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    rows = []
    placements = Placement.objects.filter(candidate=candidate).select_related(
        "company", "placement_type", "mentor"
    )
    for placement in placements.order_by("planned_start", "pk"):
        rows.append(
            {
                _("Forløb"): placement.placement_type.name,
                _("Virksomhed"): placement.company.name,
                _("Planlagt start"): placement.planned_start,
                _("Planlagt slut"): placement.planned_end,
                _("Startede"): placement.actual_start,
                _("Sluttede"): placement.actual_end,
                _("Status"): placement.get_status_display(),
                _("Timer pr. uge"): placement.hours_per_week,
                _("Arbejdsopgaver"): placement.tasks,
                _("Mentor"): placement.mentor.name if placement.mentor else "",
                _("Mentortimer pr. uge"): placement.mentor_hours_per_week,
                _("Årsag til afbrydelse"): placement.interruption_reason,
                _("Resultat"): placement.get_outcome_display() if placement.outcome else "",
                _("Bemærkning til resultatet"): placement.outcome_note,
            }
        )
    return "placements", _("Forløb"), rows


@register_section(order=20)
def followups_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    """Every follow-up of the candidate's placements: planned, done or cancelled."""
    rows = []
    followups = FollowUp.objects.filter(placement__candidate=candidate).select_related(
        "placement__company", "placement__placement_type"
    )
    for followup in followups.order_by("due_on", "pk"):
        placement = followup.placement
        rows.append(
            {
                _("Opfølgning"): followup.label,
                _("Forløb"): f"{placement.placement_type.name}, {placement.company.name}",
                _("Senest"): followup.due_on,
                _("Status"): followup.get_status_display(),
                _("Udført den"): followup.done_on,
                _("Noter"): followup.notes,
                _("Virksomhedens svar"): followup.employer_answer,
            }
        )
    return "followups", _("Opfølgning på forløbene"), rows


@register_section(order=30)
def after_checks_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    rows = []
    checks = AfterCheck.objects.filter(placement__candidate=candidate).select_related(
        "placement__company", "placement__placement_type"
    )
    for check in checks.order_by("placement__planned_start", "months"):
        placement = check.placement
        rows.append(
            {
                _("Forløb"): f"{placement.placement_type.name}, {placement.company.name}",
                _("Måneder efter slut"): check.months,
                _("Undersøgt den"): check.checked_on,
                _("Stadig i job"): check.still_employed,
                _("Hvor"): check.where,
                _("Bemærkning"): check.note,
            }
        )
    return "after_checks", _("Hvor du var efter forløbene"), rows


@register_section(order=40)
def presentations_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    """Which companies the candidate was presented to, and what they were told."""
    rows = []
    presentations = Presentation.objects.filter(candidate=candidate).select_related(
        "company", "job_opening"
    )
    for presentation in presentations.order_by("presented_at", "pk"):
        shared = [str(ConsentCategory(c).label) for c in presentation.categories]
        rows.append(
            {
                _("Præsenteret"): presentation.presented_at,
                _("Virksomhed"): presentation.company.name,
                _("Jobåbning"): presentation.job_opening.title if presentation.job_opening else "",
                _("Delte oplysninger"): [_("Fornavn"), *shared],
            }
        )
    return "presentations", _("Præsenteret for virksomheder"), rows


@register_mention_finder
def presented_candidates(activities: Sequence[Activity]) -> list[Candidate]:
    """The candidates the presentations among these contact-log entries name."""
    return list(
        Candidate.objects.filter(
            presentations__activity_id__in=[a.pk for a in activities],
            anonymised_at__isnull=True,
        ).only("pk", "public_id")
    )


@register_company_links
def placement_and_presentation_companies(candidate_ids: list[int]) -> Iterable[tuple[int, int]]:
    """The companies the candidates were placed in or presented to: their contact logs may
    name them by first name (retention redacts it)."""
    yield from Placement.objects.filter(candidate_id__in=candidate_ids).values_list(
        "candidate_id", "company_id"
    )
    yield from Presentation.objects.filter(candidate_id__in=candidate_ids).values_list(
        "candidate_id", "company_id"
    )


@register_anonymiser
def anonymise_placements(subjects: Anonymising) -> None:
    """The placements stay for the statistics (type, company, dates, status, outcome); their
    free texts and their write history go, and so do the words about the candidates in their
    follow-ups, after-checks, presentations and the bell."""
    placements = Placement.objects.filter(candidate_id__in=subjects.ids)
    placement_ids = list(placements.values_list("pk", flat=True))
    placements.update(tasks="", outcome_note="")
    # An interrupted placement must keep a reason (a database check); not the words, though.
    placements.filter(status=PlacementStatus.INTERRUPTED).update(interruption_reason="–")
    FollowUp.objects.filter(placement_id__in=placement_ids).update(notes="", employer_answer="")
    # Where the person worked after the end, and what was noted about it.
    AfterCheck.objects.filter(placement_id__in=placement_ids).update(where="", note="")
    # A follow-up added by hand is labelled in the consultant's own words, and the bell copied
    # the label (or a contact-log next step) into its notifications.
    relabelled = []
    for pk, label, company_id in FollowUp.objects.filter(
        placement_id__in=placement_ids
    ).values_list("pk", "label", "placement__company_id"):
        redacted = subjects.redact(label, company_id=company_id)
        if redacted != label:
            relabelled.append(FollowUp(pk=pk, label=redacted[:120]))
    FollowUp.objects.bulk_update(relabelled, ["label"])
    notifications = Notification.objects.filter(
        Q(followup__placement_id__in=placement_ids)
        | Q(activity_id__in=list(subjects.redacted_activities))
    ).select_related("followup__placement", "activity")
    retold = []
    for notification in notifications:
        subject = notification.activity or notification.followup.placement  # type: ignore[union-attr]
        text = subjects.redact(notification.text, company_id=subject.company_id)
        if text != notification.text:
            notification.text = text[:300]
            retold.append(notification)
    Notification.objects.bulk_update(retold, ["text"])
    # A presentation's contact-log entry: the rest of the log was redacted, but its summary is
    # the presentation itself (the first name, and the consultant's note about the person).
    Activity.objects.filter(presentation__candidate_id__in=subjects.ids).update(
        summary=_("En kandidat er præsenteret. Kandidaten er siden anonymiseret.")
    )
    Placement.history.rel.related_model.objects.filter(  # type: ignore[attr-defined]
        pgh_obj_id__in=placement_ids
    ).delete()
    FollowUp.history.rel.related_model.objects.filter(  # type: ignore[attr-defined]
        placement_id__in=placement_ids
    ).delete()
