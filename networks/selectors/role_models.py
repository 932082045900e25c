"""Reads of role models: who can be invited to tell their story, and where they have
appeared. A candidate is shown only while the consent that made them a role model is in
force; the page that shows candidates writes the access log (accounts.access_log)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from networks.models import RoleModel, RoleModelAppearance


def role_models(*, active_only: bool = True, on: date | None = None) -> QuerySet[RoleModel]:
    on = on or timezone.localdate()
    qs = RoleModel.objects.select_related(
        "candidate", "consent", "contact", "contact__company"
    ).prefetch_related(
        Prefetch(
            "appearances",
            queryset=RoleModelAppearance.objects.select_related("meeting", "meeting__network"),
        )
    )
    # A candidate only while their consent is in force (withdrawn: no longer a role model).
    qs = qs.filter(
        Q(candidate__isnull=True)
        | Q(consent__withdrawn_on__isnull=True)
        | Q(consent__withdrawn_on__gt=on)
    ).exclude(candidate__anonymised_at__isnull=False)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("-created_at", "pk")
