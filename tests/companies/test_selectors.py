"""The company register's reads (companies.selectors): how a search ranks and pages."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramStrictWordSimilarity
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.test.utils import CaptureQueriesContext

from accounts.pagination import SearchPaginator
from accounts.tenancy import tenant_scope
from companies import selectors
from companies.models import Company, search_text
from tests.companies.factories import make_company

pytestmark = pytest.mark.django_db


def searched(typed: str) -> list[str]:
    return [c.name for c in selectors.company_list(selectors.CompanyFilters(search=typed))]


def test_a_whole_word_match_ranks_first_even_when_its_name_sorts_last(personas) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Aabageriet ApS")  # a part of a word
        make_company(name="Bagerri Hansen")  # misspelt
        make_company(name="Vestegnens Bageri ApS")  # the word itself
        make_company(name="Tømrerfirmaet")

        names = searched("bageri")

    # Then by similarity, not by name: the misspelling is closer than the part of a word.
    assert names == ["Vestegnens Bageri ApS", "Bagerri Hansen", "Aabageriet ApS"]


NAMES = [
    "Søndergård Tømrer ApS",
    "Søndergårds Maskinfabrik A/S",
    "Tømrer Søndergaard",
    "Østergaard Tømrer & Snedker",
    "Landbrugsmaskiner Nord",
    "Maskin Service ApS",
    "Maskinfabrikken",
    "Travl Virksomhed ApS",
    "Travle Virksomheder I/S",
    "Bagerier i Roskilde",
    "Roskilde Bageri",
]


@pytest.mark.parametrize(
    "typed",
    ["søndergård", "sondergard", "maskin", "tømrer", "travl virksomhd", "bageri", "roskilde"],
)
def test_search_ranks_by_the_best_of_full_text_rank_and_word_similarity(
    personas, typed: str
) -> None:
    """The ranking skips the similarity function where it can; the order must not change."""
    with tenant_scope(personas.roskilde):
        for name in NAMES:
            make_company(name=name, city="Roskilde")

        names = searched(typed)
        folded = search_text(typed)
        query = SearchQuery(typed, config="danish", search_type="websearch")
        reference = (
            Company.objects.filter(name__in=names)
            .annotate(
                score=Greatest(
                    SearchRank(F("search_vector"), query),
                    TrigramStrictWordSimilarity(Value(folded), "search_document"),
                )
            )
            .order_by("-score", "name")
        )

        assert names == [c.name for c in reference]
    assert names, f"{typed!r} should find something"


def test_one_or_two_letters_find_whole_words_then_beginnings_then_parts(personas) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Kabel Service")
        make_company(name="Abildgaard Transport")
        make_company(name="Ab Byg ApS")
        make_company(name="Tømrer Nord")

        names = searched("ab")

    assert names == ["Ab Byg ApS", "Abildgaard Transport", "Kabel Service"]


# --- Paging a search -------------------------------------------------------------------------


def make_bakeries(count: int) -> None:
    """Whole-word hits, misspellings and parts of words, so the ranking has work to do."""
    for number in range(count):
        kind = ("Bageri {:02}", "Bagerri {:02}", "Aabageriet {:02}")[number % 3]
        make_company(name=kind.format(number))
    make_company(name="Tømrerfirmaet")


@pytest.mark.parametrize("ordering", ["relevance", "-name"])
@pytest.mark.parametrize("number", [1, 2, "5", 6, 99, 0, "-1", "x", None])
def test_a_search_pages_as_the_plain_paginator_does(personas, ordering: str, number) -> None:
    with tenant_scope(personas.roskilde):
        make_bakeries(30)

        def results():
            found = selectors.company_list(selectors.CompanyFilters(search="bageri"))
            return found if ordering == "relevance" else found.order_by(ordering)

        expected = Paginator(results(), 7).get_page(number)
        page = SearchPaginator(results(), 7).get_page(number)

        assert page.paginator.count == expected.paginator.count == 30
        assert page.paginator.num_pages == 5
        assert page.number == expected.number
        assert list(page) == list(expected)


def test_a_search_reads_a_page_and_its_count_in_two_queries_however_many_match(
    personas,
) -> None:
    def queries_for_second_page() -> int:
        found = selectors.company_list(selectors.CompanyFilters(search="bageri"))
        with CaptureQueriesContext(connection) as queries:
            page = SearchPaginator(found, 5).get_page(2)
            assert len(page) == 5
        return len(queries)

    with tenant_scope(personas.roskilde):
        make_bakeries(12)
        few = queries_for_second_page()
        make_bakeries(60)
        many = queries_for_second_page()

    assert few == many == 2


def test_a_search_without_matches_is_one_empty_page(personas) -> None:
    with tenant_scope(personas.roskilde):
        make_bakeries(3)
        found = selectors.company_list(selectors.CompanyFilters(search="vindmøller"))

        page = SearchPaginator(found, 25).get_page(1)

    assert (page.paginator.count, page.paginator.num_pages, list(page)) == (0, 1, [])
