"""Reads for candidates. The HTML list and the API list use the same selectors.

Selectors return data; the views and API endpoints that show it to a person write the access
log (accounts.access_log), one row per person shown and one per search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import TrigramStrictWordSimilarity
from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts import access_log
from accounts.models import Membership, Team, User
from accounts.tenancy import current_tenant_id
from candidates import cpr as cpr_numbers
from candidates.access import works_with
from candidates.models import (
    Assessment,
    AssessmentScheme,
    Candidate,
    CandidateOccupation,
    Consent,
    ConsentCategory,
    Occupation,
    SensitiveNote,
    StaircasePlan,
    StaircaseStep,
    StaircaseSubGoal,
    TargetGroup,
)
from companies.models import Company, search_text

ORDERINGS: dict[str, tuple[Any, ...]] = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    # Ids grow with time: the order they were made in, served by the primary key.
    "created": ("pk",),
    "-created": ("-pk",),
    # Both directions are one index read forwards or backwards (candidate_hours).
    "hours": (F("hours_per_week").asc(nulls_first=True), "-last_name", "-pk"),
    "-hours": (F("hours_per_week").desc(nulls_last=True), "last_name", "pk"),
}


@dataclass(frozen=True)
class CandidateFilters:
    search: str = ""
    status: str = ""
    target_group: int | None = None
    assessment: str = ""
    consultant: int | None = None
    team: int | None = None
    occupation: str = ""
    min_hours: Decimal | None = None
    ordering: str = "name"

    def criterion(self) -> str:
        """What a search asked for, for the access log: the filters by name and value (never a
        CPR number: that search has its own form and its own log text)."""
        parts = [
            f"{name}={value}"
            for name, value in self.__dict__.items()
            if name != "ordering" and value not in ("", None)
        ]
        return "; ".join(parts)

    @property
    def is_search(self) -> bool:
        return bool(self.criterion())


def candidate_list(filters: CandidateFilters | None = None) -> QuerySet[Candidate]:
    """The jobcenter's candidates, filtered, searched and sorted, with what a list row shows
    already joined."""
    f = filters or CandidateFilters()
    qs = Candidate.objects.select_related(
        "consultant", "team", "target_group", "latest_assessment__scheme"
    ).filter(anonymised_at__isnull=True)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.target_group:
        qs = qs.filter(target_group_id=f.target_group)
    if f.assessment:
        qs = qs.filter(latest_assessment__value=f.assessment)
    if f.consultant:
        qs = qs.filter(consultant_id=f.consultant)
    if f.team:
        qs = qs.filter(team_id=f.team)
    if f.occupation:
        qs = qs.filter(
            Exists(
                CandidateOccupation.objects.filter(
                    candidate=OuterRef("pk"), occupation__code=f.occupation
                )
            )
        )
    if f.min_hours is not None:
        qs = qs.filter(hours_per_week__gte=f.min_hours)
    term = " ".join(search_text(f.search.strip()).split())
    if term:
        # Every word must be in the name or case reference, as typed or nearly (the trigram
        # index serves both; the document spells Danish letters both ways, see the model).
        # The cheap arm first: PostgreSQL stops at the first arm of an OR that holds.
        for word in term.split()[:6]:
            qs = qs.filter(
                Q(search_document__contains=word)
                | Q(search_document__trigram_strict_word_similar=word)
            )
        # Best match first. A document holding the search as whole words has strict word
        # similarity 1, so it scores 1 without paying for the similarity function (a few µs a
        # row): for a common name that is nearly every row (as the company search does). The
        # beginning of a name ("prøve" for Prøvesen) comes next, also without it; only the
        # misspellings are scored by similarity.
        padded = Func(
            F("search_document"),
            template="(' ' || %(expressions)s || ' ')",
            output_field=TextField(),
        )
        relevance = Case(
            When(Q(padded_document__contains=f" {term} "), then=Value(1.0)),
            When(Q(padded_document__contains=f" {term}"), then=Value(0.9)),
            default=TrigramStrictWordSimilarity(Value(term), "search_document"),
            output_field=FloatField(),
        )
        return (
            qs.alias(padded_document=padded)
            .alias(relevance=relevance)
            .order_by(F("relevance").desc(), "last_name", "first_name", "pk")
        )
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS["name"]))


# What each kind of access-log row means, in the citizen's look-up history.
LOOKUP_ACTIONS = {
    "view": gettext_lazy("Kandidatens side er vist"),
    "list": gettext_lazy("Vist i en liste over kandidater"),
    "export": gettext_lazy("Med i et udtræk (CSV/Excel)"),
    "reveal_cpr": gettext_lazy("Hele CPR-nummeret er vist"),
    "view_sensitive": gettext_lazy("Følsomme oplysninger er vist"),
    "lookup_history_view": gettext_lazy("Opslagshistorikken er vist"),
    "lookup_history_export": gettext_lazy("Opslagshistorikken er hentet som regneark (CSV)"),
    "lookup_history_print": gettext_lazy("Opslagshistorikken er udskrevet (PDF)"),
    # Written before viewing and printing were told apart.
    "lookup_history": gettext_lazy("Opslagshistorikken er vist eller udskrevet"),
    "subject_access": gettext_lazy("Indsigt: alle oplysninger er udtrukket"),
    "api_view": gettext_lazy("Hentet gennem API'et"),
    "reassign": gettext_lazy("Ansvarlig konsulent eller team er skiftet"),
    "contact_log": gettext_lazy("Nævnt med fornavn i en virksomheds kontaktlog"),
    "calendar": gettext_lazy("Nævnt med fornavn i en medarbejders kalender"),
    "reminder_email": gettext_lazy(
        "Nævnt med fornavn i en påmindelse på e-mail til en medarbejder"
    ),
}


# A look-up made by another system through the REST API, with an API token.
THROUGH_API = gettext_lazy("gennem API'et")


def _through(token: Any) -> str:
    """How a look-up was made: in Jobbro, or through the API with the token that begins so.
    The token's beginning, not its name (which may name a colleague), and never its owner;
    the jobcenter's admin finds the owner in the list of API tokens."""
    if token is None:
        return "Jobbro"
    return gettext("API-nøgle %(prefix)s…") % {"prefix": token.prefix}


def lookup_history_rows(*, candidate: Candidate) -> list[dict[str, Any]]:
    """Dates and purposes, never who looked (DESIGN.md section 5)."""
    rows = []
    for entry in access_log.lookup_history(
        object_type=candidate._meta.label_lower, object_id=str(candidate.public_id)
    ):
        rows.append(
            {
                "at": timezone.localtime(entry.at),
                "action": str(LOOKUP_ACTIONS.get(entry.action, entry.action)),
                "purpose": entry.purpose,
                "through": _through(entry.api_token),
            }
        )
    return rows


def lookup_history_by_day(*, candidate: Candidate) -> list[dict[str, Any]]:
    """The look-up history summed up per day, newest first: one row a day with what was done
    (and why) and how often. At most one row per day, so the print stays readable (and quick
    to make) also for a citizen looked up thousands of times."""
    rows = (
        access_log.lookup_history(
            object_type=candidate._meta.label_lower, object_id=str(candidate.public_id)
        )
        .order_by()
        .annotate(
            day=TruncDate("at", tzinfo=timezone.get_current_timezone()),
            through_api=Q(api_token__isnull=False),
        )
        .values("day", "action", "purpose", "through_api")
        .annotate(times=Count("id"))
        .order_by("-day", "action", "through_api", "purpose")
    )
    days: dict[Any, dict[str, Any]] = {}
    for row in rows:
        day = days.setdefault(row["day"], {"day": row["day"], "times": 0, "what": {}})
        day["times"] += row["times"]
        label = str(LOOKUP_ACTIONS.get(row["action"], row["action"]))
        if row["through_api"]:
            label = f"{label} ({THROUGH_API})"
        item = day["what"].setdefault(label, {"action": label, "times": 0, "purposes": []})
        item["times"] += row["times"]
        if row["purpose"]:
            item["purposes"].append(row["purpose"])
    for day in days.values():
        day["what"] = list(day["what"].values())
    return list(days.values())


def candidate_get_for_user(*, user: User, public_id: object) -> Candidate:
    """A candidate of the current jobcenter; 404 for missing, foreign and anonymised ones."""
    candidate = (
        Candidate.objects.select_related(
            "consultant", "team", "target_group", "latest_assessment__scheme"
        )
        .filter(public_id=public_id, anonymised_at__isnull=True)
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def candidate_by_cpr(cpr: str) -> Candidate | None:
    """Exact look-up by CPR number (through its HMAC); ValidationError for a malformed one."""
    digits = cpr_numbers.normalise(cpr)
    digest = cpr_numbers.digest(digits, tenant_id=current_tenant_id())
    return (
        Candidate.objects.filter(cpr_digest=digest, anonymised_at__isnull=True)
        .select_related("consultant", "team", "target_group", "latest_assessment__scheme")
        .first()
    )


def cpr_is_valid(value: str) -> bool:
    try:
        cpr_numbers.normalise(value)
    except ValidationError:
        return False
    return True


def candidate_occupations(*, candidate: Candidate) -> QuerySet[CandidateOccupation]:
    return CandidateOccupation.objects.filter(candidate=candidate).select_related("occupation")


def candidate_assessments(*, candidate: Candidate) -> QuerySet[Assessment]:
    return Assessment.objects.filter(candidate=candidate).select_related("scheme", "recorded_by")


def candidate_consents(*, candidate: Candidate) -> QuerySet[Consent]:
    return Consent.objects.filter(candidate=candidate).select_related(
        "company", "recorded_by", "withdrawn_by"
    )


def consent_get_for_user(*, user: User, public_id: object) -> Consent:
    consent = (
        Consent.objects.select_related("candidate", "company")
        .filter(public_id=public_id, candidate__anonymised_at__isnull=True)
        .first()
    )
    if consent is None:
        raise Http404
    return consent


def shared_categories(
    *, candidate: Candidate, company: Company, on: date | None = None
) -> set[str]:
    """What the candidate has agreed to share with this company on a day: the union of the
    active consents given to the company and to employers in general. The portal and every
    export that reaches a company read this."""
    on = on or timezone.localdate()
    consents = Consent.objects.filter(
        Q(company=company) | Q(company__isnull=True),
        candidate=candidate,
        given_on__lte=on,
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    shared: set[str] = set()
    for categories in consents.values_list("categories", flat=True):
        shared.update(categories)
    return shared & set(ConsentCategory.values)


def sensitive_notes_for(*, membership: Membership, candidate: Candidate) -> QuerySet[SensitiveNote]:
    """The sensitive notes, for a person who works with the candidate; 404 for anyone else,
    as if there were nothing (DESIGN.md section 3)."""
    if not works_with(membership, candidate):
        raise Http404
    return SensitiveNote.objects.filter(candidate=candidate).select_related("written_by")


def staircase_plan(*, candidate: Candidate) -> StaircasePlan | None:
    return (
        StaircasePlan.objects.filter(candidate=candidate)
        .select_related("current_step")
        .prefetch_related(
            Prefetch(
                "sub_goals",
                queryset=StaircaseSubGoal.objects.select_related("step").order_by(
                    "status", F("due_on").asc(nulls_last=True), "created_at"
                ),
            ),
            "moves__from_step",
            "moves__to_step",
            "moves__moved_by",
        )
        .first()
    )


def sub_goal_get_for_user(*, user: User, public_id: object) -> StaircaseSubGoal:
    goal = (
        StaircaseSubGoal.objects.select_related("plan__candidate")
        .filter(public_id=public_id, plan__candidate__anonymised_at__isnull=True)
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def target_groups(*, on: date | None = None) -> QuerySet[TargetGroup]:
    """The target groups valid on a day (today by default)."""
    on = on or timezone.localdate()
    return TargetGroup.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    )


def assessment_schemes(*, on: date | None = None) -> QuerySet[AssessmentScheme]:
    on = on or timezone.localdate()
    return AssessmentScheme.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    )


def assessment_values() -> list[str]:
    """Every value of every scheme, for the list's filter (older schemes included)."""
    values: list[str] = []
    for scheme_values in AssessmentScheme.objects.values_list("values", flat=True):
        values.extend(v for v in scheme_values if v not in values)
    return values


def staircase_steps() -> QuerySet[StaircaseStep]:
    return StaircaseStep.objects.filter(is_active=True)


def teams() -> QuerySet[Team]:
    return Team.objects.all()


def occupations() -> QuerySet[Occupation]:
    return Occupation.objects.all()
