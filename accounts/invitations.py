"""Invitations: the only way into a jobcenter (besides demo and test data).

A jobcenter admin (Indstillinger → Brugere → Invitér), or platform staff for a new jobcenter's
first admin, invites an address. The invitee gets a link, `/invitation/<secret>/`, and by
opening it shows that the address is theirs; only then is a membership made. Someone new to
Jobbro chooses a password there (and staff go on to enrol their authenticator app); someone
who already has a user in Jobbro (they work for another jobcenter too) must be signed in as
that user to accept, so a link that reaches the wrong hands cannot add a membership to
another person's account.

The link's secret has 256 random bits and only its SHA-256 is stored, as for API tokens and
calendar feeds; the link names nobody. Resending makes a new secret (the old link stops
working) and a new expiry.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services
from accounts.models import Invitation, Jobcenter, Membership, Role, Team, User
from accounts.tenancy import set_db_link, tenant_scope
from accounts.tokens import hash_token

SECRET_PREFIX = "jbinv_"  # noqa: S105 - a marker, not a secret
VALID_FOR = timedelta(days=14)


class InvitationUnusable(Exception):  # noqa: N818 - a state the page explains, not a bug
    """The link cannot be used (any more); `reason` says why, for the page the invitee sees."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    HAS_MEMBERS = "has_members"
    ALREADY_MEMBER = "already_member"
    USER_EXISTS = "user_exists"

    def __init__(self, reason: str, invitation: Invitation | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


INVITATION_TAKEN = gettext_lazy(
    "Der er allerede sendt en invitation til %(email)s, som gælder til %(date)s. Send den "
    "igen fra listen over invitationer, hvis den er blevet væk."
)


def accept_path(secret: str) -> str:
    return reverse("invitation_accept", kwargs={"token": secret})


def _new_secret() -> tuple[str, str]:
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    return secret, hash_token(secret)


def _taken(email: str, expires_at: Any) -> ValidationError:
    date = timezone.localtime(expires_at).strftime("%d.%m.%Y")
    return ValidationError({"email": INVITATION_TAKEN % {"email": email, "date": date}})


def _open_for(tenant: Jobcenter, email: str) -> Invitation | None:
    return (
        Invitation.objects.select_for_update()
        .filter(tenant=tenant, email=email, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )


def _save_new(invitation: Invitation) -> None:
    # Two admins inviting the same address at once both pass the check; the database's
    # unique constraint on open invitations decides.
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:
        raise _taken(invitation.email, invitation.expires_at) from error


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    tenant: Jobcenter,
    email: str,
    name: str,
    role: str,
    team: Team | None,
    company_cvr: str = "",
) -> Invitation:
    """Invite a person to the jobcenter with a role (and team, or company for an employer
    contact) and e-mail them the link. Nothing else changes until they accept."""
    services.require_user_admin(actor=actor, tenant=tenant)
    email = services.normalize_email(email)
    services.check_not_a_member(tenant=tenant, email=email)
    company = services._employer_company(role, company_cvr)
    earlier = _open_for(tenant, email)
    if earlier is not None:
        if not earlier.is_expired:
            raise _taken(email, earlier.expires_at)
        earlier.revoked_at = timezone.now()
        earlier.save(update_fields=["revoked_at"])
    secret, token_hash = _new_secret()
    now = timezone.now()
    invitation = Invitation(
        tenant=tenant,
        email=email,
        name=name.strip(),
        role=role,
        team=team,
        company=company,
        invited_by=actor,
        sent_at=now,
        expires_at=now + VALID_FOR,
        token_hash=token_hash,
    )
    invitation.full_clean(validate_constraints=False)
    _save_new(invitation)
    _send(invitation, secret)
    return invitation


@transaction.atomic
def invitation_create_first_admin(
    *, actor: User, jobcenter: Jobcenter, email: str, name: str, reason: str
) -> Invitation:
    """Platform staff invite a new jobcenter's first admin. Refused for a jobcenter that has
    members (its own admins invite from then on), and written to PlatformAudit with the
    reason. The invitation, too, can only be accepted while the jobcenter has no members."""
    if not actor.is_staff:
        raise PermissionDenied
    email = services.normalize_email(email)
    with tenant_scope(jobcenter):
        if Membership.objects.exists():
            raise ValidationError(
                {
                    "first_admin_email": _(
                        "%(jobcenter)s har allerede medlemmer. Jobcentrets egne "
                        "administratorer inviterer nye personer under Indstillinger → Brugere."
                    )
                    % {"jobcenter": jobcenter.name}
                }
            )
        earlier = _open_for(jobcenter, email)
        if earlier is not None:
            earlier.revoked_at = timezone.now()
            earlier.save(update_fields=["revoked_at"])
        secret, token_hash = _new_secret()
        now = timezone.now()
        invitation = Invitation(
            tenant=jobcenter,
            email=email,
            name=name.strip(),
            role=Role.ADMIN,
            first_admin=True,
            invited_by=actor,
            sent_at=now,
            expires_at=now + VALID_FOR,
            token_hash=token_hash,
        )
        invitation.full_clean(validate_constraints=False)
        _save_new(invitation)
        services.platform_audit(
            actor=actor,
            action=(
                f"Inviterede {email} som første administrator af {jobcenter.name} "
                f"({jobcenter.slug})."
            ),
            reason=reason,
        )
        _send(invitation, secret)
    return invitation


@transaction.atomic
def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """Send an open invitation again with a new link and a new expiry; the old link stops
    working."""
    services.require_user_admin(actor=actor, tenant=invitation.tenant)
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not current.is_open:
        raise ValidationError(_("Invitationen er allerede taget imod eller tilbagekaldt."))
    services.check_not_a_member(tenant=current.tenant, email=current.email)
    secret, token_hash = _new_secret()
    now = timezone.now()
    current.token_hash = token_hash
    current.sent_at = now
    current.expires_at = now + VALID_FOR
    current.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _send(current, secret)
    return current


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    services.require_user_admin(actor=actor, tenant=invitation.tenant)
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.is_open:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
    return current


# --- Reads ----------------------------------------------------------------------------------


def invitation_open_list() -> QuerySet[Invitation]:
    """The current jobcenter's invitations not yet accepted or revoked (expired ones too, for
    resending), newest first."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by", "team", "company")
        .order_by("-sent_at")
    )


def invitation_get(*, tenant: Jobcenter, public_id: Any) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("tenant").filter(tenant=tenant), public_id=public_id
    )


def invitation_find(*, token: str) -> Invitation | None:
    """The invitation with this link's secret, whatever its state and jobcenter, or None.
    Runs outside any tenant scope: the database shows this one row only (the extra_read policy
    on its hash)."""
    if not token.startswith(SECRET_PREFIX) or len(token) > 100:
        return None
    token_hash = hash_token(token)
    with transaction.atomic():
        set_db_link(token_hash)
        # Only global rows are joined: the tenant's own tables show nothing outside its scope.
        invitation = (
            Invitation.by_hash.select_related("tenant", "invited_by")
            .filter(token_hash=token_hash, tenant__is_active=True)
            .first()
        )
        set_db_link("")
    return invitation


def existing_user(invitation: Invitation) -> User | None:
    """The user who already has the invited address (they work elsewhere in Jobbro too)."""
    return User.objects.filter(email__iexact=invitation.email).first()


# --- Accepting ------------------------------------------------------------------------------


def _lock_usable(invitation: Invitation) -> Invitation:
    """The invitation, locked, inside its jobcenter's scope; raises when it cannot be used.
    A second submit waits here for the first and then finds it used."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.revoked_at is not None:
        raise InvitationUnusable(InvitationUnusable.REVOKED, current)
    if current.accepted_at is not None:
        raise InvitationUnusable(InvitationUnusable.USED, current)
    if current.expires_at <= timezone.now():
        raise InvitationUnusable(InvitationUnusable.EXPIRED, current)
    if current.first_admin:
        # Two first admins accepting at once: the second waits here and finds a member.
        Jobcenter.objects.select_for_update().filter(pk=current.tenant_id).first()
        if Membership.objects.exists():
            raise InvitationUnusable(InvitationUnusable.HAS_MEMBERS, current)
    return current


def _join(invitation: Invitation, user: User) -> Membership:
    if Membership.objects.filter(user=user).exists():
        raise InvitationUnusable(InvitationUnusable.ALREADY_MEMBER, invitation)
    membership = Membership(
        tenant_id=invitation.tenant_id,
        user=user,
        role=invitation.role,
        team=invitation.team,
        company=invitation.company,
    )
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def check_new_password(*, invitation: Invitation, name: str, password: str) -> None:
    """Django's password rules (AUTH_PASSWORD_VALIDATORS), against the person's own address
    and name too."""
    validate_password(password, user=User(email=invitation.email, name=name))


def invitation_accept_as_new_user(*, token: str, name: str, password: str) -> Membership:
    """Someone new to Jobbro accepts: their user is made with the chosen password and the
    invited address, now shown to be theirs, and the membership with the invited role."""
    invitation = invitation_find(token=token)
    if invitation is None:
        raise InvitationUnusable(InvitationUnusable.UNKNOWN)
    with tenant_scope(invitation.tenant_id):
        current = _lock_usable(invitation)
        if existing_user(current) is not None:
            raise InvitationUnusable(InvitationUnusable.USER_EXISTS, current)
        name = name.strip() or current.name
        check_new_password(invitation=current, name=name, password=password)
        try:
            with transaction.atomic():
                user = services.user_create(email=current.email, name=name, password=password)
        except (IntegrityError, ValidationError) as error:
            # The address got a user in the meantime (another jobcenter's invitation).
            raise InvitationUnusable(InvitationUnusable.USER_EXISTS, current) from error
        return _join(current, user)


def invitation_accept_as_user(*, token: str, user: User) -> Membership:
    """A person who already has a user in Jobbro, signed in as it, accepts: the membership
    is theirs. Refused unless the invited address is that user's address."""
    invitation = invitation_find(token=token)
    if invitation is None:
        raise InvitationUnusable(InvitationUnusable.UNKNOWN)
    if not user.is_active or user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    with tenant_scope(invitation.tenant_id):
        current = _lock_usable(invitation)
        membership = _join(current, user)
        services.user_mark_address_verified(user=user)
        return membership


# --- The e-mail -----------------------------------------------------------------------------


def inviter_name(invitation: Invitation) -> str:
    inviter = invitation.invited_by
    if invitation.first_admin or inviter is None:
        return _("Jobbros platformsadministration")
    return inviter.name or inviter.email


def _send(invitation: Invitation, secret: str) -> None:
    """The invitation in Danish, as plain text and HTML, to the invited address. Sent before
    the transaction commits: if the mail server refuses it, nothing is recorded."""
    jobcenter = invitation.tenant
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "jobcenter": jobcenter,
            "inviter": inviter_name(invitation),
            "role": invitation.get_role_display().lower(),
            "staff": invitation.role != Role.EMPLOYER,
            "url": settings.SITE_URL + accept_path(secret),
            "expires": timezone.localtime(invitation.expires_at),
        }
        subject = _("Invitation til Jobbro fra %(jobcenter)s") % {"jobcenter": jobcenter.name}
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
