"""Writes for attendance: recorded by staff from the invitation list (or by hand), or by the
participant at the door with the meeting's QR code or short code, which also gives the phone
its participant token for the votes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.tenancy import tenant_scope
from accounts.tokens import hash_token
from companies.models import Company, CompanyKind, ContactPerson, ContactRole, validate_cvr
from networks import tokens
from networks.models import (
    CHECKIN_OPENS_BEFORE,
    Attendance,
    Category,
    Level,
    Meeting,
    MeetingInvitation,
    ParticipantToken,
    Source,
    person_key_expression,
)
from networks.services.networks import clean_text


@dataclass(frozen=True)
class CheckIn:
    attendance: Attendance
    # The phone's participant token: shown to it once, never stored.
    secret: str


def category_for(organisation: Company | None) -> str:
    """A person from an employer represents a company; everyone else (education, business
    organisations, unions, the jobcenter) is another actor (002's Table 1)."""
    if organisation is not None and organisation.kind == CompanyKind.EMPLOYER:
        return Category.COMPANY_REP
    return Category.OTHER_ACTOR


def level_for(contact: ContactPerson | None) -> str:
    if contact is None:
        return ""
    if contact.role in (ContactRole.OWNER, ContactRole.MANAGER):
        return Level.OWNER_MANAGER
    if contact.role == ContactRole.HR:
        return Level.HR
    return Level.EMPLOYEE


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _recordable(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("Mødet er aflyst."), code="cancelled")
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _("Fremmøde registreres på mødedagen (%(date)s) eller senere.")
            % {"date": meeting.date.strftime("%d.%m.%Y")}
        )


def _check_choices(category: str, level: str) -> None:
    if category not in Category.values:
        raise ValidationError(
            {
                "category": _(
                    "Vælg, om personen repræsenterer en virksomhed eller er en anden aktør."
                )
            }
        )
    if level and level not in Level.values:
        raise ValidationError({"level": _("Vælg ejer eller leder, HR eller medarbejder.")})


def _existing(meeting: Meeting, attendance: Attendance) -> Attendance | None:
    """The attendance of the same person at the meeting, found with the database's own
    person key, so it agrees with the unique constraint."""
    key = person_key_expression(
        Value(attendance.contact_id),
        Value(attendance.user_id),
        Value(attendance.email),
        Value(attendance.name),
        Value(attendance.organisation_name),
    )
    return Attendance.objects.filter(meeting=meeting, person_key=key).first()


def _insert(meeting: Meeting, attendance: Attendance) -> Attendance | None:
    """Save a new attendance; None when the person is already recorded at the meeting."""
    if _existing(meeting, attendance) is not None:
        return None
    attendance.full_clean(exclude=["tenant", "meeting", "invitation"], validate_constraints=False)
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        # Recorded a moment ago by someone else (the list and the phone at the same time).
        return None
    return attendance


@transaction.atomic
def attendance_from_invitations(
    *,
    actor: User | None,
    meeting: Meeting,
    invitations: Iterable[MeetingInvitation],
    category: str | None = None,
    level: str | None = None,
) -> list[Attendance]:
    """Tick people off the invitation list. The category and level follow from the register
    (an employer's contact is a company representative; HR is HR) unless given. Someone
    already recorded is left as they are. Returns the new attendances."""
    current = _lock(meeting)
    _recordable(current)
    made = []
    for invitation in invitations:
        if invitation.meeting_id != current.pk:
            raise ValidationError(
                {
                    "invitations": _("%(name)s er inviteret til et andet møde.")
                    % {"name": invitation.name}
                }
            )
        member = invitation.member
        attendance = Attendance(
            meeting=current,
            invitation=invitation,
            contact=member.contact,
            user=member.user,
            name=invitation.name,
            email=invitation.email,
            organisation=member.organisation,
            organisation_name=member.organisation.name if member.organisation_id else "",
            category=category or category_for(member.organisation),
            level=level if level is not None else level_for(member.contact),
            source=Source.INVITATION_LIST,
            recorded_by=actor,
        )
        _check_choices(attendance.category, attendance.level)
        saved = _insert(current, attendance)
        if saved is not None:
            made.append(saved)
    return made


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    meeting: Meeting,
    name: str = "",
    contact: ContactPerson | None = None,
    user: User | None = None,
    organisation: Company | None = None,
    organisation_name: str = "",
    email: str = "",
    category: str | None = None,
    level: str = "",
) -> Attendance:
    """Record someone who came without being on the invitation list."""
    current = _lock(meeting)
    _recordable(current)
    if contact is not None:
        organisation = contact.company
        name = name or contact.name
        email = email or contact.email
    if user is not None:
        name = name or user.name or user.email
        email = email or user.email
    attendance = Attendance(
        meeting=current,
        contact=contact,
        user=user,
        name=clean_text(name),
        email=clean_text(email),
        organisation=organisation,
        organisation_name=organisation.name if organisation else clean_text(organisation_name),
        category=category or category_for(organisation),
        level=level or level_for(contact),
        source=Source.MANUAL,
        recorded_by=actor,
    )
    if not attendance.name:
        raise ValidationError({"name": _("Skriv personens navn.")})
    _check_choices(attendance.category, attendance.level)
    saved = _insert(current, attendance)
    if saved is None:
        raise ValidationError(
            {"name": _("%(name)s er allerede registreret på mødet.") % {"name": attendance.name}}
        )
    return saved


@transaction.atomic
def attendance_update(
    *, actor: User | None, attendance: Attendance, category: str, level: str
) -> Attendance:
    current = Attendance.objects.select_for_update().get(pk=attendance.pk)
    _check_choices(category, level)
    current.category, current.level = category, level
    current.save(update_fields=["category", "level"])
    return current


@transaction.atomic
def attendance_remove(*, actor: User | None, attendance: Attendance) -> None:
    """Take back an attendance recorded by mistake; not once the person has voted (their
    ballot would go with it)."""
    current = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if current.ballots.exists():
        raise ValidationError(
            _("%(name)s har stemt på mødet; fremmødet kan ikke fjernes.") % {"name": current.name}
        )
    ParticipantToken.objects.filter(attendance=current).delete()
    current.delete()


# --- Self check-in and participant tokens ---------------------------------------------------


def _issue(attendance: Attendance) -> str:
    secret, key_hash = tokens.new_participant_secret()
    ParticipantToken.objects.filter(attendance=attendance).delete()
    ParticipantToken.objects.create(
        attendance=attendance, meeting_id=attendance.meeting_id, token_hash=key_hash
    )
    return secret


@transaction.atomic
def participant_token_issue(*, actor: User | None, attendance: Attendance) -> str:
    """A new participant token for someone at the meeting (their phone lost the first one):
    the facilitator shows it to them; the old one stops working."""
    current = Attendance.objects.select_for_update().select_related("meeting").get(pk=attendance.pk)
    if current.meeting.has_ended():
        raise ValidationError(_("Mødet er slut."))
    return _issue(current)


def _checkin_errors(meeting: Meeting) -> None:
    now = timezone.now()
    if meeting.is_cancelled:
        raise ValidationError(_("Mødet er aflyst."), code="cancelled")
    if meeting.has_ended(now):
        raise ValidationError(
            _("Mødet den %(date)s er slut. Du kan ikke længere tjekke ind.")
            % {"date": meeting.date.strftime("%d.%m.%Y")},
            code="passed",
        )
    if not meeting.checkin_is_open(now):
        opens = timezone.localtime(meeting.starts() - CHECKIN_OPENS_BEFORE)
        raise ValidationError(
            _("Indtjekningen åbner den %(date)s kl. %(time)s.")
            % {"date": opens.strftime("%d.%m.%Y"), "time": opens.strftime("%H.%M")},
            code="not_yet",
        )


def meeting_check_in(
    *,
    meeting: Meeting,
    name: str,
    category: str,
    level: str = "",
    email: str = "",
    organisation_name: str = "",
    cvr: str = "",
) -> CheckIn:
    """A participant checks in from their phone (the meeting came from its QR code or typed
    code, networks.tokens). An e-mail address that an invitation to this meeting went to
    links them to the invitee; a CVR number in the register, to the company. Returns the
    attendance and the phone's participant token.

    Someone recorded already (from the list) gets their token here, once: a second phone for
    the same person is refused, and the facilitator can give a new token instead."""
    name, email = clean_text(name), clean_text(email).lower()
    organisation_name, cvr = clean_text(organisation_name), "".join(cvr.split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Skriv dit navn.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Skriv en gyldig e-mailadresse, eller lad feltet stå tomt.")
    if cvr:
        try:
            validate_cvr(cvr)
        except ValidationError:
            errors["cvr"] = _(
                "Et CVR-nummer er otte cifre. Lad feltet stå tomt, hvis du ikke kender det."
            )
    if category not in Category.values:
        errors["category"] = _("Vælg, om du repræsenterer en virksomhed eller er en anden aktør.")
    if level and level not in Level.values:
        errors["level"] = _("Vælg ejer eller leder, HR eller medarbejder.")
    if errors:
        raise ValidationError(errors)
    with tenant_scope(meeting.tenant_id):
        current = Meeting.objects.get(pk=meeting.pk)
        _checkin_errors(current)
        invitation = None
        if email:
            invitation = (
                MeetingInvitation.objects.select_related(
                    "member__organisation", "member__contact", "member__user"
                )
                .filter(meeting=current, email__iexact=email)
                .first()
            )
        organisation = Company.objects.filter(cvr=cvr).first() if cvr else None
        attendance = Attendance(
            meeting=current,
            name=name,
            email=email,
            organisation=organisation,
            organisation_name=organisation.name if organisation else organisation_name,
            organisation_cvr="" if organisation else cvr,
            category=category,
            level=level,
            source=Source.SELF_CHECK_IN,
        )
        if invitation is not None:
            member = invitation.member
            attendance.invitation = invitation
            attendance.contact, attendance.user = member.contact, member.user
            if member.organisation_id:
                attendance.organisation = member.organisation
                attendance.organisation_name = member.organisation.name
                attendance.organisation_cvr = ""
        existing = _existing(current, attendance)
        if existing is None:
            saved = _insert(current, attendance)
            existing = saved or _existing(current, attendance)
            if saved is not None:
                return CheckIn(saved, _issue(saved))
        assert existing is not None  # noqa: S101 - _insert found it taken, so it exists
        locked = Attendance.objects.select_for_update().get(pk=existing.pk)
        if ParticipantToken.objects.filter(attendance=locked).exists():
            raise ValidationError(
                _(
                    "Du er allerede tjekket ind. Brug den telefon, du tjekkede ind med, eller "
                    "spørg mødelederen om en ny kode."
                ),
                code="already_checked_in",
            )
        return CheckIn(locked, _issue(locked))


def _join_code_taken(meeting: Meeting, code_hash: str) -> bool:
    """Another meeting, in any jobcenter, whose check-in is open has the same code."""
    with tokens.visible_by_hash(code_hash):
        others = list(
            Meeting.by_hash.filter(join_code_hash=code_hash, cancelled_at__isnull=True).exclude(
                pk=meeting.pk
            )
        )
    # Check-in opens two hours before a meeting starts and closes when it ends: meetings more
    # than a day apart can never be open at the same time.
    return any(abs((other.date - meeting.date).days) <= 1 for other in others)


@transaction.atomic
def meeting_join_code(*, actor: User | None, meeting: Meeting) -> str:
    """The short code participants type instead of scanning the QR code. Made the first time
    it is asked for; unique among the meetings whose check-in is open."""
    current = _lock(meeting)
    code = tokens.join_code(current)
    if current.join_code_hash == tokens.join_code_hash(code):
        return code
    for _attempt in range(20):
        code = tokens.join_code(current)
        code_hash = tokens.join_code_hash(code)
        if not _join_code_taken(current, code_hash):
            current.join_code_hash = code_hash
            current.save(update_fields=["join_code_hash", "join_code_generation"])
            return code
        current.join_code_generation += 1
    raise RuntimeError("No free join code after 20 attempts.")  # about 1 in 10**180


@dataclass(frozen=True)
class CheckinCodes:
    secret: str  # in the QR code's address (networks.links.checkin_url)
    code: str  # typed at networks.links.join_url()


@transaction.atomic
def meeting_checkin_codes(*, actor: User | None, meeting: Meeting) -> CheckinCodes:
    """What the facilitator's screen shows: the QR code's secret and the short code, derived
    again (neither is stored). Their hashes are brought up to date first, so a changed server
    key gives a screen that works (links made with the old key stop working)."""
    current = _lock(meeting)
    secret = tokens.checkin_secret(current)
    if current.checkin_hash != hash_token(secret):
        current.checkin_hash = hash_token(secret)
        current.save(update_fields=["checkin_hash"])
    return CheckinCodes(secret=secret, code=meeting_join_code(actor=actor, meeting=current))


@transaction.atomic
def meeting_checkin_renew(*, actor: User | None, meeting: Meeting) -> Meeting:
    """New QR code and short code for the meeting (the old ones stop working, e.g. when a
    photo of the screen went round); participants keep their tokens."""
    current = _lock(meeting)
    current.checkin_generation += 1
    current.checkin_hash = hash_token(tokens.checkin_secret(current))
    had_code = bool(current.join_code_hash)
    current.join_code_generation += 1
    current.join_code_hash = ""
    current.save(
        update_fields=[
            "checkin_generation",
            "checkin_hash",
            "join_code_generation",
            "join_code_hash",
        ]
    )
    if had_code:
        meeting_join_code(actor=actor, meeting=current)
    return current
