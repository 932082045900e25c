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
must not be linkable back to the person through it.

`anonymise_expired()` works through one batch per call, inside the tenant scope of the task
that calls it (candidates.tasks), and the task chains the next batch in a new transaction: an
export hook may call a slow external system, and one transaction for a whole jobcenter could
run past the task time limit, be rolled back and never finish, while holding row locks that
block a consultant who reopens one of those candidates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Func, QuerySet, UUIDField
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import Jobcenter
from accounts.tenancy import current_tenant_id
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


# Other apps' parts of a candidate (placements' free texts and history…): each callable takes
# the candidate ids and removes the personal data it holds, inside anonymise()'s transaction.
_ANONYMISERS: list[Callable[[list[int]], None]] = []


def register_anonymiser(anonymiser: Callable[[list[int]], None]) -> Callable[[list[int]], None]:
    _ANONYMISERS.append(anonymiser)
    return anonymiser


def anonymise(*, candidate_ids: Sequence[int]) -> int:
    """Remove every piece of personal data of these candidates of the current jobcenter, keep
    the rows. Set-based: a handful of statements per batch, whatever its size."""
    if not candidate_ids:
        return 0
    ids = list(candidate_ids)
    with transaction.atomic():
        StaircaseSubGoal.objects.filter(plan__candidate_id__in=ids).update(text="")
        StaircaseMove.objects.filter(plan__candidate_id__in=ids).exclude(note="").update(note="")
        CandidateOccupation.objects.filter(candidate_id__in=ids).delete()
        for anonymiser in _ANONYMISERS:
            anonymiser(ids)
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
