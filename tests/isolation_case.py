"""What an app's tests/<app>/isolation*.py module declares for the isolation matrix."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ObjectCase:
    """How to address an object of jobcenter A, and one of B, in a URL's extra arguments.

    `ids(personas)` returns (kwargs for A's object, kwargs for B's object); it runs outside
    any tenant scope, so it opens `tenant_scope(...)` itself to create or find the objects.
    `method` is the HTTP method the matrix uses ("get" or "post"). A URL that addresses no
    object but answers only another method than GET declares a case with `ids=None`. `body`
    names the keys of the ids that travel as a JSON body instead of in the URL (a look-up by a
    CPR number, which must never be in a URL). `personal` marks an object only the member who
    made it may see (a background job): any other member of A gets 404 for it.
    """

    ids: Callable[[Any], tuple[dict[str, Any], dict[str, Any]]] | None = None
    method: str = "get"
    body: tuple[str, ...] = ()
    personal: bool = False

    def request_kwargs(self, ids: dict[str, Any]) -> dict[str, Any]:
        """What a request for these ids carries besides its URL."""
        if not self.body:
            return {}
        return {
            "data": json.dumps({key: str(ids[key]) for key in self.body}),
            "content_type": "application/json",
        }
