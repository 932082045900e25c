from __future__ import annotations

app_name = "api-companies"
urlpatterns: list[object] = []
