from __future__ import annotations

from typing import Any

# Filled in by issue 7's API; partnerships/api_urls.py includes these.
urlpatterns: list[Any] = []
