from __future__ import annotations

from django.urls import path

from companies import tool_views

app_name = "company_tools"
urlpatterns = [
    path("import/", tool_views.import_start, name="import"),
    path("import/bekraeft/", tool_views.import_confirm, name="import_confirm"),
    path("import/<uuid:public_id>/", tool_views.import_job, name="import_job"),
    path("dubletter/", tool_views.duplicates, name="duplicates"),
    path("dubletter/<uuid:survivor>/<uuid:other>/", tool_views.merge, name="merge"),
]
