"""Changing a member's sign-in address: only a jobcenter admin does it (nobody sets their own),
and only for people whose memberships are all in that jobcenter. A user is shared by every
jobcenter they work for, so one jobcenter changing the address of someone who also works
elsewhere would hand over their access there too: that is for platform staff.

The change takes effect when the person confirms it: they open the link sent to the new
address while signed in as themselves (with the old address), which shows that both the new
mailbox and the account are theirs. The old address is told at once. Every request stays as
a row of `EmailChange`: who asked, when, the old and the new address, and what became of it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services
from accounts.models import EmailChange, Membership, User
from accounts.tenancy import current_tenant_id, set_db_link, set_db_user, tenant_scope
from accounts.tokens import hash_token

SECRET_PREFIX = "jbadr_"  # noqa: S105 - a marker, not a secret
VALID_FOR = timedelta(days=3)


class EmailChangeUnusable(Exception):  # noqa: N818 - a state the page explains, not a bug
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    CANCELLED = "cancelled"
    SHARED = "shared"
    TAKEN = "taken"

    def __init__(self, reason: str, change: EmailChange | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.change = change


def confirm_path(secret: str) -> str:
    return reverse("email_change_confirm", kwargs={"token": secret})


def works_elsewhere(*, user: User, tenant_id: int) -> bool:
    """Whether the user has a membership (active or not) in another jobcenter. The database
    shows a user's memberships in every jobcenter only while app.user_id names them."""
    with transaction.atomic():
        set_db_user(user.pk)
        try:
            return (
                Membership.across_jobcenters.filter(user=user).exclude(tenant_id=tenant_id).exists()
            )
        finally:
            set_db_user(None)


def _address_taken(email: str, user: User) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


SHARED_MESSAGE = gettext_lazy(
    "%(name)s arbejder også for et andet jobcenter i Jobbro, og adressen gælder alle steder. "
    "Derfor kan kun Jobbros platformsadministratorer ændre den."
)


@transaction.atomic
def email_change_request(*, actor: User, membership: Membership, new_email: str) -> EmailChange:
    """An admin asks to change a member's address. Nothing changes until the new address
    confirms; a change already waiting for that member is cancelled."""
    tenant = membership.tenant
    services.require_user_admin(actor=actor, tenant=tenant)
    user = User.objects.select_for_update().get(pk=membership.user_id)
    new_email = services.normalize_email(new_email)
    if user.pk == actor.pk:
        raise ValidationError(
            _(
                "Du kan ikke ændre din egen adresse. Bed en anden administrator i jobcentret "
                "om det, eller Jobbros platformsadministratorer, hvis der ikke er andre."
            )
        )
    if new_email == user.email.lower():
        raise ValidationError({"new_email": _("Det er personens adresse nu.")})
    if works_elsewhere(user=user, tenant_id=tenant.pk):
        raise ValidationError(SHARED_MESSAGE % {"name": user})
    if _address_taken(new_email, user):
        raise ValidationError({"new_email": _("Adressen bruges allerede af en anden i Jobbro.")})
    now = timezone.now()
    EmailChange.objects.filter(
        user=user, confirmed_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    change = EmailChange(
        tenant=tenant,
        user=user,
        old_email=user.email,
        new_email=new_email,
        requested_by=actor,
        requested_at=now,
        expires_at=now + VALID_FOR,
        token_hash=hash_token(secret),
    )
    change.full_clean(validate_constraints=False)
    change.save()
    _send(change, secret)
    return change


@transaction.atomic
def email_change_cancel(*, actor: User, change: EmailChange) -> EmailChange:
    services.require_user_admin(actor=actor, tenant=change.tenant)
    current = EmailChange.objects.select_for_update().get(pk=change.pk)
    if current.is_pending:
        current.cancelled_at = timezone.now()
        current.save(update_fields=["cancelled_at"])
    return current


def email_change_list(*, user: User) -> QuerySet[EmailChange]:
    """The record of a member's address changes in the current jobcenter, newest first."""
    return (
        EmailChange.objects.filter(user=user, tenant_id=current_tenant_id())
        .select_related("requested_by")
        .order_by("-requested_at")
    )


def email_change_find(*, token: str) -> EmailChange | None:
    """The change with this link's secret, whatever its state and jobcenter, or None (found
    outside any tenant scope by the extra_read policy on its hash)."""
    if not token.startswith(SECRET_PREFIX) or len(token) > 100:
        return None
    token_hash = hash_token(token)
    with transaction.atomic():
        set_db_link(token_hash)
        change = (
            EmailChange.by_hash.select_related("tenant", "user", "requested_by")
            .filter(token_hash=token_hash, tenant__is_active=True)
            .first()
        )
        set_db_link("")
    return change


def email_change_confirm(*, token: str, user: User) -> EmailChange:
    """The person, signed in as themselves, confirms from the new address: the address is
    changed, and allauth's record of it follows (verified, the only one)."""
    change = email_change_find(token=token)
    if change is None:
        raise EmailChangeUnusable(EmailChangeUnusable.UNKNOWN)
    if change.user_id != user.pk or not user.is_active:
        raise PermissionDenied
    with tenant_scope(change.tenant_id):
        current = EmailChange.objects.select_for_update().get(pk=change.pk)
        if current.confirmed_at is not None:
            raise EmailChangeUnusable(EmailChangeUnusable.USED, current)
        if current.cancelled_at is not None:
            raise EmailChangeUnusable(EmailChangeUnusable.CANCELLED, current)
        if current.expires_at <= timezone.now():
            raise EmailChangeUnusable(EmailChangeUnusable.EXPIRED, current)
        locked = User.objects.select_for_update().get(pk=user.pk)
        if works_elsewhere(user=locked, tenant_id=current.tenant_id):
            raise EmailChangeUnusable(EmailChangeUnusable.SHARED, current)
        if _address_taken(current.new_email, locked):
            raise EmailChangeUnusable(EmailChangeUnusable.TAKEN, current)
        locked.email = current.new_email
        try:
            with transaction.atomic():
                locked.full_clean()
                locked.save(update_fields=["email"])
        except (IntegrityError, ValidationError) as error:
            raise EmailChangeUnusable(EmailChangeUnusable.TAKEN, current) from error
        services.user_mark_address_verified(user=locked)
        current.confirmed_at = timezone.now()
        current.save(update_fields=["confirmed_at"])
        user.email = locked.email
        return current


# --- The e-mails ----------------------------------------------------------------------------


def _send(change: EmailChange, secret: str) -> None:
    """The link to the new address, and word to the old one, in Danish (text and HTML)."""
    requester = change.requested_by
    with translation.override(settings.LANGUAGE_CODE):
        context: dict[str, Any] = {
            "change": change,
            "jobcenter": change.tenant,
            "requester": (requester.name or requester.email) if requester else "",
            "url": settings.SITE_URL + confirm_path(secret),
            "expires": timezone.localtime(change.expires_at),
        }
        messages = []
        for template, subject, to in (
            (
                "accounts/email/email_change_confirm",
                _("Bekræft din nye e-mailadresse i Jobbro"),
                change.new_email,
            ),
            (
                "accounts/email/email_change_notice",
                _("Din e-mailadresse i Jobbro er ved at blive ændret"),
                change.old_email,
            ),
        ):
            message = EmailMultiAlternatives(
                subject=subject, body=render_to_string(f"{template}.txt", context), to=[to]
            )
            message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
            messages.append(message)
    for message in messages:
        message.send()
