from __future__ import annotations

import random

from accounts.models import User
from candidates import cpr, services
from candidates.models import Candidate

_rng = random.Random(2026)  # noqa: S311 - test data, not secrets

# Every CPR number the tests have made: tests/conftest.py fails a test that lets one of them
# reach a log line.
ISSUED: set[str] = set()


def fictitious_cpr() -> str:
    number = cpr.fictitious(_rng)
    ISSUED.add(number)
    return number


def make_candidate(actor: User | None = None, **fields: object) -> Candidate:
    """A candidate in the current jobcenter, with a fictitious CPR number unless given one."""
    defaults: dict[str, object] = {
        "first_name": "Sofie",
        "last_name": "Testesen",
        "cpr": fictitious_cpr(),
    }
    defaults.update(fields)
    return services.candidate_create(actor=actor, **defaults)  # type: ignore[arg-type]
