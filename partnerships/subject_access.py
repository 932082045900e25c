"""Partnerships' part of a candidate's request for access (candidates.subject_access, which
must not import partnerships): the virksomhedscentre whose waiting list they were on, and the
jobpakker they took part in."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from candidates.models import Candidate
from candidates.subject_access import register_section
from partnerships.models import JobPackageParticipant, ModuleProgress, WaitingListEntry


@register_section
def waiting_list_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    rows = []
    entries = WaitingListEntry.objects.filter(candidate=candidate).select_related(
        "contract__company"
    )
    for entry in entries.order_by("added_at", "pk"):
        rows.append(
            {
                _("Virksomhedscenter"): f"{entry.contract.name}, {entry.contract.company.name}",
                _("Skrevet på ventelisten"): entry.added_at,
                _("Status"): entry.get_status_display(),
                _("Bemærkning"): entry.note,
            }
        )
    return "centre_waiting_list", _("Ventelister til virksomhedscentre"), rows


@register_section
def job_packages_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    rows = []
    participants = JobPackageParticipant.objects.filter(candidate=candidate).select_related(
        "package__company"
    )
    for participant in participants.order_by("enrolled_on", "pk"):
        completed = ModuleProgress.objects.filter(participant=participant).select_related("module")
        rows.append(
            {
                _("Jobpakke"): f"{participant.package.title}, {participant.package.company.name}",
                _("Optaget den"): participant.enrolled_on,
                _("Gennemførte moduler"): [
                    progress.module.title for progress in completed.order_by("module__position")
                ],
                _("Resultat"): participant.get_outcome_display(),
                _("Årsag"): participant.outcome_reason,
            }
        )
    return "job_packages", _("Jobpakker"), rows
