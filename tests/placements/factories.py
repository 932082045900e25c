from __future__ import annotations

from datetime import date
from typing import Any

from accounts.models import User
from placements import services
from placements.models import Placement, PlacementType
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company


def placement_type(code: str = "internship") -> PlacementType:
    return next(t for t in services.placement_types_ensure_defaults() if t.code == code)


def make_placement(consultant: User, **fields: Any) -> Placement:
    """A placement in the current jobcenter: a new candidate in a new company unless given."""
    defaults: dict[str, Any] = {
        "candidate": fields.pop("candidate", None) or make_candidate(),
        "company": fields.pop("company", None) or make_company(name="Praktikstedet ApS"),
        "placement_type": placement_type(fields.pop("type_code", "internship")),
        "planned_start": date(2026, 11, 2),
        "planned_end": date(2027, 1, 29),
        "consultant": consultant,
    }
    defaults.update(fields)
    return services.placement_create(actor=consultant, **defaults)
