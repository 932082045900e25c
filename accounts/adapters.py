"""allauth in Jobbro's own words: nobody signs up, the e-mails come from "Jobbro" (never the
host name) and name the person's jobcenter, and the error messages say "adgangskode" and
"totrinsbekræftelse" as the rest of Jobbro does."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SITE_NAME = "Jobbro"


def jobcenter_names(user: Any) -> list[str]:
    """The jobcenters the person works for, for the signature of the e-mails they get."""
    from accounts import selectors
    from accounts.models import User

    if not isinstance(user, User) or user.pk is None:
        return []
    return [membership.tenant.name for membership in selectors.memberships_of(user=user)]


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Din bruger er deaktiveret. Kontakt jobcentrets administrator."),
        "email_password_mismatch": _("E-mailadressen eller adgangskoden er forkert."),
        "enter_current_password": _("Skriv din nuværende adgangskode."),
        "incorrect_code": _("Forkert kode. Tjek koden i e-mailen, og prøv igen."),
        "incorrect_password": _("Forkert adgangskode."),
        "invalid_login": _("Du kunne ikke logges ind. Prøv igen."),
        "invalid_password_reset": _(
            "Linket til at vælge en ny adgangskode er udløbet eller allerede brugt. Bed om et nyt."
        ),
        "too_many_login_attempts": _("For mange forsøg. Vent lidt, og prøv igen."),
        "unknown_email": _("Der er ingen bruger i Jobbro med den e-mailadresse."),
        "rate_limited": _("For mange forsøg på kort tid. Vent lidt, og prøv igen."),
        "same_as_current": _("Den nye adgangskode skal være en anden end den nuværende."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People are invited into a jobcenter (accounts.invitations); nobody signs up.
        return False

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        words = {
            "reauthenticate": _("Brug din adgangskode"),
            "mfa_reauthenticate": _("Brug koden fra godkenderappen eller en gendannelseskode"),
        }
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = words.get(method["id"], method["description"])
        return methods

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from accounts.models import User

        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        super().send_mail(
            template_prefix,
            email,
            {"site_name": SITE_NAME, "user": user, "jobcenters": jobcenter_names(user), **context},
        )

    def send_notification_mail(
        self,
        template_prefix: str,
        user: AbstractBaseUser,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email=email
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("Forkert kode. Skriv den kode på 6 cifre, som appen viser nu."),
        "cannot_delete_authenticator": _("Du kan ikke slå totrinsbekræftelse fra."),
        "unverified_email": _(
            "Din e-mailadresse er ikke bekræftet endnu, så du kan ikke slå "
            "totrinsbekræftelse til. Kontakt jobcentrets administrator."
        ),
        "add_email_blocked": _("Din e-mailadresse ændres af jobcentrets administrator."),
        "cannot_generate_recovery_codes": _(
            "Du kan kun lave gendannelseskoder, når totrinsbekræftelse er slået til."
        ),
    }

    def get_totp_issuer(self) -> str:
        return SITE_NAME
