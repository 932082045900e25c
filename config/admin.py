"""The platform staff's admin site: signed in through the ordinary sign-in, second factor
included, so it has no password form of its own to attack."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts import mfa


class JobbroAdminSite(admin.AdminSite):
    site_header = "Jobbro – platformens administration"
    site_title = "Jobbro"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and mfa.session_is_verified(request)

    def login(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        next_url = request.GET.get("next") or "/admin/"
        if request.user.is_authenticated and request.user.is_staff:
            # Signed in without the second factor: prove it (or enrol) first.
            return redirect(mfa.next_step_url(request, next_url=next_url))
        return redirect_to_login(next_url)
