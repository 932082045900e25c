"""Networks and their meetings (DOMAIN.md section 3.6): members, meetings with an agenda,
invitations and answers, attendance, live goal voting, the groups' Top-2, collaboration groups
and action items that always have an owner, and role models.

The database is the last guard of every rule a form or a service also checks: agenda items of a
meeting cannot overlap (an exclusion constraint on their time range), a ballot has exactly the
vote's number of distinct picks (a unique constraint and a deferred constraint trigger,
migration 0002), a group's goal is a proposal or the group's own text and never both, a
participant token, a ballot and its picks belong to one meeting (composite foreign keys,
migration 0002), one attendance per person per meeting, and so on. Every table has the tenant
first in its unique constraints and composite indexes, and row-level security."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Cast, Concat, Length, Lower, Trim
from django.db.models.lookups import Exact, GreaterThan, In, IsNull
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantManager, TenantModel
from candidates.models import Candidate, Consent
from companies.models import Company, ContactPerson
from networks import parties
from networks.approx import ApproxDate, Precision


def not_blank(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=GreaterThan(Length(Trim(field)), 0), name=name)


def approx_date_check(prefix: str, name: str) -> models.CheckConstraint:
    """An approximate date is a day and a precision, both or neither, and the day is the first
    of its period (networks.approx)."""
    on, precision = f"{prefix}_on", f"{prefix}_precision"
    month = Func(
        F(on), template="date_part('month', %(expressions)s)", output_field=models.IntegerField()
    )
    first_of_month = Exact(
        Func(
            F(on), template="date_part('day', %(expressions)s)", output_field=models.IntegerField()
        ),
        1,
    )
    return models.CheckConstraint(
        name=name,
        condition=(
            Q(**{f"{on}__isnull": True, precision: ""})
            | Q(**{f"{on}__isnull": False, precision: Precision.DAY})
            | (
                Q(**{f"{on}__isnull": False})
                & Q(first_of_month)
                & (
                    Q(**{precision: Precision.MONTH})
                    | (Q(**{precision: Precision.QUARTER}) & Q(In(month, [1, 4, 7, 10])))
                    | (Q(**{precision: Precision.HALF}) & Q(In(month, [1, 7])))
                    | (Q(**{precision: Precision.YEAR}) & Q(Exact(month, 1)))
                )
            )
        ),
    )


class PeriodEnd(Func):
    """The last day of an approximate date's period, in SQL (for a generated column: the day
    after which an action item is overdue)."""

    output_field = models.DateField()

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list]:
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        precision_sql, precision_params = compiler.compile(self.source_expressions[1])
        lengths = {"month": "1 month", "quarter": "3 months", "half": "6 months", "year": "1 year"}
        whens = " ".join(
            f"WHEN '{p}' THEN (({day_sql}) + interval '{length}' - interval '1 day')::date"
            for p, length in lengths.items()
        )
        sql = f"CASE {precision_sql} WHEN 'day' THEN {day_sql} {whens} END"
        params = [*precision_params, *day_params]
        for _p in lengths:
            params += day_params
        return sql, params


class TimeSlot(Func):
    """An agenda item's start and end as a range of timestamps on a fixed day: PostgreSQL has
    no range type of times of day, and the exclusion constraint needs a range."""

    template = "tsrange(DATE '2000-01-01' + %(expressions)s, '[)')"
    arg_joiner = ", DATE '2000-01-01' + "
    output_field = DateTimeRangeField()


# --- Networks -------------------------------------------------------------------------------


class NetworkKind(TenantModel):
    """The jobcenter's catalogue of kinds of network (local partnership, task force, sponsor
    network, dialogue forum, erfa group, after-work network, and its own)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("kode"), max_length=40, blank=True)
    name = models.CharField(_("navn"), max_length=120)
    is_active = models.BooleanField(_("i brug"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = TenantManager()

    class Meta:
        verbose_name = _("netværkstype")
        verbose_name_plural = _("netværkstyper")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(F("tenant"), Lower("name"), name="network_kind_name"),
            models.UniqueConstraint(
                fields=["tenant", "code"], condition=~Q(code=""), name="network_kind_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NetworkStatus(models.TextChoices):
    STARTING = "starting", _("Under opstart")
    ACTIVE = "active", _("Aktivt")
    PAUSED = "paused", _("Sat i bero")
    CLOSED = "closed", _("Afsluttet")


class Network(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.ForeignKey(
        NetworkKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    # Both required: a network without them is a mailing list (001:L120).
    purpose = models.TextField(_("formål"))
    success_criterion = models.TextField(_("succeskriterium"))
    # The tovholder: a person or an organisation, often the jobcenter itself (000:L269).
    coordinator_user, coordinator_contact, coordinator_organisation = parties.party_fields(
        _("tovholder")
    )
    coordinator_is_jobcenter = models.BooleanField(_("jobcentret er tovholder"), default=False)
    # Who in the jobcenter answers for the network: reminders of action items owned by an
    # organisation go to this person when nobody closer does.
    jobcenter_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jobcentrets kontaktperson"),
    )
    board_co_owned = models.BooleanField(_("medejet af beskæftigelsesudvalget"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=NetworkStatus.choices, default=NetworkStatus.ACTIVE
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet netværk"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("netværk")
        verbose_name_plural = _("netværk")
        ordering = ["name"]
        constraints = [
            not_blank("purpose", "network_has_a_purpose"),
            not_blank("success_criterion", "network_has_a_success_criterion"),
            parties.party_check("coordinator", name="network_has_one_coordinator", required=True),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="network_is_not_its_own_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "name"], name="network_name"),
            models.Index(fields=["tenant", "status", "name"], name="network_status"),
            models.Index(fields=["tenant", "kind"], name="network_kind"),
            models.Index(fields=["tenant", "parent"], name="network_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def coordinator(self) -> parties.Party:
        return parties.read(self, "coordinator")


class MemberRole(models.TextChoices):
    CORE = "core", _("Kernemedlem")
    RESOURCE_PERSON = "resource_person", _("Ressourceperson")
    # Relatable, not "uopnåelige idealbilleder" (000:L160).
    ROLE_MODEL = "role_model", _("Rollemodel")
    HOST = "host", _("Vært")


class NetworkMember(TenantModel):
    """A member of a network: an organisation from the register (a company, an education
    institution, a business organisation, a union …), with or without a contact person, or a
    member of the jobcenter's staff. Members leave (a date); they are never deleted, so the
    invitations and the attendance of old meetings keep who they were."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontaktperson"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medarbejder i jobcentret"),
    )
    role = models.CharField(
        _("rolle"), max_length=20, choices=MemberRole.choices, default=MemberRole.CORE
    )
    joined_on = models.DateField(_("indtrådt"), default=timezone.localdate)
    left_on = models.DateField(_("udtrådt"), null=True, blank=True)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmer")
        ordering = ["network", "joined_on", "pk"]
        constraints = [
            # An organisation (with or without one of its contact persons), or a staff member.
            models.CheckConstraint(
                condition=Q(user__isnull=True, organisation__isnull=False)
                | Q(user__isnull=False, organisation__isnull=True, contact__isnull=True),
                name="member_is_an_organisation_or_staff",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="member_leaves_after_joining",
            ),
            models.UniqueConstraint(
                fields=["tenant", "network", "organisation", "contact", "user"],
                condition=Q(left_on__isnull=True),
                nulls_distinct=False,
                name="member_once_at_a_time",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "network", "left_on"], name="member_network"),
            models.Index(fields=["tenant", "organisation"], name="member_organisation"),
            models.Index(fields=["tenant", "user"], name="member_user"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.user_id:
            return self.user.name or self.user.email
        if self.contact_id:
            return f"{self.contact.name}, {self.organisation.name}"
        return self.organisation.name if self.organisation_id else ""

    @property
    def person_name(self) -> str:
        """Who an invitation greets: the contact person or staff member (or the
        organisation, when it has no contact person)."""
        if self.user_id:
            return self.user.name or self.user.email
        if self.contact_id:
            return self.contact.name
        return self.organisation.name if self.organisation_id else ""

    @property
    def email(self) -> str:
        if self.user_id:
            return self.user.email
        if self.contact_id:
            return self.contact.email
        return ""

    @property
    def is_current(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()


# --- Meetings -------------------------------------------------------------------------------

# People arrive early and check in at the door.
CHECKIN_OPENS_BEFORE = timedelta(hours=2)


class Meeting(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="meetings")
    # "Første netværksmøde" (000:L5): the meeting's number within its network.
    sequence = models.PositiveSmallIntegerField(_("mødenummer"), editable=False)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    date = models.DateField(_("dato"))
    starts_at = models.TimeField(_("start"))
    ends_at = models.TimeField(_("slut"))
    # A workshop, a truck, the woods (003:L97, L119): free text.
    venue = models.CharField(_("sted"), max_length=300, blank=True)
    catering_note = models.CharField(_("forplejning"), max_length=300, blank=True)
    # A dialogue forum: "jobcentret skal ikke formidle ledige borgere" (003:L172).
    rules = models.TextField(_("mødets spilleregler"), blank=True)
    host_organisation = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vært"),
    )
    minutes = models.TextField(_("referat"), blank=True)
    cancelled_at = models.DateTimeField(_("aflyst"), null=True, blank=True)
    cancel_reason = models.CharField(_("årsag til aflysning"), max_length=300, blank=True)
    # The iCalendar SEQUENCE: raised by every change the invitees are told of.
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The self check-in QR code and the short code typed to join: derived from the meeting's
    # id and a generation with the server's key (networks.tokens); only their hashes are kept.
    checkin_generation = models.PositiveSmallIntegerField(default=0, editable=False)
    checkin_hash = models.CharField(max_length=64, editable=False)
    join_code_generation = models.PositiveSmallIntegerField(default=0, editable=False)
    join_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()
    # Found by the hash of its check-in link or join code before the jobcenter is known; the
    # database shows only the rows whose hash is app.link_hash (accounts.tenancy.set_db_link).
    by_hash = models.Manager()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "network", "sequence"], name="meeting_sequence"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("Mødet skal slutte, efter det begynder."),
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="meeting_cancelled_with_a_reason",
            ),
            models.UniqueConstraint(fields=["tenant", "checkin_hash"], name="meeting_checkin"),
            models.UniqueConstraint(
                fields=["tenant", "join_code_hash"],
                condition=~Q(join_code_hash=""),
                name="meeting_join_code",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "network", "date"], name="meeting_network_date"),
            models.Index(fields=["tenant", "date"], name="meeting_date"),
        ]

    def __str__(self) -> str:
        return self.title or _("Møde %(n)s") % {"n": self.sequence}

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def starts(self) -> datetime:
        """The start as an aware moment in the jobcenter's time zone."""
        return timezone.make_aware(datetime.combine(self.date, self.starts_at))

    def ends(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.ends_at))

    def has_started(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts()

    def has_ended(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends()

    def checkin_is_open(self, now: datetime | None = None) -> bool:
        """Self check-in (and joining the vote by QR code or typed code) is open from a while
        before the start until the end, unless the meeting is cancelled."""
        now = now or timezone.now()
        return not self.is_cancelled and self.starts() - CHECKIN_OPENS_BEFORE <= now < self.ends()


class AgendaKind(models.TextChoices):
    WELCOME = "welcome", _("Velkomst")
    INTRODUCTIONS = "introductions", _("Præsentationsrunde")
    TALK = "talk", _("Oplæg")
    GROUP_WORK = "group_work", _("Gruppearbejde")
    PLENARY = "plenary", _("Fremlæggelse og opsamling")
    VOTING = "voting", _("Afstemning")
    BREAK = "break", _("Pause")
    CLOSING = "closing", _("Afslutning")
    OTHER = "other", _("Andet")


class AgendaItem(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.TimeField(_("start"))
    ends_at = models.TimeField(_("slut"))
    title = models.CharField(_("punkt"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=20, choices=AgendaKind.choices, default=AgendaKind.OTHER
    )
    # "v/ …": a person or an organisation (000:L14-21).
    presenter_user, presenter_contact, presenter_organisation = parties.party_fields(
        _("oplægsholder")
    )
    presenter_is_jobcenter = models.BooleanField(default=False)
    presenter_name = models.CharField(
        _("oplægsholder (gæst)"),
        max_length=200,
        blank=True,
        help_text=_("En gæst, der ikke står i registret."),
    )
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        ordering = ["meeting", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="agenda_item_ends_after_it_starts",
                violation_error_message=_("Punktet skal slutte, efter det begynder."),
            ),
            not_blank("title", "agenda_item_has_a_title"),
            parties.party_check(
                "presenter", name="agenda_item_one_presenter", required=False, with_name=True
            ),
            # Two items of one meeting never share a minute (the end is open: 15.10 ends one
            # item and starts the next).
            ExclusionConstraint(
                name="agenda_items_do_not_overlap",
                violation_error_message=_("Punktet overlapper et andet punkt på dagsordenen."),
                expressions=[
                    ("tenant", RangeOperators.EQUAL),
                    ("meeting", RangeOperators.EQUAL),
                    (TimeSlot("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def presenter(self) -> parties.Party:
        return parties.read(self, "presenter")


class Answer(models.TextChoices):
    PENDING = "pending", _("Har ikke svaret")
    YES = "yes", _("Deltager")
    NO = "no", _("Deltager ikke")


class MeetingInvitation(TenantModel):
    """An e-mailed invitation of one member to one meeting, with an .ics attachment and a link
    to answer through (no sign-in). The link's secret is derived from the invitation's id and
    a generation with the server's key, so an updated invitation carries the same link; only
    its hash is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="invitations")
    # Copied when invited: the e-mail went to this address.
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"))
    answer = models.CharField(
        _("svar"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("svaret"), null=True, blank=True)
    rsvp_generation = models.PositiveSmallIntegerField(default=0, editable=False)
    rsvp_hash = models.CharField(max_length=64, editable=False)
    # The meeting's ics_sequence last e-mailed to the invitee (-1: not sent yet). A task
    # claims a send by raising it, so a redelivered task sends nothing twice.
    sent_sequence = models.IntegerField(default=-1, editable=False)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()
    # The invitee answers before anyone knows the jobcenter (app.link_hash).
    by_hash = models.Manager()

    class Meta:
        verbose_name = _("invitation til møde")
        verbose_name_plural = _("invitationer til møder")
        ordering = ["meeting", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "meeting", "member"], name="invitation_once_per_member"
            ),
            models.UniqueConstraint(fields=["tenant", "rsvp_hash"], name="invitation_rsvp"),
            models.CheckConstraint(
                condition=Q(answer="pending") | Q(answered_at__isnull=False),
                name="invitation_answer_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "member"], name="invitation_member")]

    def __str__(self) -> str:
        return f"{self.name} · {self.meeting_id}"


class Category(models.TextChoices):
    """The split of seed 002's Table 1: company representatives and other network actors."""

    COMPANY_REP = "company_rep", _("Virksomhedsrepræsentant")
    OTHER_ACTOR = "other_actor", _("Anden aktør")


class Level(models.TextChoices):
    """Who a company sends (002:L816-818): the owner or a manager, HR, or an employee."""

    OWNER_MANAGER = "owner_manager", _("Ejer eller leder")
    HR = "hr", _("HR")
    EMPLOYEE = "employee", _("Medarbejder")


class Source(models.TextChoices):
    INVITATION_LIST = "invitation_list", _("Fra invitationslisten")
    SELF_CHECK_IN = "self_check_in", _("Selv tjekket ind")
    MANUAL = "manual", _("Tilføjet af jobcentret")


def person_key_expression(
    contact: Any, user: Any, email: Any, name: Any, organisation_name: Any
) -> Case:
    """Who an attendance is: the contact person, else the staff member, else the e-mail
    address, else the name at the organisation. The model keeps it in a generated column; the
    services ask the database with the same expression over given values, so the two agree."""
    return Case(
        When(IsNull(contact, False), then=Concat(Value("c"), Cast(contact, models.TextField()))),
        When(IsNull(user, False), then=Concat(Value("u"), Cast(user, models.TextField()))),
        When(~Q(Exact(email, Value(""))), then=Concat(Value("e"), Lower(email))),
        default=Concat(Value("n"), Lower(Trim(name)), Value("|"), Lower(Trim(organisation_name))),
        output_field=models.TextField(),
    )


class Attendance(TenantModel):
    """One person at one meeting, with the organisation they came for, their category and
    level. The person is a contact person or a staff member when known (from the invitation,
    or an e-mail address typed at check-in that matches one), otherwise a name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    invitation = models.ForeignKey(
        MeetingInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    contact = models.ForeignKey(
        ContactPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendances",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # Typed at check-in for a company that is not in the register, so it still counts as a
    # distinct company (CVR).
    organisation_cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices, blank=True)
    source = models.CharField(_("registreret"), max_length=20, choices=Source.choices)
    checked_in_at = models.DateTimeField(_("registreret"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who the person is, for "one attendance per person per meeting" and for counting
    # distinct persons across meetings; kept by PostgreSQL.
    person_key = models.GeneratedField(
        expression=person_key_expression(
            F("contact_id"), F("user_id"), F("email"), F("name"), F("organisation_name")
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøder")
        ordering = ["meeting", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "meeting", "person_key"], name="attendance_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["tenant", "invitation"],
                condition=Q(invitation__isnull=False),
                name="attendance_once_per_invitation",
            ),
            # The target of the composite foreign keys that bind tokens and ballots to the
            # attendance's own meeting (migration 0002).
            models.UniqueConstraint(
                fields=["tenant", "id", "meeting"], name="attendance_meeting_key"
            ),
            not_blank("name", "attendance_has_a_name"),
            models.CheckConstraint(
                condition=Q(contact__isnull=True) | Q(user__isnull=True),
                name="attendance_one_person",
            ),
        ]
        indexes = [
            models.Index(
                fields=["tenant", "organisation", "meeting"], name="attendance_organisation"
            ),
            models.Index(fields=["tenant", "contact"], name="attendance_contact"),
            models.Index(fields=["tenant", "user"], name="attendance_user"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class ParticipantToken(TenantModel):
    """A phone's pass to a meeting's votes, bound to one attendance (and through it to one
    meeting of one jobcenter). Only the hash of its secret is stored."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()
    # The phone shows its secret before anyone knows the jobcenter (app.link_hash).
    by_hash = models.Manager()

    class Meta:
        verbose_name = _("deltagernøgle")
        verbose_name_plural = _("deltagernøgler")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "attendance"], name="participant_token_one"),
            models.UniqueConstraint(fields=["tenant", "token_hash"], name="participant_token"),
        ]

    def __str__(self) -> str:
        return str(self.attendance_id)


# --- Goal voting ----------------------------------------------------------------------------


class GoalProposal(TenantModel):
    """A goal the facilitator proposes (the Top-7 of 000:L120-132)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    position = models.PositiveSmallIntegerField(_("nr."), validators=[MinValueValidator(1)])
    title = models.CharField(_("kort titel"), max_length=120)
    text = models.TextField(_("mål"), blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("forslag til mål")
        verbose_name_plural = _("forslag til mål")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "meeting", "position"],
                name="proposal_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.UniqueConstraint(
                fields=["tenant", "id", "meeting"], name="proposal_meeting_key"
            ),
            not_blank("title", "proposal_has_a_title"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("Ikke åbnet")
    OPEN = "open", _("Åben")
    CLOSED = "closed", _("Lukket")


DEFAULT_PICKS = 2  # "Sæt kryds ved de 2 allervigtigste mål" (000:L103)
MAX_PICKS = 10


class Vote(TenantModel):
    """A round of voting at a meeting: each participant picks exactly `picks_required`
    distinct proposals (DOMAIN.md trap 20: no free voting)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    title = models.CharField(_("titel"), max_length=200)
    picks_required = models.PositiveSmallIntegerField(
        _("antal kryds"),
        default=DEFAULT_PICKS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PICKS)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("åbnet"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("afstemning")
        verbose_name_plural = _("afstemninger")
        ordering = ["meeting", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(picks_required__gte=1, picks_required__lte=MAX_PICKS),
                name="vote_picks_1_to_10",
            ),
            models.UniqueConstraint(
                fields=["tenant", "meeting"],
                condition=Q(status="open"),
                name="vote_one_open_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="open", opened_at__isnull=False)
                | Q(status="closed", opened_at__isnull=False, closed_at__isnull=False),
                name="vote_status_has_its_times",
            ),
            models.UniqueConstraint(fields=["tenant", "id", "meeting"], name="vote_meeting_key"),
        ]

    def __str__(self) -> str:
        return self.title


class Ballot(TenantModel):
    """One participant's picks in one vote. A second ballot from the same participant replaces
    the first (the row stays, its picks change)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="ballots")
    cast_at = models.DateTimeField(default=timezone.now)
    replaced = models.PositiveIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        verbose_name = _("stemmeseddel")
        verbose_name_plural = _("stemmesedler")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "vote", "attendance"], name="ballot_once_per_participant"
            ),
            models.UniqueConstraint(fields=["tenant", "id", "vote"], name="ballot_vote_key"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.attendance_id}"


class BallotPick(TenantModel):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="picks")
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(GoalProposal, on_delete=models.PROTECT, related_name="+")

    objects = TenantManager()

    class Meta:
        verbose_name = _("kryds")
        verbose_name_plural = _("kryds")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "ballot", "proposal"], name="ballot_pick_distinct"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "vote", "proposal"], name="ballot_pick_count")]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.proposal_id}"


# --- The groups' Top-2 ----------------------------------------------------------------------


class LabelStyle(models.TextChoices):
    NUMBERS = "numbers", _("1 og 2")
    LETTERS = "letters", _("A og B")


TOP = 2  # each group agrees on its "Top2" (000:L108)


class GoalGroup(TenantModel):
    """A group at the meeting ("Gruppe 1"), which agrees on its Top-2, has a tovholder and
    writes comment blocks."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("nr."), validators=[MinValueValidator(1)])
    name = models.CharField(_("navn"), max_length=100)
    label_style = models.CharField(
        _("mærkning"), max_length=10, choices=LabelStyle.choices, default=LabelStyle.NUMBERS
    )
    tovholder_user, tovholder_contact, tovholder_organisation = parties.party_fields(_("tovholder"))
    tovholder_is_jobcenter = models.BooleanField(default=False)

    objects = TenantManager()

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "meeting", "number"], name="group_number"),
            models.UniqueConstraint(fields=["tenant", "id", "meeting"], name="group_meeting_key"),
            not_blank("name", "group_has_a_name"),
            parties.party_check("tovholder", name="group_one_tovholder", required=False),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tovholder(self) -> parties.Party:
        return parties.read(self, "tovholder")

    def label_for(self, ordinal: int) -> str:
        return "AB"[ordinal - 1] if self.label_style == LabelStyle.LETTERS else str(ordinal)


class GroupGoal(TenantModel):
    """One of a group's Top-2: a proposal, or the group's own words, never both (000:L108,
    L203)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(GoalGroup, on_delete=models.CASCADE, related_name="goals")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    ordinal = models.PositiveSmallIntegerField(
        _("prioritet"), validators=[MinValueValidator(1), MaxValueValidator(TOP)]
    )
    proposal = models.ForeignKey(
        GoalProposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_goals",
        verbose_name=_("forslag"),
    )
    custom_text = models.TextField(_("gruppens eget mål"), blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("gruppens mål")
        verbose_name_plural = _("gruppernes mål")
        ordering = ["group", "ordinal"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ordinal__gte=1, ordinal__lte=TOP), name="group_goal_top_2"
            ),
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, custom_text="")
                | (Q(proposal__isnull=True) & GreaterThan(Length(Trim("custom_text")), 0)),
                name="group_goal_proposal_xor_own_text",
                violation_error_message=_(
                    "Vælg et af forslagene eller skriv gruppens eget mål – ikke begge dele."
                ),
            ),
            models.UniqueConstraint(
                fields=["tenant", "group", "ordinal"], name="group_goal_ordinal"
            ),
            models.UniqueConstraint(
                fields=["tenant", "group", "proposal"],
                condition=Q(proposal__isnull=False),
                name="group_goal_proposal_once",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "meeting"], name="group_goal_meeting")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.proposal.title if self.proposal_id else self.custom_text

    @property
    def label(self) -> str:
        return self.group.label_for(self.ordinal)


class GroupComment(TenantModel):
    """A comment block of a group ("Strategiske indsatsområder", "Uddybende kommentarer"),
    about the group's work or one of its goals."""

    group = models.ForeignKey(GoalGroup, on_delete=models.CASCADE, related_name="comments")
    goal = models.ForeignKey(
        GroupGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    heading = models.CharField(_("overskrift"), max_length=200, blank=True)
    text = models.TextField(_("tekst"))
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["group", "position", "pk"]
        constraints = [not_blank("text", "group_comment_has_text")]
        indexes = [models.Index(fields=["tenant", "group", "position"], name="group_comment")]

    def __str__(self) -> str:
        return self.heading or self.text[:40]


# --- After the meeting: collaboration groups and action items -------------------------------


class WorkingGroupStatus(models.TextChoices):
    ACTIVE = "active", _("I gang")
    DONE = "done", _("Afsluttet")


class WorkingGroup(TenantModel):
    """A samarbejdsgruppe: a theme, a convener, members and a target that may be approximate
    ("på virksom.nu workshop i starten af det nye år", 000:L150, L271-275). It takes up the
    groups' goals it works on; a goal nobody takes up is an orphan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="working_groups")
    origin_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("besluttet på mødet"),
    )
    theme = models.CharField(_("tema"), max_length=300)
    convener_user, convener_contact, convener_organisation = parties.party_fields(_("indkalder"))
    convener_is_jobcenter = models.BooleanField(default=False)
    target_on = models.DateField(_("mål"), null=True, blank=True)
    target_precision = models.CharField(
        _("præcision"), max_length=10, choices=Precision.choices, blank=True
    )
    target_event = models.CharField(_("hvad der skal nås"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WorkingGroupStatus.choices,
        default=WorkingGroupStatus.ACTIVE,
    )
    goals = models.ManyToManyField(
        GroupGoal, through="WorkingGroupGoal", related_name="working_groups", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("samarbejdsgruppe")
        verbose_name_plural = _("samarbejdsgrupper")
        ordering = ["network", "created_at", "pk"]
        constraints = [
            not_blank("theme", "working_group_has_a_theme"),
            parties.party_check("convener", name="working_group_one_convener", required=True),
            approx_date_check("target", "working_group_target_is_a_period"),
        ]
        indexes = [
            models.Index(fields=["tenant", "network", "status"], name="working_group_network"),
            models.Index(fields=["tenant", "origin_meeting"], name="working_group_meeting"),
        ]

    def __str__(self) -> str:
        return self.theme

    @property
    def convener(self) -> parties.Party:
        return parties.read(self, "convener")

    @property
    def target(self) -> ApproxDate | None:
        if self.target_on is None:
            return None
        return ApproxDate(self.target_on, self.target_precision)


class WorkingGroupMember(TenantModel):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="members"
    )
    member_user, member_contact, member_organisation = parties.party_fields(_("medlem"))
    member_is_jobcenter = models.BooleanField(default=False)

    objects = TenantManager()

    class Meta:
        verbose_name = _("medlem af samarbejdsgruppe")
        verbose_name_plural = _("medlemmer af samarbejdsgrupper")
        constraints = [
            parties.party_check("member", name="working_group_member_is_one", required=True),
            models.UniqueConstraint(
                fields=[
                    "tenant",
                    "working_group",
                    "member_user",
                    "member_contact",
                    "member_organisation",
                    "member_is_jobcenter",
                ],
                nulls_distinct=False,
                name="working_group_member_once",
            ),
        ]

    def __str__(self) -> str:
        return self.member.label()

    @property
    def member(self) -> parties.Party:
        return parties.read(self, "member")


class WorkingGroupGoal(TenantModel):
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(GroupGoal, on_delete=models.CASCADE, related_name="+")

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "working_group", "goal"], name="working_group_goal_once"
            )
        ]
        indexes = [models.Index(fields=["tenant", "goal"], name="working_group_goal")]

    def __str__(self) -> str:
        return f"{self.working_group_id} → {self.goal_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Udført")
    DROPPED = "dropped", _("Opgivet")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(TenantModel):
    """Something someone is to do, from a meeting, a group's goal or a collaboration group. An
    item without an owner is allowed to exist, so it can be written down at once, and is
    flagged by the orphan check until somebody takes it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="action_items"
    )
    group_goal = models.ForeignKey(
        GroupGoal, on_delete=models.PROTECT, null=True, blank=True, related_name="action_items"
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    text = models.TextField(_("opgave"))
    owner_user, owner_contact, owner_organisation = parties.party_fields(_("ansvarlig"))
    owner_is_jobcenter = models.BooleanField(default=False)
    due_on = models.DateField(_("frist"), null=True, blank=True)
    due_precision = models.CharField(
        _("præcision"), max_length=10, choices=Precision.choices, blank=True
    )
    # The last day of the (approximate) due period, kept by PostgreSQL: overdue after it.
    due_by = models.GeneratedField(
        expression=PeriodEnd("due_on", "due_precision"),
        output_field=models.DateField(),
        db_persist=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("udført den"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaver")
        ordering = ["due_by", "pk"]
        constraints = [
            not_blank("text", "action_item_has_text"),
            models.CheckConstraint(
                condition=Q(
                    meeting__isnull=False, group_goal__isnull=True, working_group__isnull=True
                )
                | Q(meeting__isnull=True, group_goal__isnull=False, working_group__isnull=True)
                | Q(meeting__isnull=True, group_goal__isnull=True, working_group__isnull=False),
                name="action_item_has_one_origin",
            ),
            parties.party_check("owner", name="action_item_at_most_one_owner", required=False),
            approx_date_check("due", "action_item_due_is_a_period"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="action_item_done_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "network", "status"], name="action_item_network"),
            models.Index(fields=["tenant", "status", "due_by"], name="action_item_due"),
            models.Index(fields=["tenant", "meeting"], name="action_item_meeting"),
            models.Index(fields=["tenant", "group_goal"], name="action_item_group_goal"),
            models.Index(fields=["tenant", "working_group"], name="action_item_working_group"),
            models.Index(fields=["tenant", "owner_user", "status"], name="action_item_owner"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner(self) -> parties.Party:
        return parties.read(self, "owner")

    @property
    def due(self) -> ApproxDate | None:
        if self.due_on is None:
            return None
        return ApproxDate(self.due_on, self.due_precision)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


# --- Role models ----------------------------------------------------------------------------


class RoleModel(TenantModel):
    """A role model the network can invite (000:L146, L160-163): a candidate, only while a
    consent allows it, or a person from a company's staff."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kandidat"),
    )
    # The consent that allows it; withdrawn, the candidate is no longer shown as a role model.
    consent = models.ForeignKey(
        Consent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtykke"),
    )
    contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medarbejder i en virksomhed"),
    )
    theme = models.CharField(_("fortæller om"), max_length=300)
    note = models.TextField(_("bemærkning"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("rollemodel")
        verbose_name_plural = _("rollemodeller")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=False, consent__isnull=False, contact__isnull=True)
                | Q(candidate__isnull=True, consent__isnull=True, contact__isnull=False),
                name="role_model_is_a_consenting_candidate_or_staff",
            ),
            models.UniqueConstraint(
                fields=["tenant", "candidate"],
                condition=Q(candidate__isnull=False),
                name="role_model_candidate_once",
            ),
            models.UniqueConstraint(
                fields=["tenant", "contact"],
                condition=Q(contact__isnull=False),
                name="role_model_contact_once",
            ),
            not_blank("theme", "role_model_has_a_theme"),
        ]

    def __str__(self) -> str:
        return self.theme


class RoleModelAppearance(TenantModel):
    """Where a role model has appeared: a meeting, or a place in words."""

    role_model = models.ForeignKey(RoleModel, on_delete=models.CASCADE, related_name="appearances")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_on = models.DateField(_("dato"))
    place = models.CharField(_("sted"), max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("optræden")
        verbose_name_plural = _("optrædener")
        ordering = ["-occurred_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | ~Q(place=""),
                name="role_model_appearance_says_where",
            ),
        ]
        indexes = [
            models.Index(
                fields=["tenant", "role_model", "occurred_on"], name="appearance_role_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_model_id} {self.occurred_on}"
