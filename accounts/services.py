"""Writes for accounts: every change goes through here (STYLE.md, "Where logic lives")."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import security, working_days
from accounts.models import (
    ApiToken,
    Jobcenter,
    Membership,
    PlatformAudit,
    Role,
    Team,
    User,
    default_board_label,
)
from accounts.tenancy import current_tenant_id, tenant_scope
from accounts.tokens import display_prefix, hash_token, new_token

# The access log is kept at least this long (DESIGN.md section 5; a database constraint too).
MIN_ACCESS_LOG_RETENTION_MONTHS = 6
ACCESS_LOG_RETENTION_TOO_SHORT = gettext_lazy("Adgangsloggen skal gemmes i mindst 6 måneder.")


class DomainError(Exception):
    """A rule of the domain was broken; the message is for the user."""


def _api_token_make(
    *, membership: Membership, name: str, read_only: bool, created_by: User | None
) -> tuple[ApiToken, str]:
    plain = new_token()
    token = ApiToken(
        tenant_id=membership.tenant_id,
        membership=membership,
        name=name.strip() or "API",
        prefix=display_prefix(plain),
        key_hash=hash_token(plain),
        read_only=read_only,
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return token, plain


@transaction.atomic
def api_token_create(
    *, actor: User, membership: Membership, name: str, read_only: bool
) -> tuple[ApiToken, str]:
    """A person makes a token for themselves; return it with the plain token, which is never
    stored. Nobody makes a token in someone else's name, not even the jobcenter's admin: what
    a token reads is logged as its owner's reads. Only roles that may use the API get one."""
    if membership.user_id != actor.pk:
        raise PermissionDenied(_("Du kan kun lave API-nøgler til dig selv."))
    if not membership.is_active or not membership.can("api.own_tokens"):
        raise PermissionDenied(_("Din rolle i jobcentret kan ikke bruge API'et."))
    return _api_token_make(membership=membership, name=name, read_only=read_only, created_by=actor)


@transaction.atomic
def api_token_create_by_operator(
    *, operator: str, reason: str, membership: Membership, name: str, read_only: bool
) -> tuple[ApiToken, str]:
    """The platform operator's tool (manage.py create_api_token): a token for any active
    member, written in the platform audit with who made it, for whom and why."""
    if not reason.strip():
        raise ValueError("A token made by the operator needs a reason.")
    if not membership.is_active:
        raise ValidationError(_("Medlemmet er ikke aktivt."))
    token, plain = _api_token_make(
        membership=membership, name=name, read_only=read_only, created_by=None
    )
    PlatformAudit.objects.create(
        actor=operator[:254],
        reason=(
            f"API token {token.name!r} ({token.prefix}…, "
            f"{'read-only' if read_only else 'read-write'}) made for {membership.user.email} "
            f"in {membership.tenant.slug}: {reason.strip()}"
        )[:500],
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- The jobcenter's own administration (Indstillinger) -------------------------------------


def _employer_company(role: str, company_cvr: str) -> Any:
    """The company an employer contact speaks for, found by its CVR in this jobcenter."""
    from companies.models import Company

    if role != Role.EMPLOYER:
        return None
    cvr = company_cvr.replace(" ", "")
    if not cvr:
        raise ValidationError(
            {"company_cvr": _("Skriv CVR-nummeret på den virksomhed, kontakten hører til.")}
        )
    company = Company.objects.filter(cvr=cvr).first()
    if company is None:
        raise ValidationError(
            {
                "company_cvr": _("Ingen virksomhed i registret har CVR-nummer %(cvr)s.")
                % {"cvr": cvr}
            }
        )
    return company


def normalize_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def check_not_a_member(*, tenant: Jobcenter, email: str) -> User | None:
    """The user with this address, if any; refused when they are a member here already."""
    user = User.objects.filter(email__iexact=email).first()
    existing = Membership.objects.filter(tenant=tenant, user=user).first() if user else None
    if existing is not None:
        message = (
            _("%(email)s er allerede medlem af %(jobcenter)s.")
            if existing.is_active
            else _(
                "%(email)s er allerede medlem af %(jobcenter)s, men er deaktiveret. Ret "
                "medlemmet i listen og gør det aktivt igen."
            )
        )
        raise ValidationError({"email": message % {"email": email, "jobcenter": tenant.name}})
    return user


def require_user_admin(*, actor: User, tenant: Jobcenter) -> None:
    """Only the jobcenter's own admins manage its people (the views check it too)."""
    admin = Membership.objects.filter(
        tenant=tenant, user=actor, is_active=True, role=Role.ADMIN
    ).exists()
    if not admin or not actor.is_active:
        raise PermissionDenied


def user_create(*, email: str, name: str, password: str | None) -> User:
    """A new user whose address is known to be theirs (an accepted invitation, or demo and
    test data): allauth's record of it is marked verified and primary."""
    from allauth.account.models import EmailAddress

    user = User(email=normalize_email(email), name=name.strip())
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def user_mark_address_verified(*, user: User) -> None:
    """The person has shown that the user's address is theirs (they opened a link sent to it):
    allauth's record of the address says so, and no other address remains a way in."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True, primary=True
    )
    if not updated:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


@transaction.atomic
def membership_seed(
    *,
    tenant: Jobcenter,
    email: str,
    name: str,
    role: str,
    team: Team | None = None,
    company: Any = None,
    password: str | None = None,
) -> Membership:
    """For demo data and tests only: a member made at once, without an invitation. People
    added in Jobbro itself are invited (accounts.invitations), so that nobody gets a membership
    for an address they have not shown to be theirs."""
    user = User.objects.filter(email__iexact=email).first() or user_create(
        email=email, name=name, password=password
    )
    with tenant_scope(tenant):
        # Saved as given, without the form rules (tests make employer contacts without a
        # company); the database's own constraints still hold.
        return Membership.objects.create(
            tenant=tenant, user=user, role=role, team=team, company=company
        )


def platform_audit(*, actor: User, action: str, reason: str) -> PlatformAudit:
    """Record what platform staff did to users, memberships or second factors, and why. An
    action without a reason is refused."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv, hvorfor du gør det.")})
    return PlatformAudit.objects.create(
        actor=str(actor.email)[:254], reason=f"{action} Begrundelse: {reason}"[:500]
    )


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    role: str,
    team: Team | None,
    is_active: bool,
    company_cvr: str | None = None,
) -> Membership:
    """Change a member's role, team or status in this jobcenter. Deactivating ends their
    access here only: their user and their memberships elsewhere are untouched."""
    # Lock the active admins first (always in the same order), so two admins demoting each
    # other at the same time cannot both succeed and leave the jobcenter without one.
    active_admins = list(
        Membership.objects.select_for_update()
        .filter(tenant_id=membership.tenant_id, role=Role.ADMIN, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    current = Membership.objects.select_for_update().get(pk=membership.pk)
    stays_admin = role == Role.ADMIN and is_active
    if current.pk in active_admins and not stays_admin and len(active_admins) == 1:
        raise ValidationError(
            _(
                "%(name)s er jobcentrets eneste aktive administrator. Gør en anden til "
                "administrator først, så jobcentret ikke står uden."
            )
            % {"name": membership.user}
        )
    current.role = role
    current.team = team
    current.is_active = is_active
    if company_cvr is not None or role != Role.EMPLOYER:
        current.company = _employer_company(role, company_cvr or "")
    current.full_clean()
    current.save(update_fields=["role", "team", "is_active", "company"])
    return current


def membership_sign_in_unblock(*, actor: User, membership: Membership) -> bool:
    """Lift the block on a member's sign-in (five failed attempts block an account for 24
    hours), as an admin of the member's jobcenter. The block is on the person's account, so it
    lifts wherever they sign in; accounts.security logs who lifted it. True if it was blocked."""
    if membership.tenant_id != current_tenant_id():
        raise PermissionDenied
    return (
        security.lockout_reset(
            actor=f"{actor.email} (user {actor.pk}, admin of jobcenter {membership.tenant_id})",
            account=membership.user.email,
        )
        > 0
    )


def _team_name_taken(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("Der findes allerede et team med navnet »%(name)s«.") % {"name": name}}
    )


def _check_team_name_free(*, name: str, team: Team | None = None) -> None:
    others = Team.objects.filter(name__iexact=name)
    if team is not None:
        others = others.exclude(pk=team.pk)
    if others.exists():
        raise _team_name_taken(name)


def _save_team(team: Team, **kwargs: Any) -> None:
    # Two admins naming a team at the same moment both pass the check above; the database's
    # unique constraint decides, and the loser gets the same message.
    try:
        with transaction.atomic():
            team.save(**kwargs)
    except IntegrityError as error:
        raise _team_name_taken(team.name) from error


@transaction.atomic
def team_create(*, actor: User, tenant: Jobcenter, name: str) -> Team:
    name = name.strip()
    _check_team_name_free(name=name)
    team = Team(tenant=tenant, name=name)
    team.full_clean()
    _save_team(team)
    return team


@transaction.atomic
def team_rename(*, actor: User, team: Team, name: str) -> Team:
    name = name.strip()
    _check_team_name_free(name=name, team=team)
    current = Team.objects.select_for_update().get(pk=team.pk)
    current.name = name
    current.full_clean()
    _save_team(current, update_fields=["name"])
    return current


@transaction.atomic
def team_delete(*, actor: User, team: Team) -> None:
    """Delete the team; its members stay in the jobcenter, without a team."""
    Membership.objects.filter(team=team).update(team=None)
    team.delete()


@transaction.atomic
def jobcenter_update(
    *,
    actor: User,
    jobcenter: Jobcenter,
    name: str,
    board_label: str,
    access_log_retention_months: int,
    candidate_retention_years: int,
    contact_warning_days: int | None = None,
    opening_take_up_days: int | None = None,
    priority_labels: list[str] | None = None,
    closing_days: list[str] | None = None,
) -> Jobcenter:
    """Change the jobcenter's own settings. Jobcenter is global, so the scope is checked
    here: an admin may only change the jobcenter they are working in."""
    if jobcenter.pk != current_tenant_id():
        raise PermissionDenied
    if access_log_retention_months < MIN_ACCESS_LOG_RETENTION_MONTHS:
        raise ValidationError(
            {"access_log_retention_months": ACCESS_LOG_RETENTION_TOO_SHORT},
            code="min_value",
        )
    current = Jobcenter.objects.select_for_update().get(pk=jobcenter.pk)
    current.name = name.strip()
    current.board_label = board_label.strip() or default_board_label()
    current.access_log_retention_months = access_log_retention_months
    current.candidate_retention_years = candidate_retention_years
    if contact_warning_days is not None:
        current.contact_warning_days = contact_warning_days
    if opening_take_up_days is not None:
        current.opening_take_up_days = opening_take_up_days
    if closing_days is not None:
        try:
            current.closing_days = working_days.parse_closing_days(",".join(closing_days))
        except ValidationError as error:
            raise ValidationError({"closing_days": error.messages}) from None
    if priority_labels is not None:
        labels = [label.strip() for label in priority_labels]
        if len(labels) != 4 or not all(labels):
            raise ValidationError(
                {"priority_labels": _("Giv alle fire prioritetsgrupper et navn.")}
            )
        current.priority_labels = labels
    current.full_clean()
    current.save(
        update_fields=[
            "name",
            "board_label",
            "access_log_retention_months",
            "candidate_retention_years",
            "contact_warning_days",
            "opening_take_up_days",
            "priority_labels",
            "closing_days",
        ]
    )
    return current


def user_set_reminder_emails(*, user: User, on: bool) -> User:
    """A person turns their daily reminder e-mail on or off (placements.reminders); the
    bell's notifications come either way."""
    User.objects.filter(pk=user.pk).update(reminder_emails=on)
    user.reminder_emails = on
    return user
