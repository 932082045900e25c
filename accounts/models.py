from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantManager, TenantModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address. Not tenant-owned: one person may work
    for several jobcenters (their memberships say where and as what)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(
        _("platformsadministrator"),
        default=False,
        help_text=_("Må logge ind i platformens administration (/admin/)."),
    )
    date_joined = models.DateTimeField(_("oprettet"), default=timezone.now)
    # The daily e-mail of due and overdue follow-ups and next steps (placements.reminders);
    # the bell's notifications come whatever this says.
    reminder_emails = models.BooleanField(
        _("påmindelser på e-mail"),
        default=True,
        help_text=_("En e-mail om morgenen med de opfølgninger og næste skridt, der skal gøres."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name.split(" ")[0] if self.name else "") or self.email


def default_board_label() -> str:
    return "LBR"


def default_closing_days() -> list[str]:
    # Grundlovsdag, juleaftensdag and nytårsaftensdag: not public holidays, yet most
    # jobcentres are closed (accounts.working_days).
    return ["05.06", "24.12", "31.12"]


def default_priority_labels() -> list[str]:
    # DOMAIN.md 3.2: groups 1–2 get a meeting and a written proposal, 3 a call, 4 a letter.
    return ["Strategisk partner", "Vigtig samarbejdspartner", "Løbende kontakt", "Orientering"]


class Jobcenter(models.Model):
    """The tenant. Global: it is what every tenant-owned row points to."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(
        _("kort navn i adressen"),
        max_length=50,
        unique=True,
        help_text=_(
            "Står i adressen på alle jobcentrets sider, fx roskilde i /roskilde/. Små "
            "bogstaver, tal og bindestreg."
        ),
    )
    municipality_code = models.CharField(
        _("kommunekode"),
        max_length=3,
        help_text=_("Kommunens tre cifre, fx 265 for Roskilde."),
        validators=[
            RegexValidator(r"^\d{3}$", _("Kommunekoden er tre cifre, fx 265.")),
        ],
    )
    board_label = models.CharField(
        _("betegnelse for beskæftigelsesudvalget"),
        max_length=60,
        default=default_board_label,
        help_text=_("Fx LBR, RAR eller Beskæftigelsesudvalget."),
    )
    access_log_retention_months = models.PositiveSmallIntegerField(
        _("opbevaring af adgangsloggen (måneder)"),
        default=12,
        validators=[MinValueValidator(6), MaxValueValidator(120)],
        help_text=_("Mindst 6 måneder."),
    )
    candidate_retention_years = models.PositiveSmallIntegerField(
        _("opbevaring af afsluttede borgere (år)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    priority_labels = ArrayField(
        models.CharField(max_length=60),
        size=4,
        default=default_priority_labels,
        verbose_name=_("navne på prioritetsgrupperne 1–4"),
    )
    contact_warning_days = models.PositiveSmallIntegerField(
        _("advar om kollegers kontakt inden for (dage)"),
        default=14,
        validators=[MaxValueValidator(365)],
    )
    opening_take_up_days = models.PositiveSmallIntegerField(
        _("en ny jobåbning tages op inden for (arbejdsdage)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    closing_days = ArrayField(
        models.CharField(max_length=10),
        default=default_closing_days,
        blank=True,
        verbose_name=_("lukkedage"),
        help_text=_(
            "Dage ud over helligdagene, hvor jobcentret er lukket: dd.mm hvert år, "
            "dd.mm.åååå én gang."
        ),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("jobcenter")
        verbose_name_plural = _("jobcentre")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(access_log_retention_months__gte=6),
                name="jobcenter_access_log_kept_at_least_6_months",
                violation_error_message=_("Adgangsloggen skal opbevares i mindst 6 måneder."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Dette korte navn er reserveret; vælg et andet.")})


# Top-level paths that are not jobcenters.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "konto",
        "health",
        "static",
        "media",
        "i18n",
        "portal",
        "kalender",
        "invitation",
        "bekraeft-adresse",
    }
)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Leder")
    CONSULTANT = "consultant", _("Konsulent")
    BOARD = "board", _("Medlem af beskæftigelsesudvalget")
    EMPLOYER = "employer", _("Virksomhedskontakt")


class Team(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=120)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="team_name_unique_per_jobcenter",
                violation_error_message=_("Der findes allerede et team med det navn."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A user's place in one jobcenter: one role, optionally one team."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruger")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("team"),
    )
    # An employer contact speaks for exactly one company; staff for none.
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_memberships",
        verbose_name=_("virksomhed"),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = TenantManager()
    # A person's own memberships in every jobcenter (the picker after sign-in); the database
    # shows only rows whose user is `app.user_id`. See selectors.memberships_of().
    across_jobcenters = models.Manager()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"],
                name="membership_one_per_user_and_jobcenter",
                violation_error_message=_("Personen er allerede medlem af jobcentret."),
            ),
            models.CheckConstraint(
                condition=models.Q(role="employer") | models.Q(company__isnull=True),
                name="membership_only_employer_contacts_have_a_company",
                violation_error_message=_("Kun virksomhedskontakter hører til en virksomhed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.team_id and self.team and self.team.tenant_id != self.tenant_id:
            raise ValidationError({"team": _("Teamet hører til et andet jobcenter.")})
        if self.role == Role.EMPLOYER and self.company_id is None:
            raise ValidationError(
                {"company": _("En virksomhedskontakt skal høre til en virksomhed.")}
            )
        if self.role != Role.EMPLOYER and self.company_id is not None:
            raise ValidationError(
                {"company": _("Kun virksomhedskontakter hører til en virksomhed.")}
            )
        if self.company_id and self.company.tenant_id != self.tenant_id:
            raise ValidationError({"company": _("Virksomheden hører til et andet jobcenter.")})

    @property
    def capabilities(self) -> frozenset[str]:
        from accounts.capabilities import capabilities_for

        return capabilities_for(self.role)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities


class Invitation(TenantModel):
    """An e-mailed invitation to become a member of a jobcenter (accounts.invitations).

    Nobody sets their own sign-in address: the invitee proves the address by opening the link
    sent to it, and only then does a membership (and, for someone new to Jobbro, a user)
    exist. Only the SHA-256 of the link's secret is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("navn"), max_length=200, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("virksomhed"),
    )
    # Made by platform staff for a jobcenter without members: it can only be accepted while
    # the jobcenter still has none.
    first_admin = models.BooleanField(_("første administrator"), default=False)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inviteret af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    accepted_at = models.DateTimeField(_("taget imod"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taget imod af"),
    )
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    objects = TenantManager()
    # The invitee opens the link before anyone knows the jobcenter; the database shows only
    # the row whose hash is app.link_hash (accounts.tenancy.set_db_link).
    by_hash = models.Manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
                violation_error_message=_("Adressen er allerede inviteret."),
            ),
            models.CheckConstraint(
                condition=models.Q(role="employer") | models.Q(company__isnull=True),
                name="invitation_only_employer_contacts_have_a_company",
                violation_error_message=_("Kun virksomhedskontakter hører til en virksomhed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        """Neither accepted nor revoked (it may still have expired)."""
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.is_open and self.expires_at <= timezone.now()


class EmailChange(TenantModel):
    """A jobcenter admin's change of a member's sign-in address, and its record. It takes
    effect only when the new address confirms it through the e-mailed link (the old address is
    told at once); the rows stay as the log of who changed what when (accounts.email_changes).
    Only the SHA-256 of the link's secret is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    old_email = models.EmailField(_("tidligere adresse"))
    new_email = models.EmailField(_("ny adresse"))
    requested_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ændret af"),
    )
    requested_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulleret"), null=True, blank=True)

    objects = TenantManager()
    # Found by the link's hash before the jobcenter is known (app.link_hash).
    by_hash = models.Manager()

    class Meta:
        verbose_name = _("ændring af e-mailadresse")
        verbose_name_plural = _("ændringer af e-mailadresser")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"],
                condition=models.Q(confirmed_at__isnull=True, cancelled_at__isnull=True),
                name="email_change_one_pending_per_user",
                violation_error_message=_("Personen har allerede en ændring af adressen i gang."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_email} → {self.new_email}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None and self.cancelled_at is None

    @property
    def is_expired(self) -> bool:
        return self.is_pending and self.expires_at <= timezone.now()


class PlatformAudit(models.Model):
    """Every use of the escape hatch that lifts the tenant locks (platform staff, migrations,
    national aggregates). Global and append-only."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.CharField(_("hvem"), max_length=254)
    reason = models.CharField(_("begrundelse"), max_length=500)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("indgreb fra platformen")
        verbose_name_plural = _("platformens revisionslog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.reason}"


class AccessLog(TenantModel):
    """Append-only record of every read of a citizen's personal data by a person (DESIGN.md
    section 5). Written only through accounts.access_log.record(); the database refuses
    UPDATE, and DELETE except by the retention prune."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("bruger"),
    )
    # The API token the read was made with (None: in the browser, or by the system). The
    # user above is the token's owner; this says which of their tokens, and so which system.
    api_token = models.ForeignKey(
        "accounts.ApiToken",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("API-nøgle"),
    )
    action = models.CharField(_("handling"), max_length=40)
    object_type = models.CharField(_("objekttype"), max_length=60, blank=True)
    object_id = models.CharField(_("objekt"), max_length=64, blank=True)
    criterion = models.CharField(_("søgekriterium"), max_length=300, blank=True)
    purpose = models.CharField(_("formål"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("opslag i adgangsloggen")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["tenant", "at"], name="accesslog_tenant_at"),
            models.Index(
                fields=["tenant", "object_type", "object_id", "at"], name="accesslog_tenant_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class ApiToken(TenantModel):
    """A bearer token for the REST API. It belongs to one membership, so to one jobcenter and
    one role. Only its SHA-256 is stored; the token itself is shown once, when it is made."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("medlem")
    )
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(_("begyndelse"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(_("kun læseadgang"), default=False)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    objects = TenantManager()
    # Authentication finds a token by its hash before it knows whether the token belongs to
    # the jobcenter in the URL; the database shows only the row whose hash is app.token_hash.
    by_hash = models.Manager()

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("I gang")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlede")


class Job(TenantModel):
    """A long piece of background work (an import, an export, a report pack): its status and
    progress, which the page polls, and its result. See accounts.jobs for the life cycle."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=40)
    # The job page's heading, in the words of the person who started it ("Opslagshistorik");
    # never personal data (no citizen's name).
    title = models.CharField(_("titel"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("besked"), max_length=500, blank=True)
    # What the task needs to start (ids, a stored file's name); never personal data.
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("baggrundsjob")
        verbose_name_plural = _("baggrundsjob")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "kind", "created_at"], name="job_tenant_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, self.progress_done * 100 // self.progress_total)


class JobFile(TenantModel):
    """A file a Job made (a PDF, a CSV or JSON export). The bytes are stored privately (never
    under a public URL) with an unguessable name, downloaded only by the job's creator, and
    deleted JOB_FILE_RETENTION_DAYS after the job finished. See accounts.jobs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    # Where the bytes are: "<jobcenter id>/<random hex>" in accounts.jobs' private storage.
    stored_as = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("fil fra et baggrundsjob")
        verbose_name_plural = _("filer fra baggrundsjob")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
