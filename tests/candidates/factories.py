from __future__ import annotations

import random

from accounts.models import User
from candidates import cpr, services
from candidates.models import Candidate

_rng = random.Random(2026)  # noqa: S311 - test data, not secrets


def fictitious_cpr() -> str:
    return cpr.fictitious(_rng)


def make_candidate(actor: User | None = None, **fields: object) -> Candidate:
    """A candidate in the current jobcenter, with a fictitious CPR number unless given one."""
    defaults: dict[str, object] = {
        "first_name": "Sofie",
        "last_name": "Testesen",
        "cpr": fictitious_cpr(),
    }
    defaults.update(fields)
    return services.candidate_create(actor=actor, **defaults)  # type: ignore[arg-type]
