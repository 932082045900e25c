"""Write history (DESIGN.md section 5) with django-pghistory, inside the tenant locks.

pghistory keeps an event table per tracked model, filled by database triggers, so bulk updates
and raw SQL are recorded too. Our event tables are tenant tables like any other: the event
model inherits `TenantEvent` (a TenantModel, so its manager is scoped and the system check is
satisfied), its migration enables row-level security, and the context (who made the change)
is stored as JSON in the event row itself, not in pghistory's shared context table, which
would hold every jobcenter's rows in one unscoped place.

Use `track()` on a model, and wrap a service's writes in `changed_by(actor)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import pghistory
from pghistory.models import Event

from accounts.tenancy import TenantManager, TenantModel

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M")


class TenantEvent(Event, TenantModel):  # type: ignore[misc]
    """The base of every event model: pghistory's event columns, scoped to one jobcenter."""

    objects = TenantManager()

    class Meta:
        abstract = True


def track(*, exclude: list[str] | None = None) -> Callable[[M], M]:
    """Record inserts, updates and deletes of the decorated model. `exclude` names fields not
    to copy into the history (generated columns, search documents)."""

    def decorator(model: M) -> M:
        return pghistory.track(  # type: ignore[no-any-return]
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            exclude=exclude,
            context_field=pghistory.ContextJSONField(),
            obj_field=pghistory.ObjForeignKey(related_name="history", db_constraint=False),
            base_model=TenantEvent,
            model_name=f"{model.__name__}Event",  # type: ignore[attr-defined]
        )(model)

    return decorator


@contextmanager
def changed_by(actor: User | None, **metadata: Any) -> Iterator[None]:
    """Note who made the changes inside the block on every history row they write."""
    values = {"user": actor.pk if actor is not None else None, **metadata}
    with pghistory.context(**values):
        yield
