from __future__ import annotations

app_name = "company_tools"
urlpatterns: list[object] = []
