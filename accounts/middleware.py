"""One middleware puts every request for `/<jobcenter>/…` and `/api/v1/<jobcenter>/…` inside
that jobcenter's scope (DESIGN.md section 3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from accounts import access_log, mfa
from accounts.capabilities import STAFF_ROLES
from accounts.models import Jobcenter, Membership
from accounts.tenancy import tenant_scope

TENANT_KWARG = "jobcenter"


def _rolled_back_on_error(response: HttpResponse) -> HttpResponse:
    """Inside the scope's transaction: a view that failed must leave nothing half done.

    An exception in the view reaches this middleware as a response (Django's handler, or the
    API's exception handler, has turned it into a 500 already), so the transaction would
    commit whatever the view wrote before it failed. Any 5xx answer rolls it back instead.
    A 4xx does not: a refused request may rightly keep what it wrote (the access log's row of
    a search that found nobody)."""
    if response.status_code >= 500:
        transaction.set_rollback(True)
    return response


class TenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Whatever API token the request is authenticated by is forgotten when it ends.
        with access_log.request_context():
            return self._handle(request)

    def _handle(self, request: HttpRequest) -> HttpResponse:
        request.tenant = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get(TENANT_KWARG)
        if slug is None:
            return self.get_response(request)

        is_api = request.path_info.startswith("/api/")
        user = request.user
        if not is_api and not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        jobcenter = Jobcenter.objects.filter(slug=slug, is_active=True).first()
        if jobcenter is None:
            raise Http404("No such jobcenter.")

        with tenant_scope(jobcenter):
            if is_api:
                # The API authenticates by bearer token (accounts.api_auth), inside the scope;
                # it answers in JSON, so the jobcenter's name never reaches a stranger.
                request.tenant = jobcenter  # type: ignore[attr-defined]
                return _rolled_back_on_error(self.get_response(request))
            membership = (
                Membership.objects.select_related("team").filter(user=user, is_active=True).first()
            )
            if membership is None:
                # Not a member: to this person the jobcenter does not exist.
                raise Http404("No such jobcenter.")
            if membership.role in STAFF_ROLES and not mfa.session_is_verified(request):
                return redirect(mfa.next_step_url(request))
            # Only now: the 404 page above must not name the jobcenter in its header.
            request.tenant = jobcenter  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            return _rolled_back_on_error(self.get_response(request))

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        # The jobcenter is request.tenant; views do not take the slug as an argument.
        view_kwargs.pop(TENANT_KWARG, None)
