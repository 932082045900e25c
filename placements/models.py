"""Placements of candidates in companies and the follow-up that was promised (issue 6,
DOMAIN.md section 3.5): planned from the start, due on a consultant's day, reminded once."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import history
from accounts.tenancy import TenantManager, TenantModel
from candidates.models import Candidate, ConsentCategory
from companies.models import Activity, Company, ContactPerson, JobOpening, Workplace


class PlacementType(TenantModel):
    """A kind of placement (virksomhedspraktik, løntilskud, ordinary job …). The defaults come
    from placements.services.DEFAULT_TYPES; each jobcenter renames, retires and adds its own.
    The flags are what the reports count by (DOMAIN.md section 4: "everything is not a job")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=120)
    is_employment = models.BooleanField(_("er ansættelse"), default=False)
    is_ordinary = models.BooleanField(_("er ordinær beskæftigelse"), default=False)
    is_subsidised = models.BooleanField(_("er støttet"), default=False)
    is_education = models.BooleanField(_("er uddannelse"), default=False)
    is_exclusive = models.BooleanField(
        _("kan ikke overlappe"),
        default=True,
        help_text=_("En kandidat kan ikke have to forløb af sådanne typer på samme tid."),
    )
    max_weeks = models.PositiveSmallIntegerField(
        _("højst (uger)"), null=True, blank=True, validators=[MaxValueValidator(520)]
    )
    is_active = models.BooleanField(_("i brug"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = TenantManager()

    class Meta:
        verbose_name = _("forløbstype")
        verbose_name_plural = _("forløbstyper")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "code"],
                name="placement_type_code",
                violation_error_message=_("Koden findes allerede."),
            ),
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="placement_type_name",
                violation_error_message=_("Navnet findes allerede."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Anchor(models.TextChoices):
    START = "start", _("efter start")
    MIDWAY = "midway", _("midtvejs")
    END = "end", _("før/efter slut")


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    VISIT = "visit", _("Besøg")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Møde")
    PORTAL = "portal", _("Virksomhedsportalen")


class CadenceStep(TenantModel):
    """One follow-up a placement type promises: e.g. "day 3" is 3 days after the start, "last
    week" is 7 days before the end, "3 months after" is 91 days after the end."""

    placement_type = models.ForeignKey(
        PlacementType, on_delete=models.CASCADE, related_name="cadence"
    )
    kind = models.SlugField(_("kode"), max_length=40)
    label = models.CharField(_("navn"), max_length=120)
    anchor = models.CharField(_("regnes fra"), max_length=10, choices=Anchor.choices)
    offset_days = models.SmallIntegerField(
        _("dage"),
        validators=[MinValueValidator(-365), MaxValueValidator(730)],
        help_text=_("Dage efter (positiv) eller før (negativ) start, midte eller slut."),
    )
    channel = models.CharField(
        _("kanal"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("planlagt opfølgning")
        verbose_name_plural = _("opfølgningsrytme")
        ordering = ["placement_type", "anchor", "offset_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "placement_type", "kind"],
                name="cadence_step_kind",
                violation_error_message=_("Opfølgningen findes allerede i forløbstypens rytme."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ACTIVE = "active", _("I gang")
    COMPLETED = "completed", _("Afsluttet")
    INTERRUPTED = "interrupted", _("Afbrudt")


class Outcome(models.TextChoices):
    ORDINARY_JOB = "ordinary_job", _("Ordinært job")
    EDUCATION = "education", _("Uddannelse")
    CONTINUED_SUBSIDISED = "continued_subsidised", _("Fortsat i støttet forløb")
    BACK_ON_BENEFIT = "back_on_benefit", _("Tilbage på ydelse")
    OTHER = "other", _("Andet")
    UNKNOWN = "unknown", _("Ukendt")


class DateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


@history.track(exclude=["period"])
class Placement(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="placements", verbose_name=_("kandidat")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="placements", verbose_name=_("virksomhed")
    )
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("arbejdssted"),
    )
    placement_type = models.ForeignKey(
        PlacementType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    # Copied from the type when saved: the exclusion constraint needs it on the row.
    is_exclusive = models.BooleanField(default=True, editable=False)
    job_opening = models.ForeignKey(
        JobOpening,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("jobåbning"),
    )
    # What the placement fills or counts towards (issue 7).
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("aftale"),
    )
    centre_contract = models.ForeignKey(
        "partnerships.CentreContract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("virksomhedscenter"),
    )
    job_package = models.ForeignKey(
        "partnerships.JobPackage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("jobpakke"),
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("forrige forløb"),
        help_text=_("Fx praktikken før løntilskuddet: en kæde tæller som én person."),
    )
    planned_start = models.DateField(_("planlagt start"))
    planned_end = models.DateField(_("planlagt slut"), null=True, blank=True)
    actual_start = models.DateField(_("faktisk start"), null=True, blank=True)
    actual_end = models.DateField(_("faktisk slut"), null=True, blank=True)
    # The days the placement takes, kept by PostgreSQL from the dates above.
    period = models.GeneratedField(
        expression=DateRange(
            Coalesce("actual_start", "planned_start"),
            Coalesce("actual_end", "planned_end"),
            Value("[]"),
        ),
        output_field=DateRangeField(),
        db_persist=True,
    )
    hours_per_week = models.DecimalField(
        _("timer pr. uge"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    tasks = models.TextField(_("arbejdsopgaver"), blank=True)
    mentor = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentor"),
    )
    mentor_hours_per_week = models.DecimalField(
        _("mentortimer pr. uge"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ansvarlig konsulent"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PlacementStatus.choices,
        default=PlacementStatus.PLANNED,
    )
    interruption_reason = models.CharField(_("årsag til afbrydelse"), max_length=300, blank=True)
    outcome = models.CharField(
        _("resultat ved slut"), max_length=24, choices=Outcome.choices, blank=True
    )
    outcome_note = models.CharField(_("bemærkning til resultatet"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")
        ordering = ["-planned_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("planned_start")),
                name="placement_planned_end_not_before_start",
                violation_error_message=_("Slutdatoen ligger før startdatoen."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_end__gte=Coalesce("actual_start", "planned_start")),
                name="placement_actual_end_not_before_start",
                violation_error_message=_("Slutdatoen ligger før startdatoen."),
            ),
            models.CheckConstraint(
                condition=~Q(status="interrupted") | ~Q(interruption_reason=""),
                name="placement_interrupted_needs_a_reason",
                violation_error_message=_("Skriv, hvorfor forløbet blev afbrudt."),
            ),
            # A candidate cannot hold two overlapping placements of exclusive types.
            ExclusionConstraint(
                name="placement_no_overlapping_exclusive",
                violation_error_message=_(
                    "Kandidaten har allerede et forløb i perioden, som ikke kan overlappe."
                ),
                expressions=[
                    ("tenant", RangeOperators.EQUAL),
                    ("candidate", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
                condition=Q(is_exclusive=True) & ~Q(status="interrupted"),
            ),
        ]
        # The list reads in start or end order (both ways); "Min dag" reads a consultant's
        # placements starting or ending this week.
        indexes = [
            models.Index(fields=["tenant", "candidate"], name="placement_candidate"),
            models.Index(fields=["tenant", "company"], name="placement_company"),
            models.Index(fields=["tenant", "planned_start", "id"], name="placement_start"),
            models.Index(fields=["tenant", "planned_end", "id"], name="placement_end"),
            models.Index(
                fields=["tenant", "consultant", "planned_start"], name="placement_consultant_start"
            ),
            models.Index(
                fields=["tenant", "consultant", "planned_end"], name="placement_consultant_end"
            ),
            models.Index(fields=["tenant", "status", "planned_start"], name="placement_status"),
            models.Index(fields=["tenant", "placement_type"], name="placement_type"),
            models.Index(
                fields=["tenant", "agreement", "planned_start"], name="placement_agreement"
            ),
            models.Index(fields=["tenant", "centre_contract"], name="placement_centre"),
            models.Index(fields=["tenant", "job_package"], name="placement_job_package"),
            # Who is busy on a day (matching's availability): the open exclusive placements
            # only, a small part of all the placements a jobcenter keeps.
            models.Index(
                fields=["tenant", "candidate"],
                name="placement_open_exclusive",
                condition=Q(is_exclusive=True, status__in=["planned", "active"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_type} · {self.company}"

    def clean(self) -> None:
        """The date rules of the constraints above, on the field the person typed, so a form
        shows them there (the database constraints stay as the last guard)."""
        errors: dict[str, str] = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Slutdatoen ligger før startdatoen.")
        elif self.actual_end and self.start and self.actual_end < self.start:
            errors["actual_end"] = _("Slutdatoen ligger før startdatoen.")
        elif (
            self.actual_start
            and self.planned_end
            and not self.actual_end
            and self.planned_end < self.actual_start
        ):
            # The placement started after the day it was planned to end.
            errors["planned_end"] = _(
                "Den planlagte slutdato (%(end)s) ligger før forløbets start (%(start)s). "
                "Ret den planlagte slutdato."
            ) % {"end": f"{self.planned_end:%d.%m.%Y}", "start": f"{self.actual_start:%d.%m.%Y}"}
        if self.status == PlacementStatus.INTERRUPTED and not self.interruption_reason.strip():
            errors["interruption_reason"] = _("Skriv, hvorfor forløbet blev afbrudt.")
        if errors:
            raise ValidationError(errors)

    @property
    def start(self):  # type: ignore[no-untyped-def]
        return self.actual_start or self.planned_start

    @property
    def end(self):  # type: ignore[no-untyped-def]
        return self.actual_end or self.planned_end

    @property
    def is_open(self) -> bool:
        return self.status in (PlacementStatus.PLANNED, PlacementStatus.ACTIVE)


class AfterCheck(TenantModel):
    """Where the person is 3, 6 and 12 months after the end (DOMAIN.md trap 16)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="after_checks")
    months = models.PositiveSmallIntegerField(
        _("måneder efter slut"), choices=[(3, "3"), (6, "6"), (12, "12")]
    )
    checked_on = models.DateField(_("undersøgt den"), default=timezone.localdate)
    still_employed = models.BooleanField(_("stadig i job"), null=True, blank=True)
    where = models.CharField(_("hvor"), max_length=200, blank=True)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("opfølgning på resultat")
        verbose_name_plural = _("opfølgninger på resultat")
        ordering = ["months"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "placement", "months"],
                name="after_check_once",
                violation_error_message=_("Resultatet er allerede registreret for den opfølgning."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement} +{self.months} mdr."


class FollowUpStatus(models.TextChoices):
    DUE = "due", _("Skal gøres")
    DONE = "done", _("Udført")
    CANCELLED = "cancelled", _("Aflyst")


@history.track()
class FollowUp(TenantModel):
    """A follow-up promised for a placement: made from the type's cadence, or added by hand."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="followups")
    # The cadence step it came from (None: added by hand), kept so moved dates move it too.
    kind = models.SlugField(_("kode"), max_length=40, blank=True)
    label = models.CharField(_("opfølgning"), max_length=120)
    anchor = models.CharField(max_length=10, choices=Anchor.choices, blank=True)
    offset_days = models.SmallIntegerField(null=True, blank=True)
    due_on = models.DateField(_("senest"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    channel = models.CharField(
        _("kanal"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.DUE
    )
    done_on = models.DateField(_("udført den"), null=True, blank=True)
    notes = models.TextField(_("noter"), blank=True)
    # Filled in by the employer in the portal (a later issue).
    employer_answer = models.TextField(_("virksomhedens svar"), blank=True)
    employer_answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="followup_done_needs_a_date",
                violation_error_message=_("En udført opfølgning skal have en dato."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["tenant", "owner", "due_on", "id"],
                name="followup_open_by_owner",
                condition=Q(status="due"),
            ),
            models.Index(
                fields=["tenant", "due_on"], name="followup_open_by_day", condition=Q(status="due")
            ),
            models.Index(fields=["tenant", "placement", "due_on"], name="followup_placement"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.due_on:%d.%m.%Y})"

    @property
    def is_overdue(self) -> bool:
        return self.status == FollowUpStatus.DUE and self.due_on < timezone.localdate()


# --- Reminders: in-app notifications, the daily e-mail, the calendar feed -----------------------
# (placements.reminders and placements.calendar hold the logic.)


class NotificationKind(models.TextChoices):
    DUE = "due", _("Skal gøres")
    OVERDUE = "overdue", _("Overskredet")
    UNDERUSED = "underused", _("Underudnyttet")


class Notification(TenantModel):
    """A bell notification: one follow-up or one contact-log next step is due today, or is
    overdue. Made by the reminder sweep, at most once per (person, subject, kind, due date):
    an item due on the 3rd notifies "due" on the 3rd and "overdue" on the first sweep after.
    A manager's under-use alert about a virksomhedscenter (partnerships.centre_alerts) is one
    too, made with the alert."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "companies.Activity", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    centre_alert = models.OneToOneField(
        "partnerships.CentreAlert",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification",
    )
    kind = models.CharField(_("type"), max_length=10, choices=NotificationKind.choices)
    # The due date the notification is about (not the day it was made).
    day = models.DateField(_("dato"))
    # What is to be done, as it read when the notification was made: the follow-up's label or
    # the next step. Never a CPR number and never the candidate's name, which is shown from
    # the placement while the candidate is still there to be shown.
    text = models.CharField(_("tekst"), max_length=300)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("notifikation")
        verbose_name_plural = _("notifikationer")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    followup__isnull=False, activity__isnull=True, centre_alert__isnull=True
                )
                | Q(followup__isnull=True, activity__isnull=False, centre_alert__isnull=True)
                | Q(followup__isnull=True, activity__isnull=True, centre_alert__isnull=False),
                name="notification_one_subject",
                violation_error_message=_("En notifikation handler om netop én ting."),
            ),
            models.UniqueConstraint(
                fields=["tenant", "user", "followup", "activity", "centre_alert", "kind", "day"],
                name="notification_once",
                violation_error_message=_("Notifikationen findes allerede."),
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "user", "-created_at"], name="notification_list"),
            models.Index(
                fields=["tenant", "user"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


class ReminderDigest(TenantModel):
    """The one reminder e-mail a person gets per jobcenter and day. The row is claimed (made)
    before the e-mail is sent and marked sent after, so a redelivered task, a second sweep or
    a second beat finds it and sends nothing (placements.reminders.digest_claim)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    claimed_at = models.DateTimeField()
    # The Celery task id that holds the claim ("" outside a worker): its own redelivery may
    # take the claim over at once, anyone else only once it has gone stale.
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        verbose_name = _("påmindelse på e-mail")
        verbose_name_plural = _("påmindelser på e-mail")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "day"],
                name="reminder_digest_once",
                violation_error_message=_("Dagens påmindelse er allerede sendt."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day:%d.%m.%Y}"


class CalendarFeed(TenantModel):
    """A person's private iCal address in one jobcenter: `/kalender/<secret>.ics`. Only the
    secret's SHA-256 is stored; the address is shown once, when it is made."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senest hentet"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    objects = TenantManager()
    # The feed is found by its hash before its jobcenter is known; the database shows only
    # the row whose hash is app.calendar_hash (accounts.tenancy.set_db_calendar_feed).
    by_hash = models.Manager()

    class Meta:
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "membership"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active",
                violation_error_message=_("Der er allerede en aktiv kalenderadresse."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.created_at:%d.%m.%Y}"


# --- Matching (placements/matching.py) --------------------------------------------------------


class Postcode(models.Model):
    """An approximate centre of a Danish postcode area, for travel distances in matching:
    reference data shared by every jobcenter, loaded from placements/data/postcodes.csv by
    migration 0003. The anchors in the file were written by hand from knowledge of Danish
    towns (the larger ones to about 0.05°); every other code from 1000 to 9999 takes the
    coordinates of the nearest anchor in its postcode range (`anchor` says which). Distances
    between postcode areas are therefore approximate: good for "about 20 km", not for a route.
    """

    code = models.CharField(_("postnummer"), max_length=4, unique=True)
    town = models.CharField(_("by"), max_length=100, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    # The hand-written postcode whose coordinates this one uses (itself for an anchor).
    anchor = models.CharField(max_length=4)

    class Meta:
        verbose_name = _("postnummerområde")
        verbose_name_plural = _("postnummerområder")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.town}".strip()


class Presentation(TenantModel):
    """A candidate presented to a company: what was shared (consent categories; the first name
    always), for which opening, by whom, and the contact-log entry it made."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        related_name="presentations",
        verbose_name=_("kandidat"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="presentations",
        verbose_name=_("virksomhed"),
    )
    job_opening = models.ForeignKey(
        JobOpening,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("jobåbning"),
    )
    categories = ArrayField(
        models.CharField(max_length=20, choices=ConsentCategory.choices),
        default=list,
        blank=True,
        verbose_name=_("delte oplysninger"),
    )
    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="presentation", verbose_name=_("kontakt")
    )
    presented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("præsenteret af"),
    )
    presented_at = models.DateTimeField(_("præsenteret"), default=timezone.now)

    objects = TenantManager()

    class Meta:
        verbose_name = _("præsentation af en kandidat")
        verbose_name_plural = _("præsentationer af kandidater")
        ordering = ["-presented_at"]
        indexes = [
            models.Index(fields=["tenant", "candidate"], name="presentation_candidate"),
            models.Index(fields=["tenant", "company"], name="presentation_company"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} → {self.company}"

    def category_labels(self) -> list[str]:
        return [str(ConsentCategory(c).label) for c in self.categories]
