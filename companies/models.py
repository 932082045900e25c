"""The company register: one shared register per jobcenter, one key account per company, and
a contact log everyone shares (DOMAIN.md sections 1 and 3.2)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from accounts.tenancy import TenantManager, TenantModel

POSTCODE = RegexValidator(r"^\d{4}$", _("Postnummeret skal være fire cifre."))
MUNICIPALITY_CODE = RegexValidator(r"^\d{3}$", _("Kommunekoden skal være tre cifre."))
P_NUMBER = RegexValidator(r"^\d{10}$", _("P-nummeret skal være ti cifre."))
INDUSTRY_CODE = RegexValidator(r"^\d{6}$", _("Branchekoden (DB07) skal være seks cifre."))


def validate_cvr(value: str) -> None:
    if not stdnum_cvr.is_valid(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt CVR-nummer (otte cifre med korrekt kontrolciffer)."),
            params={"value": value},
            code="invalid_cvr",
        )


FOLDED_LETTERS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u"))


def fold(expression: Any) -> Any:
    """The SQL twin of search_text(): æ/ø/å spelt out, inside the database."""
    for letter, spelling in FOLDED_LETTERS:
        expression = Replace(expression, Value(letter), Value(spelling))
    return expression


def search_text(*parts: str) -> str:
    """Folded for search: lower case, æ/ø/å spelt out, so 'Soendergaard' finds 'Søndergård'."""
    text = " ".join(p for p in parts if p).lower()
    for letter, spelling in FOLDED_LETTERS:
        text = text.replace(letter, spelling)
    return text


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 ansatte")
    SMALL = "10-49", _("10–49 ansatte")
    MEDIUM = "50-249", _("50–249 ansatte")
    LARGE = "250+", _("250 eller flere ansatte")


def size_band_for(employee_count: int | None) -> str:
    if employee_count is None:
        return ""
    if employee_count < 10:
        return SizeBand.MICRO
    if employee_count < 50:
        return SizeBand.SMALL
    if employee_count < 250:
        return SizeBand.MEDIUM
    return SizeBand.LARGE


class Sector(models.TextChoices):
    PRIVATE = "private", _("Privat")
    PUBLIC = "public", _("Offentlig")
    OTHER = "other", _("Andet")


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    CEASED = "ceased", _("Ophørt")


class CompanyKind(models.TextChoices):
    """What kind of organisation it is: agreements can have third parties (issue 7)."""

    EMPLOYER = "employer", _("Arbejdsgiver")
    EDUCATION = "education", _("Uddannelsesinstitution")
    BUSINESS_ORGANISATION = "business_organisation", _("Erhvervsorganisation")
    UNION = "union", _("Fagforening")
    ASSOCIATION = "association", _("Forening")
    PUBLIC_BODY = "public_body", _("Offentlig myndighed")


class Company(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cvr = models.CharField(
        _("CVR-nummer"),
        max_length=8,
        blank=True,
        validators=[validate_cvr],
        help_text=_("Otte cifre. Kan kun udelades for organisationer uden CVR-nummer."),
    )
    name = models.CharField(_("navn"), max_length=200)
    legal_form = models.CharField(_("virksomhedsform"), max_length=60, blank=True)
    industry_code = models.CharField(
        _("branchekode (DB07)"), max_length=6, blank=True, validators=[INDUSTRY_CODE]
    )
    industry_text = models.CharField(_("branche"), max_length=200, blank=True)
    employee_count = models.PositiveIntegerField(_("antal ansatte"), null=True, blank=True)
    size_band = models.CharField(
        _("størrelse"), max_length=10, choices=SizeBand.choices, blank=True
    )
    sector = models.CharField(
        _("sektor"), max_length=10, choices=Sector.choices, default=Sector.PRIVATE
    )
    # A default in the database too: the import and the load generator write rows with SQL.
    kind = models.CharField(
        _("type organisation"),
        max_length=24,
        choices=CompanyKind.choices,
        default=CompanyKind.EMPLOYER,
        db_default=CompanyKind.EMPLOYER,
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True, validators=[POSTCODE])
    city = models.CharField(_("by"), max_length=100, blank=True)
    municipality_code = models.CharField(
        _("kommunekode"), max_length=3, blank=True, validators=[MUNICIPALITY_CODE]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE
    )
    priority = models.PositiveSmallIntegerField(
        _("prioritetsgruppe"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    key_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fast kontaktperson i jobcentret"),
    )
    # A temporary stand-in (holidays): the key account hands over until a date.
    key_account_deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stedfortræder"),
    )
    deputy_until = models.DateField(_("stedfortræder til og med"), null=True, blank=True)
    # Kept by a trigger on the contact log (companies/migrations/0004), so lists can sort and
    # filter on it without a subquery per row.
    last_contact_at = models.DateTimeField(_("seneste kontakt"), null=True, editable=False)
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    notes = models.TextField(_("noter"), blank=True)
    # Kept by PostgreSQL itself, so imports and raw SQL keep them right too.
    search_document = models.GeneratedField(
        expression=fold(Lower(Concat("name", Value(" "), "cvr", Value(" "), "city"))),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("name", "industry_text", "city", config="danish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "cvr"],
                condition=~Q(cvr=""),
                name="company_cvr_unique_per_jobcenter",
                violation_error_message=_(
                    "CVR-nummeret er allerede registreret på en anden virksomhed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(priority__isnull=True) | Q(priority__gte=1, priority__lte=4),
                name="company_priority_1_to_4",
                violation_error_message=_("Prioriteten er 1, 2, 3 eller 4."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "name"], name="company_tenant_name"),
            models.Index(fields=["tenant", "key_account"], name="company_tenant_key_account"),
            models.Index(fields=["tenant", "status"], name="company_tenant_status"),
            models.Index(fields=["tenant", "last_contact_at"], name="company_tenant_last_contact"),
            GinIndex(
                fields=["search_document"],
                name="company_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(fields=["search_vector"], name="company_search_fts"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ceased(self) -> bool:
        return self.status == CompanyStatus.CEASED

    def current_contact(self) -> int | None:
        """Who answers for the company today: the deputy while a handover lasts."""
        if (
            self.key_account_deputy_id
            and self.deputy_until
            and self.deputy_until >= timezone.localdate()
        ):
            return self.key_account_deputy_id
        return self.key_account_id


class CompanyFollower(TenantModel):
    """A consultant who wants updates about a company they do not own."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "company", "user"],
                name="company_follower_once",
                violation_error_message=_("Du følger allerede virksomheden."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.company}"


class Workplace(TenantModel):
    """A production unit (P-unit). Coverage is counted on workplaces (DOMAIN.md 3.2)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="workplaces")
    p_number = models.CharField(_("P-nummer"), max_length=10, blank=True, validators=[P_NUMBER])
    name = models.CharField(_("navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True, validators=[POSTCODE])
    city = models.CharField(_("by"), max_length=100, blank=True)
    municipality_code = models.CharField(
        _("kommunekode"), max_length=3, blank=True, validators=[MUNICIPALITY_CODE]
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("arbejdssted")
        verbose_name_plural = _("arbejdssteder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "p_number"],
                condition=~Q(p_number=""),
                name="workplace_p_number_unique_per_jobcenter",
                violation_error_message=_(
                    "P-nummeret er allerede registreret på et andet arbejdssted."
                ),
            )
        ]
        indexes = [models.Index(fields=["tenant", "company"], name="workplace_tenant_company")]

    def __str__(self) -> str:
        return self.name


class ContactRole(models.TextChoices):
    OWNER = "owner", _("Ejer/direktør")
    HR = "hr", _("HR")
    MANAGER = "manager", _("Leder")
    MENTOR = "mentor", _("Mentor")
    SHOP_STEWARD = "shop_steward", _("Tillidsrepræsentant")
    OTHER = "other", _("Anden")


class ContactPerson(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("titel"), max_length=120, blank=True)
    role = models.CharField(
        _("rolle"), max_length=20, choices=ContactRole.choices, default=ContactRole.OTHER
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["name"]
        indexes = [models.Index(fields=["tenant", "company"], name="contact_tenant_company")]

    def __str__(self) -> str:
        return self.name


class ContactPurpose(TenantModel):
    """The configurable list of purposes a contact may have (DOMAIN.md 3.2: purpose required)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=100)
    is_active = models.BooleanField(_("aktiv"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        verbose_name = _("formål")
        verbose_name_plural = _("formål")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="purpose_name_unique",
                violation_error_message=_("Formålet findes allerede."),
            )
        ]

    def __str__(self) -> str:
        return self.name


DEFAULT_PURPOSES = [
    "Konkret kandidat",
    "Praktik- og løntilskudspladser",
    "Partnerskab",
    "Virksomhedscenter",
    "Sygefravær og fastholdelse",
    "Kampagne",
    "Jobordre / rekruttering",
    "Evaluering",
]


class ActivityType(models.TextChoices):
    VISIT = "visit", _("Besøg")
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Møde")
    NETWORK_EVENT = "network_event", _("Netværksarrangement")
    INBOUND = "inbound", _("Henvendelse fra virksomheden")


class Activity(TenantModel):
    """One entry in the shared contact log."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="activities")
    type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    occurred_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    is_planned = models.BooleanField(_("planlagt"), default=False)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("konsulent"),
    )
    contacts = models.ManyToManyField(
        ContactPerson, through="ActivityContact", blank=True, verbose_name=_("kontaktpersoner")
    )
    purpose = models.ForeignKey(
        ContactPurpose, on_delete=models.PROTECT, related_name="+", verbose_name=_("formål")
    )
    purpose_text = models.CharField(_("formål, uddybning"), max_length=200, blank=True)
    summary = models.TextField(_("referat"), blank=True)
    outcome = models.TextField(_("resultat"), blank=True)
    next_step = models.CharField(_("næste skridt"), max_length=300, blank=True)
    next_step_due = models.DateField(_("næste skridt senest"), null=True, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig for næste skridt"),
    )
    next_step_done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontaktlog")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(
                fields=["tenant", "company", "-occurred_at"], name="activity_company_time"
            ),
            models.Index(
                fields=["tenant", "next_step_owner", "next_step_due"],
                name="activity_open_next_steps",
                condition=Q(next_step_done_at__isnull=True, next_step_due__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step_due__isnull=True) | ~Q(next_step=""),
                name="activity_due_date_needs_a_next_step",
                violation_error_message=_("Skriv, hvad næste skridt er."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.company}"


class ActivityContact(TenantModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE)
    contact = models.ForeignKey(ContactPerson, on_delete=models.CASCADE)

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "activity", "contact"],
                name="activity_contact_once",
                violation_error_message=_("Kontaktpersonen er allerede med i kontakten."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} @ {self.activity_id}"


class KeyAccountHandover(TenantModel):
    """The log of who held a company's key account, and who handed it on (one action)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    until = models.DateField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.company}: {self.from_user} → {self.to_user}"


class OpeningStatus(models.TextChoices):
    NEW = "new", _("Ny")
    HANDED_OVER = "handed_over", _("Overdraget")
    IN_PROGRESS = "in_progress", _("I gang")
    FILLED = "filled", _("Besat")
    CLOSED = "closed", _("Lukket")


class OpeningSource(models.TextChoices):
    COMPANY = "company", _("Virksomheden meldte den")
    CONSULTANT = "consultant", _("Spottet af en konsulent")
    EVENT = "event", _("Arrangement")
    PORTAL = "portal", _("Virksomhedsportalen")
    OTHER = "other", _("Andet")


class JobOpening(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="openings")
    workplace = models.ForeignKey(
        Workplace, on_delete=models.SET_NULL, null=True, blank=True, related_name="openings"
    )
    title = models.CharField(_("titel"), max_length=200)
    occupation = models.CharField(_("stillingsbetegnelse/fag"), max_length=200, blank=True)
    # The DISCO-08 occupation that matching compares with candidates' wishes and experience
    # (placements/matching.py); the free text above stays as the company put it.
    occupation_code = models.ForeignKey(
        "candidates.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("DISCO-08-stillingsbetegnelse"),
    )
    # Where the work is, for the travel distance in matching. Empty: the workplace's
    # postcode, else the company's.
    postcode = models.CharField(
        _("postnummer"),
        max_length=4,
        blank=True,
        validators=[POSTCODE],
        help_text=_("Hvor arbejdet foregår. Tomt: arbejdsstedets eller virksomhedens."),
    )
    target_groups = models.ManyToManyField(
        "candidates.TargetGroup",
        through="JobOpeningTargetGroup",
        blank=True,
        related_name="+",
        verbose_name=_("målgrupper"),
        help_text=_("Kun hvis jobbet er tiltænkt bestemte målgrupper, fx fleksjob."),
    )
    positions = models.PositiveSmallIntegerField(
        _("antal"), default=1, validators=[MinValueValidator(1)]
    )
    hours_per_week = models.DecimalField(
        _("timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    wished_start = models.DateField(_("ønsket start"), null=True, blank=True)
    requirements = models.TextField(_("krav og opgaver"), blank=True)
    source = models.CharField(
        _("kilde"), max_length=20, choices=OpeningSource.choices, default=OpeningSource.COMPANY
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OpeningStatus.choices, default=OpeningStatus.NEW
    )
    closed_reason = models.CharField(_("årsag til lukning"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    reported_at = models.DateTimeField(_("meldt"), default=timezone.now)
    taken_up_at = models.DateTimeField(_("taget op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("jobåbning")
        verbose_name_plural = _("jobåbninger")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["tenant", "status", "reported_at"], name="opening_status"),
            models.Index(fields=["tenant", "company"], name="opening_company"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closed_reason=""),
                name="opening_closed_needs_a_reason",
                violation_error_message=_("Skriv, hvorfor jobåbningen lukkes."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.company}"

    @property
    def work_postcode(self) -> str:
        """Where the work is: the opening's own postcode, else the workplace's, else the
        company's ("" when none is known)."""
        if self.postcode:
            return self.postcode
        if self.workplace_id and self.workplace.postcode:
            return self.workplace.postcode
        return self.company.postcode


class JobOpeningTargetGroup(TenantModel):
    """A target group a job opening is meant for (the through table of its many-to-many, so
    the rows carry a tenant and a row-level policy)."""

    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE)
    target_group = models.ForeignKey("candidates.TargetGroup", on_delete=models.PROTECT)

    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "opening", "target_group"],
                name="opening_target_group_once",
                violation_error_message=_("Målgruppen er allerede valgt."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.opening_id} → {self.target_group_id}"


class CompanyMerge(TenantModel):
    """The log of two companies merged into one (duplicates): what the removed company was,
    who merged it and what moved to the survivor."""

    survivor = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, related_name="merges"
    )
    merged_public_id = models.UUIDField()
    merged_name = models.CharField(max_length=200)
    merged_cvr = models.CharField(max_length=8, blank=True)
    moved = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = TenantManager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.survivor}"
