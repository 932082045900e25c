"""Under row-level security a query's own conditions can use an index only when their
functions are LEAKPROOF; the superuser step (scripts/devstack.py, deploy/postgres-init.sh)
marks the three the company search needs."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SEARCH_FUNCTIONS = [
    "strict_word_similarity_commutator_op(text,text)",
    "ts_match_vq(tsvector,tsquery)",
    "textlike(text,text)",
]


@pytest.mark.parametrize("function", SEARCH_FUNCTIONS)
def test_the_search_operators_are_leakproof(function: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT proleakproof FROM pg_proc WHERE oid = %s::regprocedure", [function])
        (leakproof,) = cursor.fetchone()

    assert leakproof, f"{function} is not LEAKPROOF: run deploy/postgres-init.sh's statements"
