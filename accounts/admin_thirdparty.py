"""The platform admin in Danish, for the other packages' models too (django-axes' sign-in
attempts, allauth's second factors): their model and app names are English, and the admin
shows them on every page.

Model and app names are set here when the admin loads. Migrations do not record them (a
migration keeps a model's options as its class declared them), so the packages' migrations
stay as they are. Field names are recorded, so the columns and fields are shown through
`shown()` instead, with a Danish label each. accounts/admin.py imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

APP_NAMES = {
    "axes": _("Log ind-forsøg og spærring"),
    "mfa": _("Totrinsbekræftelse"),
}

MODEL_NAMES: dict[type[models.Model], tuple[Any, Any]] = {
    AccessAttempt: (_("spærretæller"), _("spærretællere")),
    AccessFailureLog: (_("mislykket log ind"), _("mislykkede log ind")),
    AccessLog: (_("log ind og log af"), _("log ind og log af")),
    Authenticator: (_("totrinsbekræftelse"), _("totrinsbekræftelser")),
}


def name_in_danish() -> None:
    for label, name in APP_NAMES.items():
        apps.get_app_config(label).verbose_name = name
    for model, (singular, plural) in MODEL_NAMES.items():
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural


def shown(field: str, label: Any, *, boolean: bool = False) -> Callable[..., Any]:
    """A model field as a column or a read-only field, under a Danish label."""

    def value(self: admin.ModelAdmin, obj: models.Model) -> Any:  # type: ignore[type-arg]
        return getattr(obj, field)

    value.__name__ = f"{field}_shown"
    return admin.display(description=label, ordering=field, boolean=boolean)(value)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    actions: list[Any] = []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SignInAdmin(ReadOnly):
    """What django-axes writes about each sign-in (settings: AXES_ENABLE_ADMIN is off, so
    these take the place of its English admin)."""

    when = shown("attempt_time", _("Tidspunkt"))
    address = shown("ip_address", _("IP-adresse"))
    account = shown("username", _("Konto"))
    path = shown("path_info", _("Side"))
    browser = shown("user_agent", _("Browser"))
    accept = shown("http_accept", _("Accept-header"))

    search_fields = ["ip_address", "username", "user_agent", "path_info"]
    date_hierarchy = "attempt_time"
    ordering = ["-attempt_time"]


@admin.register(AccessAttempt)
class AccessAttemptAdmin(SignInAdmin):
    """Deleting a counter lifts the block it holds (the security log says who did)."""

    failures = shown("failures_since_start", _("Mislykkede i træk"))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    list_display = ["when", "account", "address", "failures", "path"]
    readonly_fields = ["when", "account", "address", "failures", "path", "browser", "accept"]
    fields = readonly_fields


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(SignInAdmin):
    locked = shown("locked_out", _("Spærret"), boolean=True)

    list_display = ["when", "account", "address", "locked", "path"]
    readonly_fields = ["when", "account", "address", "locked", "path", "browser", "accept"]
    fields = readonly_fields


@admin.register(AccessLog)
class AccessLogAdmin(SignInAdmin):
    logged_out = shown("logout_time", _("Logget af"))

    list_display = ["when", "logged_out", "account", "address", "path"]
    readonly_fields = ["when", "logged_out", "account", "address", "path", "browser", "accept"]
    fields = readonly_fields


name_in_danish()
