from __future__ import annotations

from typing import Any

# Filled in by issue 7's pages; partnerships/urls.py includes these.
urlpatterns: list[Any] = []
