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
written by hand: the entries of those companies lose the candidates' names, e-mail
addresses, telephone and CPR numbers (`Anonymising`).

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
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Func, QuerySet, UUIDField
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


# --- Free text that names the candidates ----------------------------------------------------

# What replaces a name, an e-mail address, a telephone or CPR number in free text.
REDACTED = "[…]"


def _terms(candidate: Candidate) -> set[str]:
    """How people write who the candidate is: the name, each word of it, the e-mail address,
    the telephone and CPR number in their usual notations, the case reference."""
    names = {candidate.full_name, candidate.first_name.strip(), candidate.last_name.strip()}
    for name in list(names):
        names |= set(name.split())
    terms = {n for n in names if len(n) > 1}
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


@dataclass(frozen=True)
class Redactor:
    """Replaces the terms where they stand as words, whatever their case ("Åse" and "ÅSE",
    not "Åsebakken"); the longest first, so a full name goes whole."""

    terms: frozenset[str]

    @cached_property
    def _lowered(self) -> tuple[str, ...]:
        return tuple(t.lower() for t in self.terms)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        words = "|".join(re.escape(t) for t in sorted(self.terms, key=lambda t: (-len(t), t)))
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)

    def __call__(self, text: str) -> str:
        lowered = text.lower()
        if not any(term in lowered for term in self._lowered):
            return text  # most texts: no regular expression needed
        return self._pattern.sub(REDACTED, text)


@dataclass
class Anonymising:
    """The candidates one anonymise() call takes, as other apps' anonymisers get them: their
    ids, and `redact()` for free text about a company that may name them. Built before
    anything is removed."""

    ids: list[int]
    # Per company, how the candidates it was in touch with (placed, presented, waiting, in a
    # jobpakke, consented to share with) are written.
    by_company: dict[int, Redactor] = field(default_factory=dict)
    # The companies' contact-log entries redact() changed (their notifications follow).
    redacted_activities: set[int] = field(default_factory=set)

    def redact(self, text: str, *, company_id: int) -> str:
        redactor = self.by_company.get(company_id)
        return redactor(text) if redactor is not None and text else text


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
    candidates = Candidate.objects.filter(pk__in=ids, anonymised_at__isnull=True)
    terms = {candidate.pk: _terms(candidate) for candidate in candidates}
    companies: dict[int, set[str]] = {}
    for links in _COMPANY_LINKS:
        for candidate_id, company_id in links(ids):
            if candidate_id in terms:
                companies.setdefault(company_id, set()).update(terms[candidate_id])
    return Anonymising(
        ids=ids,
        by_company={
            company_id: Redactor(frozenset(words)) for company_id, words in companies.items()
        },
    )


ACTIVITY_TEXTS = ("summary", "outcome", "next_step", "purpose_text")


def _redact_contact_log(subjects: Anonymising) -> None:
    """The contact log is written by hand and read by every colleague: the entries of the
    companies the candidates were in touch with lose what names them. A common first name in
    an entry about someone else at such a company goes too; that is the price of not keeping
    it. (Entries at other companies are not searched: without an index on the texts that
    would read the whole contact log for every batch.)"""
    changed = []
    entries = Activity.objects.filter(company_id__in=list(subjects.by_company))
    for activity in entries.only("pk", "company_id", *ACTIVITY_TEXTS).iterator(chunk_size=2000):
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
        # After the candidate is marked anonymised: the assessments' append-only trigger lets
        # exactly this through, the note blanked, for an anonymised candidate only.
        Assessment.objects.filter(candidate_id__in=ids).exclude(note="").update(note="")
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
