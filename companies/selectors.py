"""Reads for the company register. The HTML list and the API list use the same selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramStrictWordSimilarity
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone

from accounts import selectors as account_selectors
from accounts import working_days
from accounts.models import Jobcenter, User
from companies.models import (
    Activity,
    Company,
    CompanyFollower,
    ContactPerson,
    ContactPurpose,
    JobOpening,
    KeyAccountHandover,
    OpeningStatus,
    Workplace,
    search_text,
)

ORDERINGS = {
    "name": ("name",),
    "-name": ("-name",),
    "cvr": ("cvr", "name"),
    "-cvr": ("-cvr", "name"),
    "last_contact": (F("last_contact_at").asc(nulls_first=True), "name"),
    "-last_contact": (F("last_contact_at").desc(nulls_last=True), "name"),
    "priority": (F("priority").asc(nulls_last=True), "name"),
    "-priority": (F("priority").desc(nulls_last=True), "name"),
    "employees": (F("employee_count").asc(nulls_last=True), "name"),
    "-employees": (F("employee_count").desc(nulls_last=True), "name"),
}


@dataclass(frozen=True)
class CompanyFilters:
    search: str = ""
    industry: str = ""
    size_band: str = ""
    priority: int | None = None
    key_account: int | None = None
    without_key_account: bool = False
    municipality: str = ""
    status: str = ""
    contacted_within_months: int | None = None
    not_contacted_within_months: int | None = None
    ordering: str = "name"


def company_list(filters: CompanyFilters | None = None) -> QuerySet[Company]:
    """Companies of the current jobcenter, filtered, searched and sorted; each row carries its
    last contact time and key account without further queries."""
    f = filters or CompanyFilters()
    # last_contact_at is kept on the company by a trigger on the contact log.
    qs = Company.objects.select_related("key_account")
    if f.industry:
        qs = qs.filter(industry_code__startswith=f.industry)
    if f.size_band:
        qs = qs.filter(size_band=f.size_band)
    if f.priority:
        qs = qs.filter(priority=f.priority)
    if f.key_account:
        qs = qs.filter(key_account_id=f.key_account)
    if f.without_key_account:
        qs = qs.filter(key_account__isnull=True)
    if f.municipality:
        qs = qs.filter(municipality_code=f.municipality)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.contacted_within_months:
        since = timezone.now() - timedelta(days=30 * f.contacted_within_months)
        qs = qs.filter(last_contact_at__gte=since)
    if f.not_contacted_within_months:
        since = timezone.now() - timedelta(days=30 * f.not_contacted_within_months)
        qs = qs.filter(Q(last_contact_at__lt=since) | Q(last_contact_at__isnull=True))
    if f.search.strip():
        return _search(qs, f.search.strip())
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS["name"]))


def _search(qs: QuerySet[Company], term: str) -> QuerySet[Company]:
    """CVR and P-number by their digits; names by Danish full text and by trigram similarity on
    a folded spelling (æ→ae, ø→oe, å→aa), which forgives small misspellings.

    Best match first: a hit on whole words, then by the better of full-text rank and strict
    word similarity, then by name. Strict word similarity costs microseconds a row, so it is
    spent only where it decides something (see `_relevance`)."""
    digits = term.replace(" ", "")
    if digits.isdigit():
        in_workplaces = Workplace.objects.filter(
            company=OuterRef("pk"), p_number__startswith=digits
        )
        return qs.filter(Q(cvr__startswith=digits) | Exists(in_workplaces)).order_by("name")
    folded = " ".join(search_text(term).split())
    query = SearchQuery(term, config="danish", search_type="websearch")
    # PostgreSQL evaluates an OR's arms in the order written and stops at the first that holds,
    # so the cheap arms come first: a row that contains the word never pays for the similarity.
    matches = (
        # A word, a beginning or a part of a word ("maskin" in "maskinfabrik"); the trigram
        # index serves LIKE '%…%' too.
        Q(search_document__contains=folded) | Q(search_vector=query)
    )
    if len(folded) >= FUZZY_MIN_LENGTH:
        # `%>>` (strict word similarity ≥ 0.5, pg_trgm's default) can use the trigram index.
        matches |= Q(search_document__trigram_strict_word_similar=folded)
    return (
        qs.alias(padded_document=_padded(F("search_document")))
        .filter(matches)
        .alias(relevance=_relevance(folded, query))
        .order_by(F("relevance").desc(), "name")
    )


def _padded(document: F) -> Func:
    """The document with a space before and after, so ' word ' finds a whole word anywhere."""
    return Func(document, template="(' ' || %(expressions)s || ' ')", output_field=TextField())


# Below three letters trigram similarity finds nothing LIKE does not (only the same word), but
# would score every row LIKE rejects: such a search matches by its letters and full text only.
FUZZY_MIN_LENGTH = 3


def _relevance(folded: str, query: SearchQuery) -> Case:
    """A number per matching row, higher for a better match.

    The order is that of max(full-text rank, strict word similarity), computed cheaply: a
    document holding the search as whole words has strict word similarity 1, which no row
    beats (ts_rank never exceeds 1 with the default weights), so such rows score 1 without
    running the similarity function (about 5 µs a row). Only the other rows (parts of words,
    full-text stems, misspellings) pay for it: for a common word that is almost none."""
    whole_words = Q(padded_document__contains=f" {folded} ")
    if len(folded) < FUZZY_MIN_LENGTH:
        # One or two letters: whole words first, then the beginnings of words.
        return Case(
            When(whole_words, then=Value(1.0)),
            When(padded_document__contains=f" {folded}", then=Value(0.5)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return Case(
        When(whole_words, then=Value(1.0)),
        default=Greatest(
            SearchRank(F("search_vector"), query),
            TrigramStrictWordSimilarity(Value(folded), "search_document"),
        ),
        output_field=FloatField(),
    )


def company_get_for_user(*, user: User, public_id: object) -> Company:
    """A company of the current jobcenter by its public id; 404 for missing and foreign."""
    company = (
        Company.objects.select_related("key_account", "key_account_deputy")
        .filter(public_id=public_id)
        .first()
    )
    if company is None:
        raise Http404
    return company


# Contact-log entries that name people of another app: a presentation (placements) names the
# candidate by first name. A finder takes the entries a page shows and returns the people they
# name (models with a public_id), so the page can write the access log for them; companies
# does not import the apps above it, they register here.
MentionFinder = Callable[[Sequence[Activity]], Iterable[Model]]
# The access-log action for a person named in the contact log a page or an answer shows.
CONTACT_LOG_ACTION = "contact_log"
_MENTION_FINDERS: list[MentionFinder] = []


def register_mention_finder(finder: MentionFinder) -> MentionFinder:
    _MENTION_FINDERS.append(finder)
    return finder


def people_named_in(activities: Sequence[Activity]) -> list[Model]:
    """The people the entries name, each once: one query per finder, whatever the number of
    entries."""
    if not activities:
        return []
    found: dict[tuple[str, int], Model] = {}
    for finder in _MENTION_FINDERS:
        for person in finder(activities):
            found.setdefault((person._meta.label_lower, person.pk), person)
    return list(found.values())


def company_timeline(*, company: Company, type: str = "") -> QuerySet[Activity]:
    qs = (
        Activity.objects.filter(company=company)
        .select_related("consultant", "purpose", "next_step_owner")
        .prefetch_related("contacts")
        .order_by("-occurred_at")
    )
    if type:
        qs = qs.filter(type=type)
    return qs


@dataclass(frozen=True)
class RecentContact:
    consultant: User
    last_at: datetime


def recent_contacts(*, company: Company, days: int = 90) -> list[RecentContact]:
    """Who has been in contact with the company lately, newest first."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        Activity.objects.filter(company=company, occurred_at__gte=since, is_planned=False)
        .values("consultant")
        .annotate(last_at=Max("occurred_at"))
        .order_by("-last_at")
    )
    users = User.objects.in_bulk([row["consultant"] for row in rows])
    return [RecentContact(users[row["consultant"]], row["last_at"]) for row in rows]


def colleague_contact_warning(
    *, company: Company, actor: User, jobcenter: Jobcenter
) -> RecentContact | None:
    """The latest contact by a colleague within the jobcenter's warning window, if any: a
    company should not be chased by five people (DOMAIN.md 1.2)."""
    since = timezone.now() - timedelta(days=jobcenter.contact_warning_days)
    latest = (
        Activity.objects.filter(company=company, occurred_at__gte=since, is_planned=False)
        .exclude(consultant=actor)
        .select_related("consultant")
        .order_by("-occurred_at")
        .first()
    )
    return RecentContact(latest.consultant, latest.occurred_at) if latest else None


def company_contacts(*, company: Company) -> QuerySet[ContactPerson]:
    return ContactPerson.objects.filter(company=company).order_by("-is_active", "name")


def company_workplaces(*, company: Company) -> QuerySet[Workplace]:
    return Workplace.objects.filter(company=company).order_by("name")


def company_openings(*, company: Company) -> QuerySet[JobOpening]:
    return JobOpening.objects.filter(company=company).select_related("owner", "workplace")


def companies_without_key_account() -> QuerySet[Company]:
    return company_list(CompanyFilters(without_key_account=True, status="active"))


def openings_not_taken_up(*, jobcenter: Jobcenter, now: datetime | None = None) -> list[JobOpening]:
    """New openings nobody took up within the jobcenter's working-day limit (weekends,
    public holidays and the jobcenter's closing days do not count)."""
    now = now or timezone.now()
    candidates = (
        JobOpening.objects.filter(status=OpeningStatus.NEW, taken_up_at__isnull=True)
        .select_related("company", "company__key_account", "owner")
        .order_by("reported_at")
    )
    today = timezone.localdate(now)
    return [
        opening
        for opening in candidates
        if working_days.add_working_days(
            jobcenter, timezone.localdate(opening.reported_at), jobcenter.opening_take_up_days
        )
        < today
    ]


def next_steps_for(*, user: User) -> QuerySet[Activity]:
    """Open next steps the person owns, soonest first (their tasks on the front page)."""
    return (
        Activity.objects.filter(
            next_step_owner=user, next_step_done_at__isnull=True, next_step_due__isnull=False
        )
        .select_related("company")
        .order_by("next_step_due")
    )


def openings_waiting_for(*, user: User) -> QuerySet[JobOpening]:
    """Job openings the person owns that nobody has taken further yet, oldest first."""
    return (
        JobOpening.objects.filter(
            owner=user, status__in=[OpeningStatus.NEW, OpeningStatus.HANDED_OVER]
        )
        .select_related("company")
        .order_by("reported_at")[:50]
    )


def consultants() -> QuerySet[User]:
    """People who can hold a key account in the current jobcenter."""
    return account_selectors.colleagues()


def _get_or_404(qs: QuerySet[Any], public_id: object) -> Any:
    found = qs.filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def activity_get_for_user(*, user: User, public_id: object) -> Activity:
    """A contact-log entry of the current jobcenter; 404 for missing and foreign."""
    return _get_or_404(Activity.objects.select_related("company"), public_id)  # type: ignore[no-any-return]


def workplace_get_for_user(*, user: User, public_id: object) -> Workplace:
    return _get_or_404(Workplace.objects.select_related("company"), public_id)  # type: ignore[no-any-return]


def contact_get_for_user(*, user: User, public_id: object) -> ContactPerson:
    return _get_or_404(ContactPerson.objects.select_related("company"), public_id)  # type: ignore[no-any-return]


def job_opening_get_for_user(*, user: User, public_id: object) -> JobOpening:
    return _get_or_404(  # type: ignore[no-any-return]
        JobOpening.objects.select_related("company", "workplace", "owner", "occupation_code"),
        public_id,
    )


def company_is_followed(*, company: Company, user: User) -> bool:
    return CompanyFollower.objects.filter(company=company, user=user).exists()


def company_last_handover(*, company: Company) -> KeyAccountHandover | None:
    return (
        KeyAccountHandover.objects.filter(company=company)
        .select_related("from_user", "to_user", "by")
        .order_by("-at")
        .first()
    )


def purpose_get_for_user(*, user: User, public_id: object) -> ContactPurpose:
    purpose = ContactPurpose.objects.filter(public_id=public_id).first()
    if purpose is None:
        raise Http404
    return purpose
