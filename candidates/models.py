"""The people the jobcenter places: who they are, what they can do, where they are on their way
to work and what they have agreed to share (issue 5, DOMAIN.md section 3.3).

Privacy is built in: the CPR number is stored only encrypted (with an HMAC for exact look-up,
see candidates/cpr.py), health and barrier notes live in their own table shown to the people
who work with the candidate, every read by a person is access-logged, and candidates,
sensitive notes and consents keep a write history (accounts/history.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import history
from accounts.models import Team
from accounts.tenancy import TenantManager, TenantModel
from companies.models import POSTCODE, Company, fold


def _ascii_fold(expression: Any) -> Any:
    """The other common way of typing Danish letters without them: ø as o, å as a."""
    for letter, spelling in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("é", "e"), ("ü", "u")):
        expression = Replace(expression, Value(letter), Value(spelling))
    return expression


def _name_document() -> Any:
    """Both ways of spelling the name without Danish letters (Søren Østergård as "soeren
    oestergaard" and "soren ostergard"), then the case reference: a search matches either."""
    name = Lower(Concat("first_name", Value(" "), "last_name"))
    return Concat(fold(name), Value(" "), _ascii_fold(name), Value(" "), Lower("case_reference"))


# --- Catalogues (per jobcenter, dated, never hard-coded: DOMAIN.md 3.0) ---------------------


class Occupation(models.Model):
    """DISCO-08 occupations with Danish titles: reference data shared by every jobcenter,
    loaded from candidates/data/disco08.csv by a migration."""

    code = models.CharField(_("DISCO-08-kode"), max_length=6, unique=True)
    title = models.CharField(_("betegnelse"), max_length=200)

    class Meta:
        verbose_name = _("stillingsbetegnelse")
        verbose_name_plural = _("stillingsbetegnelser")
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class DatedCatalogueEntry(TenantModel):
    """An entry of a per-jobcenter catalogue that is valid for a period."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=120)
    valid_from = models.DateField(_("gælder fra"), null=True, blank=True)
    valid_to = models.DateField(_("gælder til og med"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = TenantManager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Slutdatoen ligger før startdatoen.")})

    def is_valid_on(self, day: object) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (  # type: ignore[operator]
            self.valid_to is None or day <= self.valid_to  # type: ignore[operator]
        )


class TargetGroup(DatedCatalogueEntry):
    """A benefit or target group (målgruppe), e.g. dagpengemodtager."""

    objects = TenantManager()

    class Meta(DatedCatalogueEntry.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="target_group_name_unique",
                violation_error_message=_("Navnet findes allerede."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="target_group_valid_period",
                violation_error_message=_("Slutdatoen ligger før startdatoen."),
            ),
        ]


class AssessmentScheme(DatedCatalogueEntry):
    """A way of assessing how close a person is to work, with its values: today's "jobparat /
    aktivitetsparat", or the older "matchgruppe 1–5" that old records still use."""

    values = ArrayField(models.CharField(max_length=60), verbose_name=_("værdier"))

    objects = TenantManager()

    class Meta(DatedCatalogueEntry.Meta):
        verbose_name = _("vurderingsskema")
        verbose_name_plural = _("vurderingsskemaer")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="assessment_scheme_unique",
                violation_error_message=_("Navnet findes allerede."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="assessment_scheme_valid_period",
                violation_error_message=_("Slutdatoen ligger før startdatoen."),
            ),
        ]


class StaircaseStep(TenantModel):
    """One step of the jobcenter's staircase model (trappemodel). The source lost the steps
    (DOMAIN.md trap 22), so they are data the jobcenter keeps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=120)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    is_active = models.BooleanField(_("i brug"), default=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("trin i trappemodellen")
        verbose_name_plural = _("trin i trappemodellen")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="staircase_step_unique",
                violation_error_message=_("Navnet findes allerede."),
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- The candidate ---------------------------------------------------------------------------


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    PAUSED = "paused", _("Sat på pause")
    CLOSED = "closed", _("Afsluttet")


class DanishLevel(models.TextChoices):
    NATIVE = "native", _("Modersmål")
    FLUENT = "fluent", _("Flydende")
    GOOD = "good", _("Godt")
    BASIC = "basic", _("Grundlæggende")
    NONE = "none", _("Ingen")


class DrivingLicence(models.TextChoices):
    B = "B", _("B (bil)")
    BE = "BE", _("BE (bil med trailer)")
    C = "C", _("C (lastbil)")
    CE = "CE", _("CE (lastbil med anhænger)")
    D = "D", _("D (bus)")
    AM = "AM", _("AM (knallert)")
    TRUCK = "truck", _("Truckcertifikat")


@history.track(exclude=["search_document"])
class Candidate(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    # The CPR number, encrypted (candidates/cpr.py); `cpr_digest` finds it by exact match.
    cpr_ciphertext = models.TextField(blank=True, editable=False)
    cpr_digest = models.CharField(max_length=64, blank=True, editable=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True, validators=[POSTCODE])
    city = models.CharField(_("by"), max_length=100, blank=True)
    case_reference = models.CharField(
        _("sagsnummer i fagsystemet"),
        max_length=60,
        blank=True,
        help_text=_("Borgerens sag i jobcentrets fagsystem, fx sagsnummeret."),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig konsulent"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.ACTIVE,
    )
    closed_on = models.DateField(_("afsluttet den"), null=True, blank=True)
    closed_reason = models.CharField(_("årsag til afslutning"), max_length=300, blank=True)
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("målgruppe"),
    )
    # The newest assessment, kept by candidates.services.assessment_record() so the list can
    # filter on it without a subquery per row.
    latest_assessment = models.ForeignKey(
        "Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # The profile used for matching.
    education = models.CharField(_("uddannelse"), max_length=300, blank=True)
    danish_level = models.CharField(
        _("dansk"), max_length=10, choices=DanishLevel.choices, blank=True
    )
    driving_licences = ArrayField(
        models.CharField(max_length=10, choices=DrivingLicence.choices),
        default=list,
        blank=True,
        verbose_name=_("kørekort og certifikater"),
    )
    hours_per_week = models.DecimalField(
        _("timer pr. uge til rådighed"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    max_travel_km = models.PositiveSmallIntegerField(
        _("kan rejse op til (km)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(500)],
    )
    languages = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, verbose_name=_("sprog")
    )
    competences = ArrayField(
        models.CharField(max_length=80), default=list, blank=True, verbose_name=_("kompetencer")
    )
    profile_text = models.TextField(_("om kandidaten"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    search_document = models.GeneratedField(
        expression=_name_document(), output_field=models.TextField(), db_persist=True
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("kandidat")
        verbose_name_plural = _("kandidater")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "cpr_digest"],
                condition=~Q(cpr_digest=""),
                name="candidate_cpr_unique_per_jobcenter",
                violation_error_message=_(
                    "CPR-nummeret er allerede registreret på en anden kandidat."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="candidate_closed_needs_a_date",
                violation_error_message=_("En afsluttet kandidat skal have en afslutningsdato."),
            ),
            models.CheckConstraint(
                condition=Q(cpr_digest="") | ~Q(cpr_ciphertext=""),
                name="candidate_cpr_digest_needs_the_number",
                violation_error_message=_("CPR-nummeret mangler."),
            ),
        ]
        # The lists show candidates not anonymised: partial indexes on those serve both the
        # page (in the order shown) and its count (an index-only scan).
        indexes = [
            # The few anonymised ones, which lists of placements and follow-ups leave out.
            models.Index(
                fields=["tenant"],
                condition=Q(anonymised_at__isnull=False),
                name="candidate_anonymised",
            ),
            models.Index(
                fields=["tenant", "last_name", "first_name", "id"],
                name="candidate_name",
                condition=Q(anonymised_at__isnull=True),
            ),
            models.Index(
                F("tenant"),
                F("hours_per_week").desc(nulls_last=True),
                F("last_name"),
                F("id"),
                name="candidate_hours",
                condition=Q(anonymised_at__isnull=True),
            ),
            models.Index(
                fields=["tenant", "consultant"],
                name="candidate_consultant",
                condition=Q(anonymised_at__isnull=True),
            ),
            models.Index(
                fields=["tenant", "team"],
                name="candidate_team",
                condition=Q(anonymised_at__isnull=True),
            ),
            models.Index(
                fields=["tenant", "status"],
                name="candidate_status",
                condition=Q(anonymised_at__isnull=True),
            ),
            models.Index(
                fields=["tenant", "target_group"],
                name="candidate_target_group",
                condition=Q(anonymised_at__isnull=True),
            ),
            models.Index(
                fields=["tenant", "closed_on"],
                name="candidate_retention",
                condition=Q(status="closed", anonymised_at__isnull=True),
            ),
            GinIndex(
                fields=["search_document"], name="candidate_search_trgm", opclasses=["gin_trgm_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_ciphertext)

    @property
    def cpr_masked(self) -> str:
        """DDMMYY-XXXX, or "" without a CPR number."""
        if not self.cpr_ciphertext:
            return ""
        from candidates import cpr

        return cpr.mask(cpr.decrypt(self.cpr_ciphertext, tenant_id=self.tenant_id))

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class CandidateOccupation(TenantModel):
    """An occupation the candidate wishes for or has held."""

    class Kind(models.TextChoices):
        WISHED = "wished", _("Ønsket")
        HELD = "held", _("Erfaring")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="occupations")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.WISHED)

    objects = TenantManager()

    class Meta:
        verbose_name = _("stillingsønske eller erfaring")
        verbose_name_plural = _("stillingsønsker og erfaring")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "candidate", "occupation", "kind"],
                name="candidate_occupation",
                violation_error_message=_("Stillingsbetegnelsen er allerede valgt."),
            )
        ]
        indexes = [models.Index(fields=["tenant", "occupation"], name="candidate_occupation_code")]

    def __str__(self) -> str:
        return f"{self.occupation} ({self.get_kind_display()})"


class Assessment(TenantModel):
    """A dated assessment under a named scheme. Never overwritten: a new assessment is a new
    row (a database trigger refuses updates, except blanking the note once the candidate is
    anonymised)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="assessments")
    scheme = models.ForeignKey(
        AssessmentScheme,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vurderingsskema"),
    )
    value = models.CharField(_("vurdering"), max_length=60)
    assessed_on = models.DateField(_("vurderet den"))
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager()

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["-assessed_on", "-recorded_at"]
        indexes = [
            models.Index(fields=["tenant", "candidate", "-assessed_on"], name="assessment_time")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.value} ({self.assessed_on:%d.%m.%Y})"

    def clean(self) -> None:
        if self.scheme_id and self.value not in self.scheme.values:
            raise ValidationError(
                {
                    "value": _("%(value)s er ikke en værdi i %(scheme)s.")
                    % {"value": self.value, "scheme": self.scheme.name}
                }
            )


class SensitiveKind(models.TextChoices):
    BARRIER = "barrier", _("Barriere")
    HEALTH = "health", _("Helbred")
    OTHER = "other", _("Andet følsomt")


@history.track()
class SensitiveNote(TenantModel):
    """Health, barriers and other sensitive notes (GDPR art. 9): apart from the candidate's
    ordinary fields, shown only to the people who work with the candidate, every view logged
    with its purpose, never in an export, the portal or a board pack."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="sensitive_notes"
    )
    kind = models.CharField(_("type"), max_length=10, choices=SensitiveKind.choices)
    text = models.TextField(_("notat"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager()

    class Meta:
        verbose_name = _("følsomt notat")
        verbose_name_plural = _("følsomme notater")
        ordering = ["-written_at"]
        indexes = [models.Index(fields=["tenant", "candidate"], name="sensitive_candidate")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.written_at:%d.%m.%Y})"


class ConsentCategory(models.TextChoices):
    """What a candidate may agree to share with a company. The first name is always shown to
    the company the candidate is placed in (DESIGN.md section 4); nothing sensitive is ever
    shareable."""

    FULL_NAME = "full_name", _("Fulde navn")
    CONTACT = "contact", _("Kontaktoplysninger")
    PROFILE = "profile", _("Kompetencer, uddannelse og jobønsker")
    AVAILABILITY = "availability", _("Timer og transport")
    CV = "cv", _("Profiltekst (CV)")
    PLACEMENTS = "placements", _("Tidligere forløb")


@history.track()
class Consent(TenantModel):
    """A dated consent to share named kinds of data with one company, or with employers in
    general (no company). Withdrawn, never deleted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("virksomhed"),
        help_text=_("Tom: arbejdsgivere generelt."),
    )
    categories = ArrayField(
        models.CharField(max_length=20, choices=ConsentCategory.choices),
        verbose_name=_("oplysninger"),
    )
    given_on = models.DateField(_("givet den"))
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(_("trukket tilbage den"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-given_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_(
                    "Et samtykke kan ikke trækkes tilbage, før det er givet."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(categories=[]),
                name="consent_names_what_may_be_shared",
                violation_error_message=_("Vælg, hvilke oplysninger der må deles."),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "candidate"], name="consent_candidate")]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.company or _('arbejdsgivere generelt')}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    def category_labels(self) -> list[str]:
        return [str(ConsentCategory(c).label) for c in self.categories]


# --- The staircase plan ----------------------------------------------------------------------


class StaircasePlan(TenantModel):
    """A candidate's way up the staircase: the current step, sub-goals and the moves."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="staircase_plan"
    )
    current_step = models.ForeignKey(
        StaircaseStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("nuværende trin")
    )
    started_on = models.DateField(_("startet den"), default=timezone.localdate)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("trappeplan")
        verbose_name_plural = _("trappeplaner")

    def __str__(self) -> str:
        return f"{self.candidate}: {self.current_step}"


class SubGoalStatus(models.TextChoices):
    OPEN = "open", _("I gang")
    ACHIEVED = "achieved", _("Nået")
    DROPPED = "dropped", _("Opgivet")


class StaircaseSubGoal(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(StaircasePlan, on_delete=models.CASCADE, related_name="sub_goals")
    step = models.ForeignKey(
        StaircaseStep,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trin"),
    )
    text = models.CharField(_("delmål"), max_length=300)
    due_on = models.DateField(_("senest"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SubGoalStatus.choices, default=SubGoalStatus.OPEN
    )
    status_changed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["tenant", "plan"], name="subgoal_plan")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == SubGoalStatus.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class StaircaseMove(TenantModel):
    """A move between steps, kept as history (up, and sometimes down)."""

    plan = models.ForeignKey(StaircasePlan, on_delete=models.CASCADE, related_name="moves")
    from_step = models.ForeignKey(
        StaircaseStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_step = models.ForeignKey(StaircaseStep, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField(_("dato"), default=timezone.localdate)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("skift af trin")
        verbose_name_plural = _("skift af trin")
        ordering = ["-moved_on", "-created_at"]
        indexes = [models.Index(fields=["tenant", "plan"], name="staircase_move_plan")]

    def __str__(self) -> str:
        return f"{self.from_step} → {self.to_step}"
