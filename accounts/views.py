"""The jobcenter's own administration ("Indstillinger"): members and roles, teams, the
overview of API tokens and settings. Only for members with the jobcenter.manage_*
capabilities (the admin role). Also a person's own API tokens, which only they make (under
"Mine indstillinger")."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode
from uuid import UUID

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import email_changes, forms, selectors, services, view_helpers
from accounts.decorators import requires
from accounts.models import Membership

PAGE_SIZE = 25


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"accounts:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _page(request: HttpRequest, items: QuerySet[Any]) -> tuple[Page[Any], list[Any]]:
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    page_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page, page_range


# --- Overview --------------------------------------------------------------------------------


@requires("jobcenter.manage_users")
def settings_index(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings_index.html")


# --- Members and roles -----------------------------------------------------------------------

MEMBER_COLUMNS = [
    ("name", gettext_lazy("Navn og e-mail")),
    ("role", gettext_lazy("Rolle")),
    ("team", gettext_lazy("Team")),
    ("active", gettext_lazy("Status")),
]


def _sort_columns(order: str) -> list[dict[str, Any]]:
    """Each sortable column: its label, how it is sorted now, and the order a click asks for."""
    columns = []
    for key, label in MEMBER_COLUMNS:
        state = "ascending" if order == key else "descending" if order == f"-{key}" else ""
        columns.append(
            {
                "label": label,
                "state": state,
                "next": f"-{key}" if state == "ascending" else key,
            }
        )
    return columns


@requires("jobcenter.manage_users")
@require_http_methods(["GET"])
def members(request: HttpRequest) -> HttpResponse:
    filter_form = forms.MemberFilterForm(request.GET, teams=selectors.team_list())
    filters = filter_form.filters()
    page, page_range = _page(request, selectors.membership_search(**filters))
    page.object_list = selectors.memberships_with_sign_in_blocks(page.object_list)
    # htmx swaps only the results when the filters, sorting or page change; a history
    # restore asks for the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    context = {
        "filter_form": filter_form,
        "filtered": any(
            filters[key] not in ("", None) for key in ("query", "role", "team", "active")
        ),
        "page": page,
        "page_range": page_range,
        "columns": _sort_columns(filters["order"]),
        "list_url": _url(request, "members"),
        "partial": partial,
    }
    template = "accounts/members.html#results" if partial else "accounts/members.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = selectors.membership_get(tenant=view_helpers.tenant(request), public_id=public_id)
    initial = {
        "role": membership.role,
        "team": membership.team,
        "is_active": membership.is_active,
        "company_cvr": membership.company.cvr if membership.company_id else "",
    }
    form = forms.MembershipForm(
        view_helpers.posted(request), initial=initial, teams=selectors.team_list()
    )
    address_changes = list(email_changes.email_change_list(user=membership.user))
    context = {
        "form": form,
        "membership": membership,
        "email_changes": address_changes,
        "pending_change": next((c for c in address_changes if c.is_pending), None),
    }
    if request.method == "POST" and form.is_valid():
        deactivating = membership.is_active and not form.cleaned_data["is_active"]
        if (
            deactivating
            and request.POST.get("confirmed") != "yes"
            and not selectors.membership_is_last_active_admin(membership=membership)
        ):
            return render(request, "accounts/member_deactivate_confirm.html", context)
        try:
            updated = services.membership_update(
                actor=view_helpers.actor(request), membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("%(name)s er opdateret.") % {"name": updated.user})
            own = cast(Membership, getattr(request, "membership", None))
            still_admin = updated.is_active and updated.can("jobcenter.manage_users")
            if updated.pk == own.pk and not still_admin:
                # The admin took their own access to this page away.
                return redirect("home")
            return redirect(_url(request, "members"))
    return render(request, "accounts/member_edit.html", context)


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def member_unblock(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Lift the block on a member's sign-in, after asking first."""
    membership = selectors.membership_get(tenant=view_helpers.tenant(request), public_id=public_id)
    (membership,) = selectors.memberships_with_sign_in_blocks([membership])
    if request.method == "POST":
        name = membership.user
        if membership.blocked_until is None:  # type: ignore[attr-defined]
            messages.info(request, _("%(name)s er ikke spærret.") % {"name": name})
        else:
            services.membership_sign_in_unblock(
                actor=view_helpers.actor(request), membership=membership
            )
            messages.success(request, _("%(name)s kan logge ind igen.") % {"name": name})
        return redirect(_url(request, "members"))
    return render(request, "accounts/member_unblock_confirm.html", {"membership": membership})


# --- Teams -----------------------------------------------------------------------------------


@requires("jobcenter.manage_users")
@require_http_methods(["GET"])
def teams(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/teams.html", {"teams": selectors.team_list()})


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest) -> HttpResponse:
    form = forms.TeamForm(view_helpers.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                actor=view_helpers.actor(request),
                tenant=view_helpers.tenant(request),
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Teamet »%(name)s« er oprettet.") % {"name": team.name})
            return redirect(_url(request, "teams"))
    return render(request, "accounts/team_form.html", {"form": form})


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    team = selectors.team_get(tenant=view_helpers.tenant(request), public_id=public_id)
    form = forms.TeamForm(view_helpers.posted(request), initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            renamed = services.team_rename(
                actor=view_helpers.actor(request), team=team, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Teamet hedder nu »%(name)s«.") % {"name": renamed.name})
            return redirect(_url(request, "teams"))
    return render(request, "accounts/team_form.html", {"form": form, "team": team})


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def team_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    team = selectors.team_get(tenant=view_helpers.tenant(request), public_id=public_id)
    if request.method == "POST":
        services.team_delete(actor=view_helpers.actor(request), team=team)
        messages.success(request, _("Teamet »%(name)s« er slettet.") % {"name": team.name})
        return redirect(_url(request, "teams"))
    return render(request, "accounts/team_delete_confirm.html", {"team": team})


# --- API tokens ------------------------------------------------------------------------------


@requires("jobcenter.manage_tokens")
@require_http_methods(["GET"])
def tokens(request: HttpRequest) -> HttpResponse:
    page, page_range = _page(request, selectors.api_token_list())
    return render(request, "accounts/tokens.html", {"page": page, "page_range": page_range})


@requires("jobcenter.manage_tokens")
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    token = selectors.api_token_get(tenant=view_helpers.tenant(request), public_id=public_id)
    if request.method == "POST":
        services.api_token_revoke(actor=view_helpers.actor(request), token=token)
        messages.success(
            request, _("API-nøglen »%(name)s« er tilbagekaldt.") % {"name": token.name}
        )
        return redirect(_url(request, "tokens"))
    return render(request, "accounts/token_revoke_confirm.html", {"token": token})


# --- A person's own API tokens (under Mine indstillinger) ------------------------------------
# A token is made only by the person it belongs to: what it reads is logged as theirs.


def _my_settings_url(request: HttpRequest) -> str:
    return reverse("reminders:settings", kwargs={"jobcenter": view_helpers.tenant(request).slug})


def _confirm_it_is_you(request: HttpRequest) -> HttpResponse | None:
    """A token outlives the session it is made in, so whoever makes one first confirms it is
    them (the password, or the authenticator code), as allauth asks before a change to the
    second factor: a session left open or taken over is not enough. None once they have, in
    the last few minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT); otherwise the way to do it, which
    leads back to the form."""
    if did_recently_reauthenticate(request):
        return None
    methods = get_account_adapter().get_reauthentication_methods(request.user)
    confirm_url = methods[0]["url"] if methods else reverse("account_login")
    form_url = reverse("own_tokens:add", kwargs={"jobcenter": view_helpers.tenant(request).slug})
    return redirect(f"{confirm_url}?{urlencode({REDIRECT_FIELD_NAME: form_url})}")


@requires("api.own_tokens")
@require_http_methods(["GET", "POST"])
def own_token_add(request: HttpRequest) -> HttpResponse:
    confirm = _confirm_it_is_you(request)
    if confirm is not None:
        return confirm
    form = forms.ApiTokenForm(view_helpers.posted(request))
    if request.method == "POST" and form.is_valid():
        token, plain = services.api_token_create(
            actor=view_helpers.actor(request),
            membership=cast(Membership, getattr(request, "membership", None)),
            **form.cleaned_data,
        )
        messages.success(request, _("API-nøglen »%(name)s« er oprettet.") % {"name": token.name})
        # Shown in this response, not after a redirect: the plain token is never stored, not
        # even in the session, so this page is the only place it ever appears.
        response = render(
            request,
            "accounts/own_token_created.html",
            {"token": token, "plain": plain, "back_url": _my_settings_url(request)},
        )
        add_never_cache_headers(response)
        return response
    return render(
        request,
        "accounts/own_token_add.html",
        {"form": form, "back_url": _my_settings_url(request)},
    )


@requires("api.own_tokens")
@require_http_methods(["GET", "POST"])
def own_token_revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    token = selectors.api_token_get_own(
        membership=cast(Membership, getattr(request, "membership", None)), public_id=public_id
    )
    if request.method == "POST":
        services.api_token_revoke(actor=view_helpers.actor(request), token=token)
        messages.success(
            request, _("API-nøglen »%(name)s« er tilbagekaldt.") % {"name": token.name}
        )
        return redirect(_my_settings_url(request))
    return render(
        request,
        "accounts/own_token_revoke_confirm.html",
        {"token": token, "back_url": _my_settings_url(request)},
    )


# --- The jobcenter's settings ----------------------------------------------------------------


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def jobcenter_settings(request: HttpRequest) -> HttpResponse:
    jobcenter = view_helpers.tenant(request)
    initial = {
        "name": jobcenter.name,
        "board_label": jobcenter.board_label,
        "access_log_retention_months": jobcenter.access_log_retention_months,
        "candidate_retention_years": jobcenter.candidate_retention_years,
        "contact_warning_days": jobcenter.contact_warning_days,
        "opening_take_up_days": jobcenter.opening_take_up_days,
        "closing_days": ", ".join(jobcenter.closing_days),
        **{f"priority_label_{i}": label for i, label in enumerate(jobcenter.priority_labels, 1)},
    }
    form = forms.JobcenterSettingsForm(view_helpers.posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["priority_labels"] = [data.pop(f"priority_label_{i}") for i in range(1, 5)]
        try:
            services.jobcenter_update(
                actor=view_helpers.actor(request), jobcenter=jobcenter, **data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Jobcentrets indstillinger er gemt."))
            return redirect(_url(request, "jobcenter_settings"))
    return render(request, "accounts/jobcenter_settings.html", {"form": form})
