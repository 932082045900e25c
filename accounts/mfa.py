"""Second factor for staff (DESIGN.md section 4): staff roles must have enrolled an
authenticator and used it in this session before any page with data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.base import forms as base_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def session_is_verified(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def next_step_url(request: HttpRequest, next_url: str | None = None) -> str:
    """Where a staff member without a verified second factor goes: enrol, or prove it."""
    query = urlencode({"next": next_url or request.get_full_path()})
    if has_second_factor(request.user):
        return f"{reverse('mfa_reauthenticate')}?{query}"
    return f"{reverse('mfa_activate_totp')}?{query}"


def on_authenticator_added(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Enrolling proves the factor (a correct code was entered), so the session counts as
    verified, as after a sign-in with the factor."""
    authenticator = kwargs.get("authenticator")
    record_authentication(
        request,
        user,
        "mfa",
        type=getattr(authenticator, "type", "totp"),
        id=getattr(authenticator, "pk", None),
    )
    if getattr(authenticator, "type", None) == Authenticator.Type.TOTP:
        request.jobbro_totp_enrolled = True  # type: ignore[attr-defined]


def on_password_reset(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A password chosen through the link e-mailed to the address shows that the address is
    the person's: allauth marks unverified addresses as not yet theirs and would refuse to
    enrol an authenticator app for them."""
    from accounts import services

    services.user_mark_address_verified(user=user)


def safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    """allauth's enrolment form, with our words for the code and a numeric keyboard."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Kode fra godkenderappen")
        self.fields["code"].widget.attrs.update({"inputmode": "numeric"})


CODE_JUST_USED = _(
    "Den kode er lige blevet brugt. Vent, til appen viser en ny kode (højst 30 sekunder), "
    "og skriv den."
)


def code_just_used(user: Any, code: str) -> bool:
    """A right code from the person's authenticator app that has already been used once in
    its window (allauth accepts each code once, then calls it wrong)."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None or not code:
        return False
    totp = TOTP(authenticator)
    used = cache.get(totp._get_used_cache_key(code)) is not None
    return used and validate_totp_code(decrypt(authenticator.data["secret"]), code)


class _SaysWhenACodeWasJustUsed:
    """allauth's code forms, saying "just used, wait for the next one" instead of "wrong
    code" when a right code comes a second time. Such a code is no failed attempt: it is not
    counted towards the lockout."""

    user: Any
    cleaned_data: dict[str, Any]

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "")
        if code_just_used(self.user, code):
            raise ValidationError(CODE_JUST_USED, code="code_just_used")
        return super().clean_code()  # type: ignore[misc,no-any-return]


class AuthenticateForm(_SaysWhenACodeWasJustUsed, base_forms.AuthenticateForm):
    pass


class ReauthenticateForm(_SaysWhenACodeWasJustUsed, base_forms.ReauthenticateForm):
    pass


class EnrolmentRedirectMiddleware:
    """After enrolling an authenticator app, a staff member goes on to the page they asked for
    instead of allauth's overview of the recovery codes (the message about the new codes says
    where to find them).

    allauth announces the new authenticator after the transaction commits; outside a
    transaction, as in a request on /konto/, that is at once, still inside the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "jobbro_totp_enrolled", False) and response.status_code == 302:
            target = safe_next(request)
            if target:
                return HttpResponseRedirect(target)
        return response
