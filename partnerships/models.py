"""Partnerships (issue 7, DOMAIN.md section 3.4): agreements measured against what they
promised, virksomhedscenter contracts whose seats cannot be overbooked, and jobpakker from an
employer's demand to people hired."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import history
from accounts.tenancy import TenantManager, TenantModel
from candidates.models import Candidate, TargetGroup
from companies.models import Company, ContactPerson, ContactPurpose, JobOpening, Workplace

# --- Agreements ------------------------------------------------------------------------------


def default_end_reminder_days() -> list[int]:
    return [60, 14]


class AgreementType(TenantModel):
    """A kind of agreement: the legal weight and the money differ (DOMAIN.md trap 10)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=120)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    evaluation_months = models.PositiveSmallIntegerField(
        _("evalueres hver (måneder)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    end_reminder_days = ArrayField(
        models.PositiveSmallIntegerField(validators=[MaxValueValidator(365)]),
        default=default_end_reminder_days,
        blank=True,
        verbose_name=_("påmind før slut (dage)"),
        help_text=_("Den faste kontaktperson får en e-mail så mange dage før aftalen udløber."),
    )
    evaluation_reminder_days = models.PositiveSmallIntegerField(
        _("påmind før evaluering (dage)"),
        default=14,
        validators=[MaxValueValidator(365)],
    )
    is_active = models.BooleanField(_("i brug"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = TenantManager()

    class Meta:
        verbose_name = _("aftaletype")
        verbose_name_plural = _("aftaletyper")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="agreement_type_name",
                violation_error_message=_("Navnet findes allerede."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    AWAITING_SIGNATURE = "awaiting_signature", _("Afventer underskrift")
    # Signed: "active" and "ended" follow the dates (see Agreement.phase).
    SIGNED = "signed", _("Underskrevet")
    TERMINATED = "terminated", _("Opsagt")


@history.track()
class Agreement(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement_type = models.ForeignKey(
        AgreementType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("virksomhed")
    )
    title = models.CharField(_("titel"), max_length=200)
    purpose = models.TextField(
        _("formål"), help_text=_("Hvad parterne vil opnå sammen (skal udfyldes).")
    )
    contributions = models.TextField(
        _("parternes bidrag"), blank=True, help_text=_("Hvad virksomheden og jobcentret hver gør.")
    )
    jobcenter_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kontaktperson i jobcentret"),
    )
    starts_on = models.DateField(_("gælder fra"))
    ends_on = models.DateField(_("gælder til og med"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    terminated_on = models.DateField(_("opsagt den"), null=True, blank=True)
    termination_reason = models.CharField(_("årsag til opsigelse"), max_length=300, blank=True)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("fornyer aftalen"),
    )
    not_renewed_reason = models.CharField(_("hvorfor den ikke fornyes"), max_length=300, blank=True)
    signed_on = models.DateField(_("underskrevet den"), null=True, blank=True)
    # Who signed, for each side (names as written on the paper), and who recorded it here.
    signed_by_company = models.CharField(
        _("underskrevet af virksomheden (navn)"), max_length=200, blank=True
    )
    signed_for_jobcenter_by = models.CharField(
        _("underskrevet for jobcentret af (navn)"), max_length=200, blank=True
    )
    signature_registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        # The column's first name: it always held the person who recorded the signature.
        db_column="signed_by_jobcenter_id",
        verbose_name=_("underskriften registreret af"),
    )
    # The signed scan, stored privately (MEDIA_ROOT/agreements/<jobcenter>/…), never served
    # from a public URL.
    signed_scan = models.CharField(max_length=300, blank=True, editable=False)
    signed_scan_name = models.CharField(max_length=200, blank=True, editable=False)
    next_evaluation_on = models.DateField(_("næste evaluering"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_end_not_before_start",
                violation_error_message=_("Slutdatoen ligger før startdatoen."),
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | ~Q(termination_reason=""),
                name="agreement_terminated_needs_a_reason",
                violation_error_message=_("Skriv, hvorfor aftalen opsiges."),
            ),
            models.CheckConstraint(
                condition=~Q(purpose=""),
                name="agreement_purpose_required",
                violation_error_message=_("Skriv aftalens formål."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "company"], name="agreement_company"),
            models.Index(fields=["tenant", "starts_on", "id"], name="agreement_start"),
            models.Index(fields=["tenant", "ends_on"], name="agreement_end"),
            models.Index(fields=["tenant", "status"], name="agreement_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.company}"

    def phase(self, today: object = None) -> str:
        """What the agreement is today: draft, awaiting_signature, terminated, or for a signed
        one "upcoming", "active" or "ended" by its dates."""
        day = today or timezone.localdate()
        if self.status != AgreementStatus.SIGNED:
            return str(self.status)
        if day < self.starts_on:  # type: ignore[operator]
            return "upcoming"
        if self.ends_on is not None and day > self.ends_on:  # type: ignore[operator]
            return "ended"
        return "active"


PHASE_LABELS = {
    "draft": _("Udkast"),
    "awaiting_signature": _("Afventer underskrift"),
    "upcoming": _("Underskrevet, ikke startet"),
    "active": _("Aktiv"),
    "ended": _("Udløbet"),
    "terminated": _("Opsagt"),
}


class AgreementWorkplace(TenantModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE)
    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE)

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "agreement", "workplace"],
                name="agreement_workplace_once",
                violation_error_message=_("Arbejdsstedet er allerede med i aftalen."),
            )
        ]


class AgreementParty(TenantModel):
    """A third party to an agreement (a business organisation, a union, a sports club …)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rolle"), max_length=200, blank=True)

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "agreement", "organisation"],
                name="agreement_party_once",
                violation_error_message=_("Organisationen er allerede part i aftalen."),
            )
        ]


class AgreementSignatory(TenantModel):
    """Who signs for the company (management level, DOMAIN.md 3.4)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    contact = models.ForeignKey(ContactPerson, on_delete=models.PROTECT, related_name="+")

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "agreement", "contact"],
                name="agreement_signatory_once",
                violation_error_message=_("Kontaktpersonen er allerede underskriver af aftalen."),
            )
        ]


class Area(models.TextChoices):
    """Cooperation areas of a commitment; each is counted by one rule (see partnerships.actuals)."""

    INTERNSHIPS = "internships", _("Praktikpladser")
    WAGE_SUBSIDY = "wage_subsidy", _("Løntilskudspladser")
    ORDINARY_HIRES = "ordinary_hires", _("Ordinære ansættelser")
    MENTOR = "mentor", _("Mentorstøtte")
    UPSKILLING_UNEMPLOYED = "upskilling_unemployed", _("Opkvalificering af ledige")
    UPSKILLING_EMPLOYEES = "upskilling_employees", _("Opkvalificering af medarbejdere")
    RETENTION = "retention", _("Fastholdelse af sygemeldte")
    NETWORK = "network", _("Deltagelse i netværk")
    EVENTS = "events", _("Arrangementer")
    ROLE_MODELS = "role_models", _("Rollemodeller")
    OTHER = "other", _("Andet")


class Per(models.TextChoices):
    YEAR = "year", _("pr. aftaleår")
    AGREEMENT = "agreement", _("i hele aftaleperioden")


class Commitment(TenantModel):
    """A promise of an agreement: an area, a target per period, counted by its area's rule."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    area = models.CharField(_("samarbejdsområde"), max_length=30, choices=Area.choices)
    target = models.PositiveIntegerField(_("mål"), validators=[MinValueValidator(1)])
    per = models.CharField(_("pr."), max_length=10, choices=Per.choices, default=Per.YEAR)
    # For the areas counted from the contact log: only contacts with this purpose (optional).
    purpose = models.ForeignKey(
        ContactPurpose,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tæller kontakter med formålet"),
    )
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("forpligtelse")
        verbose_name_plural = _("forpligtelser")
        ordering = ["agreement", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=1),
                name="commitment_has_a_target",
                violation_error_message=_("En forpligtelse skal have et mål på mindst 1."),
            )
        ]
        indexes = [models.Index(fields=["tenant", "agreement"], name="commitment_agreement")]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.target} {self.get_per_display()}"


# --- Virksomhedscenter contracts -------------------------------------------------------------


@history.track()
class CentreContract(TenantModel):
    """A virksomhedscenter: a company that takes a number of candidates at a time, with mentors,
    for a payment per seat and month."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="centre_contracts",
        verbose_name=_("virksomhed"),
    )
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arbejdssted"),
    )
    name = models.CharField(_("navn"), max_length=200)
    seats = models.PositiveSmallIntegerField(
        _("pladser"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    work_areas = models.TextField(_("arbejdsopgaver"), blank=True)
    mentor_hours_per_week = models.DecimalField(
        _("mentortimer pr. uge i alt"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    payment_per_seat_month = models.DecimalField(
        _("betaling pr. plads pr. måned (kr.)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    starts_on = models.DateField(_("gælder fra"))
    ends_on = models.DateField(_("gælder til og med"), null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="centre_contracts",
        verbose_name=_("aftale"),
    )
    # The manager is alerted when the weekly occupancy stays under this share of the seats
    # for this many whole weeks in a row (partnerships.centre_alerts).
    underuse_share = models.PositiveSmallIntegerField(
        _("advar under belægning (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    underuse_weeks = models.PositiveSmallIntegerField(
        _("advar efter antal uger"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("virksomhedscenter")
        verbose_name_plural = _("virksomhedscentre")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="centre_end_not_before_start",
                violation_error_message=_("Slutdatoen ligger før startdatoen."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="centre_has_seats",
                violation_error_message=_("Et virksomhedscenter skal have mindst 1 plads."),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "company"], name="centre_company")]

    def __str__(self) -> str:
        return self.name


class CentreTargetGroup(TenantModel):
    contract = models.ForeignKey(CentreContract, on_delete=models.CASCADE)
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT)

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "contract", "target_group"],
                name="centre_target_group_once",
                violation_error_message=_("Målgruppen er allerede valgt."),
            )
        ]


class CentreMentor(TenantModel):
    contract = models.ForeignKey(CentreContract, on_delete=models.CASCADE, related_name="mentors")
    contact = models.ForeignKey(ContactPerson, on_delete=models.PROTECT, related_name="+")
    hours_per_week = models.DecimalField(
        _("timer pr. uge"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "contract", "contact"],
                name="centre_mentor_once",
                violation_error_message=_("Mentoren er allerede valgt."),
            )
        ]


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Venter")
    SEATED = "seated", _("Har fået plads")
    WITHDRAWN = "withdrawn", _("Taget af listen")


class WaitingListEntry(TenantModel):
    """A candidate waiting for the next free seat; the oldest entry is first."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(
        CentreContract, on_delete=models.CASCADE, related_name="waiting_list"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=WaitingStatus.choices, default=WaitingStatus.WAITING
    )
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("venteliste")
        verbose_name_plural = _("venteliste")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "contract", "candidate"],
                condition=Q(status="waiting"),
                name="waiting_once_per_candidate",
                violation_error_message=_("Kandidaten står allerede på ventelisten."),
            )
        ]


# --- Jobpakker -------------------------------------------------------------------------------


class JobPackageStage(models.TextChoices):
    DRAFT = "draft", _("Under udarbejdelse")
    RUNNING = "running", _("I gang")
    FOLLOW_UP = "follow_up", _("Opfølgning")
    CLOSED = "closed", _("Afsluttet")


class JobPackage(TenantModel):
    """An employer's demand (a job, a competence profile, a number of positions) and the
    modules that close the gap for a cohort of candidates (DOMAIN.md 3.4)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="job_packages", verbose_name=_("virksomhed")
    )
    job_opening = models.ForeignKey(
        JobOpening,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_packages",
        verbose_name=_("jobåbning"),
    )
    title = models.CharField(_("titel"), max_length=200)
    competence_profile = models.TextField(_("kompetenceprofil"), blank=True)
    positions = models.PositiveSmallIntegerField(
        _("stillinger"), default=1, validators=[MinValueValidator(1)]
    )
    stage = models.CharField(
        _("fase"), max_length=12, choices=JobPackageStage.choices, default=JobPackageStage.DRAFT
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("jobpakke")
        verbose_name_plural = _("jobpakker")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "stage"], name="job_package_stage")]

    def __str__(self) -> str:
        return self.title


class ModuleKind(models.TextChoices):
    COURSE = "course", _("Kursus (AMU)")
    DANISH = "danish", _("Dansk på arbejdspladsen")
    INTERNSHIP = "internship", _("Praktik")
    MENTOR = "mentor", _("Mentor")
    CERTIFICATE = "certificate", _("Certifikat")
    OTHER = "other", _("Andet")


class JobPackageModule(TenantModel):
    package = models.ForeignKey(JobPackage, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("rækkefølge"))
    kind = models.CharField(_("type"), max_length=12, choices=ModuleKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    amu_number = models.CharField(_("AMU-nummer"), max_length=10, blank=True)
    duration_days = models.PositiveSmallIntegerField(
        _("varighed (dage)"), validators=[MinValueValidator(1), MaxValueValidator(730)]
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("moduler")
        ordering = ["package", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "package", "position"],
                name="job_package_module_position",
                violation_error_message=_("Der er allerede et modul på den plads i rækkefølgen."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class ParticipantOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("I gang")
    HIRED = "hired", _("Ansat")
    NOT_HIRED = "not_hired", _("Ikke ansat")
    DROPPED_OUT = "dropped_out", _("Stoppet undervejs")


class JobPackageParticipant(TenantModel):
    """A candidate in a jobpakke's cohort, with the modules completed and the outcome."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    package = models.ForeignKey(JobPackage, on_delete=models.CASCADE, related_name="participants")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    enrolled_on = models.DateField(_("optaget den"), default=timezone.localdate)
    outcome = models.CharField(
        _("resultat"),
        max_length=12,
        choices=ParticipantOutcome.choices,
        default=ParticipantOutcome.IN_PROGRESS,
    )
    outcome_reason = models.CharField(_("årsag"), max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("deltager")
        verbose_name_plural = _("deltagere")
        ordering = ["enrolled_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "package", "candidate"],
                name="job_package_participant_once",
                violation_error_message=_("Kandidaten er allerede med i jobpakken."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["not_hired", "dropped_out"]) | ~Q(outcome_reason=""),
                name="participant_not_hired_needs_a_reason",
                violation_error_message=_("Skriv årsagen til, at kandidaten ikke blev ansat."),
            ),
        ]


class ModuleProgress(TenantModel):
    participant = models.ForeignKey(
        JobPackageParticipant, on_delete=models.CASCADE, related_name="progress"
    )
    module = models.ForeignKey(JobPackageModule, on_delete=models.CASCADE, related_name="+")
    completed_on = models.DateField(_("gennemført den"))

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "participant", "module"],
                name="module_progress_once",
                violation_error_message=_("Modulet er allerede registreret for deltageren."),
            )
        ]


class AgreementReminder(TenantModel):
    """A reminder about an agreement that was sent (before its end, or before its yearly
    evaluation): the unique key makes each one go out once, whatever the workers do."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    # The date the reminder is about (the end, or the evaluation).
    about = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "agreement", "kind", "about"],
                name="agreement_reminder_once",
                violation_error_message=_("Påmindelsen er allerede sendt."),
            )
        ]


class CentreAlert(TenantModel):
    """An under-use alert to one manager about one virksomhedscenter for one week (the Monday
    of the week the alert was made): the unique key makes it go out once, whatever the
    workers do. It is also the manager's in-app notification until it is read."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(CentreContract, on_delete=models.CASCADE, related_name="alerts")
    week = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The weekly occupancy (per cent) of the weeks that triggered the alert, oldest first.
    occupancy = ArrayField(models.DecimalField(max_digits=5, decimal_places=1), default=list)
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["-week", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "contract", "week", "recipient"],
                name="centre_alert_once",
                violation_error_message=_("Advarslen er allerede sendt."),
            )
        ]
