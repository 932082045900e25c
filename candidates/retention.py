"""Retention (DESIGN.md section 5, issue 5 item 8): a closed candidate whose closing date is older
than the jobcenter's `candidate_retention_years` is anonymised, after the export hooks have had
their chance to archive the candidate in the jobcenter's case system.

Anonymising keeps the row, so placements that point to it still count in the statistics: the
status, closing date, target group, team and the assessments' scheme, value and date stay.
Everything else that says who the person was goes: the names, the CPR number (ciphertext and
digest), contact details, case reference, profile, occupations, closing reason, sensitive
notes, consents, assessment notes, sub-goal texts, move notes, and the write history of the
candidate, its sensitive notes and its consents (those event rows hold the old values). The
public id is replaced too: exports, archives and the access log name the old one, and the row
must not be linkable back to the person through it. The look-up history's and Indsigt's
background jobs go with their files.

Other apps hold free text about a candidate too (placements' notes, presentations, waiting
lists, jobpakker): each registers an anonymiser (`register_anonymiser`), as they register their
part of the subject-access export, since candidates does not import them; they also say which
companies each candidate was in touch with (`register_company_links`). The contact log is
written by hand: its entries lose the candidates' full names, e-mail addresses, telephone and
CPR numbers anywhere, and their first and last names at those companies (`Anonymising`).

`anonymise_expired()` works through one batch per call, inside the tenant scope of the task
that calls it (candidates.tasks), and the task chains the next batch in a new transaction: an
export hook may call a slow external system, and one transaction for a whole jobcenter could
run past the task time limit, be rolled back and never finish, while holding row locks that
block a consultant who reopens one of those candidates.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Func, Q, QuerySet, UUIDField
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts import jobs
from accounts.models import Job, Jobcenter
from accounts.tenancy import current_tenant_id
from candidates import cpr as cpr_numbers
from candidates.models import (
    Assessment,
    Candidate,
    CandidateOccupation,
    CandidateStatus,
    Consent,
    SensitiveNote,
    StaircaseMove,
    StaircaseSubGoal,
)
from companies.models import Activity

logger = logging.getLogger(__name__)

# Small enough that a batch with a slow export hook per candidate stays far inside the task
# time limit (CELERY_TASK_TIME_LIMIT, 15 minutes by default).
BATCH_SIZE = 200
ANONYMOUS_NAME = "Anonymiseret"

ExportHook = Callable[[Candidate], None]


@dataclass(frozen=True)
class RetentionBatch:
    anonymised: int
    held_back: int
    # The highest candidate id this batch looked at; the next batch starts after it, so a
    # candidate whose hook failed is not tried again until the next night.
    last_id: int
    more: bool


def retention_cutoff(*, jobcenter: Jobcenter, today: date | None = None) -> date:
    """Candidates closed before this day have expired (closed exactly N years ago: tomorrow)."""
    today = today or timezone.localdate()
    return today - relativedelta(years=jobcenter.candidate_retention_years)


def expired_candidates(*, jobcenter: Jobcenter, today: date | None = None) -> QuerySet[Candidate]:
    """The current jobcenter's candidates that retention anonymises (not yet anonymised)."""
    if jobcenter.pk != current_tenant_id():
        raise ValueError("expired_candidates() runs inside the jobcenter's own scope.")
    return Candidate.objects.filter(
        status=CandidateStatus.CLOSED,
        closed_on__lt=retention_cutoff(jobcenter=jobcenter, today=today),
        anonymised_at__isnull=True,
    )


def export_hooks() -> list[tuple[str, ExportHook]]:
    """The configured hooks (CANDIDATE_RETENTION_EXPORT_HOOKS), in order; a system check
    refuses to start when one cannot be imported."""
    return [(path, import_string(path)) for path in settings.CANDIDATE_RETENTION_EXPORT_HOOKS]


def _run_hooks(candidate: Candidate, hooks: Sequence[tuple[str, ExportHook]]) -> bool:
    """True when every hook archived the candidate. A hook's database writes are undone when
    it fails. Logged without personal data: the internal id and the exception's class only,
    since its message may quote the person."""
    for path, hook in hooks:
        try:
            with transaction.atomic():
                hook(candidate)
        except Exception as error:
            logger.warning(
                "Retention: export hook %s failed for candidate id %s in jobcenter %s (%s); "
                "not anonymised, tried again next night.",
                path,
                candidate.pk,
                candidate.tenant_id,
                type(error).__name__,
            )
            return False
    return True


def anonymise_expired(
    *,
    jobcenter: Jobcenter,
    after_id: int = 0,
    batch_size: int | None = None,
    today: date | None = None,
) -> RetentionBatch:
    """Export and anonymise one batch of expired candidates with ids above `after_id`.

    Runs in the caller's transaction inside the jobcenter's scope. The batch is claimed with
    FOR UPDATE SKIP LOCKED, so two runs at once take different candidates, and a candidate
    that another run has anonymised no longer matches: running twice changes nothing more.
    """
    batch_size = batch_size or BATCH_SIZE
    claimed = list(
        expired_candidates(jobcenter=jobcenter, today=today)
        .filter(pk__gt=after_id)
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))[:batch_size]
    )
    hooks = export_hooks()
    exported = [c.pk for c in claimed if _run_hooks(c, hooks)]
    anonymise(candidate_ids=exported)
    held_back = len(claimed) - len(exported)
    if claimed:
        logger.info(
            "Retention: jobcenter %s anonymised %s candidates, %s held back by an export hook.",
            jobcenter.pk,
            len(exported),
            held_back,
        )
    return RetentionBatch(
        anonymised=len(exported),
        held_back=held_back,
        last_id=claimed[-1].pk if claimed else after_id,
        more=len(claimed) == batch_size,
    )


def _set_retention_switch(value: str) -> None:
    # The assessments' append-only trigger (migration 0002) lets updates through only while
    # this transaction-local setting is on.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.candidate_retention', %s, true)", [value])


# --- Free text that names the candidates ----------------------------------------------------

# What replaces a name, an e-mail address, a telephone or CPR number in free text.
REDACTED = "[…]"


def _escaped(term: str) -> str:
    """A literal for a regular expression that both Python and PostgreSQL read alike: every
    character but letters and digits behind a backslash."""
    return "".join(c if c.isalnum() else "\\" + c for c in term)


def _alternation(terms: set[str]) -> str:
    # The longest first, so "Anna Holm" is taken whole before "Anna".
    return "|".join(_escaped(t) for t in sorted(terms, key=lambda t: (-len(t), t)))


def _pattern(terms: set[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile(rf"(?<!\w)(?:{_alternation(terms)})(?!\w)", re.IGNORECASE)


def _identifying(candidate: Candidate) -> set[str]:
    """What names this one person and nobody else, wherever it is written: the full name,
    e-mail address, telephone and CPR number as people write them, the case reference."""
    terms = {candidate.full_name if candidate.first_name and candidate.last_name else ""}
    terms |= {
        candidate.email,
        candidate.case_reference if len(candidate.case_reference) > 3 else "",
    }
    digits = re.sub(r"\D", "", candidate.phone)
    if len(digits) >= 6:
        local = digits[2:] if digits.startswith("45") and len(digits) == 10 else digits
        pairs = " ".join(local[i : i + 2] for i in range(0, len(local), 2))
        terms |= {candidate.phone.strip(), digits, local, pairs}
    if candidate.has_cpr:
        number = cpr_numbers.decrypt(candidate.cpr_ciphertext, tenant_id=candidate.tenant_id)
        terms |= {number, f"{number[:6]}-{number[6:]}", f"{number[:6]} {number[6:]}"}
    return {t for t in terms if t}


def _names(candidate: Candidate) -> set[str]:
    """The first and last name and each of their words: enough to name the person in the
    contact log of a company that knows them, too common to look for anywhere else."""
    names = {candidate.first_name.strip(), candidate.last_name.strip()}
    for name in list(names):
        names |= set(name.split())
    return {n for n in names if len(n) > 1}


@dataclass
class Anonymising:
    """The candidates one anonymise() call takes, as other apps' anonymisers get them: their
    ids, and `redact()` for free text that may name them. Built before anything is removed."""

    ids: list[int]
    # The full names, e-mail addresses, numbers… of all of them: redacted in any text.
    identifying_terms: set[str] = field(default_factory=set)
    identifying: re.Pattern[str] | None = None
    # Plus their first and last names, in the texts about a company one of them was in touch
    # with (placed, presented, waiting, in a jobpakke, consented to share with).
    by_company: dict[int, re.Pattern[str]] = field(default_factory=dict)
    # The companies' contact-log entries redact() changed (their notifications follow).
    redacted_activities: set[int] = field(default_factory=set)

    def redact(self, text: str, *, company_id: int | None = None) -> str:
        pattern = self.by_company.get(company_id) if company_id is not None else None
        pattern = pattern or self.identifying
        return pattern.sub(REDACTED, text) if pattern is not None and text else text

    def prefilter(self) -> str:
        """The identifying terms as one PostgreSQL regular expression (no word boundaries:
        it finds the rows to look at; redact() decides)."""
        return _alternation(self.identifying_terms)


# Which companies each candidate was in touch with, from the apps that know (placements,
# partnerships): each callable takes the candidate ids and yields (candidate id, company id).
CompanyLinks = Callable[[list[int]], Iterable[tuple[int, int]]]
_COMPANY_LINKS: list[CompanyLinks] = []


def register_company_links(links: CompanyLinks) -> CompanyLinks:
    _COMPANY_LINKS.append(links)
    return links


@register_company_links
def _consented_companies(candidate_ids: list[int]) -> Iterable[tuple[int, int]]:
    return Consent.objects.filter(
        candidate_id__in=candidate_ids, company__isnull=False
    ).values_list("candidate_id", "company_id")


def _anonymising(ids: list[int]) -> Anonymising:
    candidates = {c.pk: c for c in Candidate.objects.filter(pk__in=ids, anonymised_at__isnull=True)}
    identifying: set[str] = set()
    for candidate in candidates.values():
        identifying |= _identifying(candidate)
    companies: dict[int, set[str]] = {}
    for links in _COMPANY_LINKS:
        for candidate_id, company_id in links(ids):
            if candidate_id in candidates:
                names = _names(candidates[candidate_id])
                companies.setdefault(company_id, set()).update(names)
    return Anonymising(
        ids=ids,
        identifying=_pattern(identifying),
        by_company={
            company_id: pattern
            for company_id, names in companies.items()
            if (pattern := _pattern(names | identifying)) is not None
        },
        identifying_terms=identifying,
    )


ACTIVITY_TEXTS = ("summary", "outcome", "next_step", "purpose_text")


def _redact_contact_log(subjects: Anonymising) -> None:
    """The contact log is written by hand and read by every colleague: entries at a company
    the candidates were in touch with lose their names, and any entry loses what identifies
    them (their full name, e-mail, numbers). A common first name in an entry about someone
    else at such a company goes too; that is the price of not keeping it."""
    touched = Q(company_id__in=list(subjects.by_company))
    if subjects.identifying is not None:
        prefilter = subjects.prefilter()
        for name in ACTIVITY_TEXTS:
            touched |= Q(**{f"{name}__iregex": prefilter})
    changed = []
    for activity in Activity.objects.filter(touched).only("pk", "company_id", *ACTIVITY_TEXTS):
        before = [getattr(activity, name) for name in ACTIVITY_TEXTS]
        for name in ACTIVITY_TEXTS:
            limit = Activity._meta.get_field(name).max_length
            text = subjects.redact(getattr(activity, name), company_id=activity.company_id)
            setattr(activity, name, text[:limit] if limit else text)
        if [getattr(activity, name) for name in ACTIVITY_TEXTS] != before:
            changed.append(activity)
    Activity.objects.bulk_update(changed, ACTIVITY_TEXTS, batch_size=500)
    subjects.redacted_activities = {a.pk for a in changed}


# Other apps' parts of a candidate (placements' free texts and history…): each callable takes
# the Anonymising (the ids, and redact() for free text) and removes the personal data it
# holds, inside anonymise()'s transaction.
Anonymiser = Callable[[Anonymising], None]
_ANONYMISERS: list[Anonymiser] = []


def register_anonymiser(anonymiser: Anonymiser) -> Anonymiser:
    _ANONYMISERS.append(anonymiser)
    return anonymiser


def anonymise(*, candidate_ids: Sequence[int]) -> int:
    """Remove every piece of personal data of these candidates of the current jobcenter, keep
    the rows. Set-based: a handful of statements per batch, whatever its size (the contact
    log's entries that name them are read and written back in bulk)."""
    if not candidate_ids:
        return 0
    ids = list(candidate_ids)
    with transaction.atomic():
        subjects = _anonymising(ids)
        _redact_contact_log(subjects)
        _set_retention_switch("on")
        Assessment.objects.filter(candidate_id__in=ids).exclude(note="").update(note="")
        _set_retention_switch("")
        StaircaseSubGoal.objects.filter(plan__candidate_id__in=ids).update(text="")
        StaircaseMove.objects.filter(plan__candidate_id__in=ids).exclude(note="").update(note="")
        CandidateOccupation.objects.filter(candidate_id__in=ids).delete()
        for anonymiser in _ANONYMISERS:
            anonymiser(subjects)
        # The look-up history's and Indsigt's jobs, and the files they made.
        jobs.jobs_delete(
            Job.objects.filter(kind__startswith="candidates.", params__candidate__in=ids)
        )
        SensitiveNote.objects.filter(candidate_id__in=ids).delete()
        Consent.objects.filter(candidate_id__in=ids).delete()
        count = Candidate.objects.filter(pk__in=ids).update(
            first_name=ANONYMOUS_NAME,
            last_name="",
            cpr_ciphertext="",
            cpr_digest="",
            email="",
            phone="",
            address="",
            postcode="",
            city="",
            case_reference="",
            consultant=None,
            closed_reason="",
            education="",
            danish_level="",
            driving_licences=[],
            hours_per_week=None,
            max_travel_km=None,
            languages=[],
            competences=[],
            profile_text="",
            public_id=Func(function="gen_random_uuid", output_field=UUIDField()),
            anonymised_at=timezone.now(),
            updated_at=timezone.now(),
        )
        # Last, so the delete and update events the statements above wrote (with the old
        # values of the notes and consents) go too.
        _history_of(Candidate).filter(pgh_obj_id__in=ids).delete()
        _history_of(SensitiveNote).filter(candidate_id__in=ids).delete()
        _history_of(Consent).filter(candidate_id__in=ids).delete()
    return count


def _history_of(model: type[Candidate | SensitiveNote | Consent]) -> QuerySet[object]:
    """The pghistory event model's scoped queryset (accounts.history.TenantEvent)."""
    event_model = model.history.rel.related_model  # type: ignore[attr-defined]
    queryset: QuerySet[object] = event_model.objects.all()
    return queryset
