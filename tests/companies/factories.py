from __future__ import annotations

import random

from accounts.models import User
from companies import services
from companies.models import Company, ContactPurpose

WEIGHTS = (2, 7, 6, 5, 4, 3, 2)


def valid_cvr(rng: random.Random | None = None) -> str:
    """A random CVR number with a correct modulus-11 check digit."""
    rng = rng or random.Random()  # noqa: S311 - test data, not secrets
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        remainder = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def make_company(actor: User | None = None, **fields: object) -> Company:
    defaults: dict[str, object] = {"name": "Testvirksomhed ApS", "cvr": valid_cvr()}
    defaults.update(fields)
    return services.company_create(actor=actor, **defaults)


def purpose() -> ContactPurpose:
    return services.purposes_ensure_defaults()[0]
