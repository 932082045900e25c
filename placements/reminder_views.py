"""The person's own reminder pages: the bell's list (`/<jobcenter>/notifikationer/`) and
"Mine indstillinger" (`/<jobcenter>/mine-indstillinger/`: the daily e-mail on or off). Kept
apart from the placements pages (placements.views)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services as account_services
from accounts import view_helpers
from accounts.decorators import requires
from placements import reminders


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"reminders:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


# --- The bell's list --------------------------------------------------------------------------


def _list_context(request: HttpRequest) -> dict[str, Any]:
    user = view_helpers.actor(request)
    page, page_range = view_helpers.paginate(request, reminders.notification_list(user=user))
    rows = reminders.notification_rows(
        slug=view_helpers.tenant(request).slug, notifications=list(page.object_list)
    )
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
    return render(request, "placements/my_settings.html", {"form": form})
