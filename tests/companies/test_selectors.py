"""The company register's reads (companies.selectors): how a search ranks and pages."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramStrictWordSimilarity
from django.db.models import F, Value
from django.db.models.functions import Greatest

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
