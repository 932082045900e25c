"""Networks' part of a candidate's personal data: a candidate who is a role model, and where
they appeared. Shown in the subject-access export and removed by the retention job (both in
candidates, which must not import networks)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from candidates.models import Candidate
from candidates.retention import Anonymising, register_anonymiser
from candidates.subject_access import register_section
from networks.models import RoleModel, RoleModelAppearance


@register_section
def role_model_section(candidate: Candidate) -> tuple[str, str, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for role_model in RoleModel.objects.filter(candidate=candidate):
        rows.append(
            {
                _("Rollemodel"): role_model.theme,
                _("Bemærkning"): role_model.note,
                _("Aktiv"): _("ja") if role_model.is_active else _("nej"),
                _("Oprettet"): role_model.created_at,
            }
        )
        appearances = RoleModelAppearance.objects.filter(role_model=role_model).select_related(
            "meeting__network"
        )
        for appearance in appearances.order_by("occurred_on"):
            where = appearance.place
            if appearance.meeting_id:
                where = f"{appearance.meeting.network.name}, {appearance.meeting}"
            rows.append({_("Optrådte"): appearance.occurred_on, _("Hvor"): where})
    return "networks", _("Rollemodel i netværk"), rows


@register_anonymiser
def anonymise_role_models(subjects: Anonymising) -> None:
    """A role model is a person's story: nothing of it stays (the meetings they spoke at do)."""
    RoleModel.objects.filter(candidate_id__in=subjects.ids).delete()
