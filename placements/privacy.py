"""Placements' part of a candidate's personal data: shown in the subject-access export and
removed by the retention job (both in candidates, which must not import placements)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from candidates.models import Candidate, ConsentCategory
from candidates.retention import register_anonymiser
from candidates.subject_access import register_section
from placements.models import AfterCheck, FollowUp, Placement, PlacementStatus, Presentation


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
