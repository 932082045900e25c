"""The person's own reminder pages: the bell's list (`/<jobcenter>/notifikationer/`) and
"Mine indstillinger" (`/<jobcenter>/mine-indstillinger/`: the daily e-mail on or off, the
calendar address, and a list of the person's own API tokens, which accounts.views makes and
revokes), and the calendar feed itself (`/kalender/<secret>.ics`, outside any jobcenter).
Kept apart from the placements pages (placements.views)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts import access_log, view_helpers
from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.decorators import requires
from accounts.models import Membership
from accounts.tenancy import tenant_scope
from placements import calendar, reminders


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"reminders:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined,no-any-return]


# --- The bell's list --------------------------------------------------------------------------


def _list_context(request: HttpRequest) -> dict[str, Any]:
    user = view_helpers.actor(request)
    page, page_range = view_helpers.paginate(request, reminders.notification_list(user=user))
    rows = reminders.notification_rows(
        slug=view_helpers.tenant(request).slug, notifications=list(page.object_list)
    )
    # The rows name candidates (by first name): the access log says who saw them.
    shown = {row.candidate.pk: row.candidate for row in rows if row.candidate is not None}
    access_log.record_many(user=user, action="list", objs=shown.values())
    return {"page": page, "page_range": page_range, "rows": rows}


@requires("placements.view")
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    template = "placements/notifications.html"
    if view_helpers.is_partial(request):
        template += "#results"
    response = render(request, template, _list_context(request))
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("placements.view")
@require_POST
def notification_read(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = view_helpers.actor(request)
    notification = reminders.notification_get_for_user(user=user, public_id=public_id)
    reminders.notification_mark_read(user=user, notification=notification)
    if view_helpers.is_partial(request):
        # The row in its read state, and the bell's count out of band.
        (row,) = reminders.notification_rows(
            slug=view_helpers.tenant(request).slug, notifications=[notification]
        )
        if row.candidate is not None:  # the row names the candidate
            access_log.record(user=user, action="view", obj=row.candidate)
        return render(request, "placements/notifications.html#row", {"row": row, "row_oob": True})
    return redirect(_url(request, "notifications"))


@requires("placements.view")
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = reminders.notifications_mark_all_read(user=view_helpers.actor(request))
    if view_helpers.is_partial(request):
        context = {**_list_context(request), "oob": True, "marked": marked}
        return render(request, "placements/notifications.html#results", context)
    messages.success(request, _("Alle notifikationer er markeret som læst."))
    return redirect(_url(request, "notifications"))


# --- Mine indstillinger -----------------------------------------------------------------------


class ReminderSettingsForm(forms.Form):
    reminder_emails = forms.BooleanField(
        label=gettext_lazy("Send mig en e-mail om morgenen med det, der skal gøres"),
        help_text=gettext_lazy(
            "Én e-mail om dagen med dine opfølgninger og næste skridt, der skal gøres i dag "
            "eller er overskredet. Klokken i toppen viser dem under alle omstændigheder."
        ),
        required=False,
    )


def _settings_context(request: HttpRequest, form: ReminderSettingsForm) -> dict[str, Any]:
    membership = _membership(request)
    context = {"form": form, "feed": calendar.calendar_feed_active(membership=membership)}
    if membership.can("api.own_tokens"):
        # The person's own API tokens (accounts.views.own_token_*).
        context["own_tokens"] = list(account_selectors.api_token_list_own(membership=membership))
    return context


@requires("placements.view")
@require_http_methods(["GET", "POST"])
def my_settings(request: HttpRequest) -> HttpResponse:
    user = view_helpers.actor(request)
    form = ReminderSettingsForm(
        view_helpers.posted(request), initial={"reminder_emails": user.reminder_emails}
    )
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["reminder_emails"]
        account_services.user_set_reminder_emails(user=user, on=on)
        if on:
            messages.success(request, _("Du får påmindelser på e-mail."))
        else:
            messages.success(
                request, _("Du får ikke længere påmindelser på e-mail. Klokken viser dem stadig.")
            )
        return redirect(_url(request, "settings"))
    return render(request, "placements/my_settings.html", _settings_context(request, form))


@requires("placements.view")
@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    feed, secret = calendar.calendar_feed_create(membership=_membership(request))
    form = ReminderSettingsForm(
        initial={"reminder_emails": view_helpers.actor(request).reminder_emails}
    )
    context = {
        **_settings_context(request, form),
        "feed": feed,
        "feed_url": reminders.absolute(calendar.feed_path(secret)),
    }
    # Shown in this response only: the address is never stored, not even in the session.
    response = render(request, "placements/my_settings.html", context)
    add_never_cache_headers(response)
    return response


@requires("placements.view")
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if calendar.calendar_feed_revoke(membership=_membership(request)):
        messages.success(
            request, _("Kalenderadressen er tilbagekaldt. Din kalender henter ikke mere fra den.")
        )
    return redirect(_url(request, "settings"))


# --- The feed ---------------------------------------------------------------------------------


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The calendar program's request: no session, the secret is the key. Every refusal is
    the same 404, so the answer tells nothing about which secrets exist."""
    feed = calendar.calendar_feed_find(secret=secret)
    if feed is None:
        raise Http404
    with tenant_scope(feed.tenant_id):
        body = calendar.calendar_ics(feed=feed)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jobbro.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
