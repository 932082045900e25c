from __future__ import annotations

from django.urls import path

from placements import api

# Mounted under /api/v1/<jobcenter>/ (config/urls.py).
app_name = "api-placements"
urlpatterns = [
    path("placement-types/", api.PlacementTypeListApi.as_view(), name="placement-type-list"),
    path("placements/", api.PlacementListApi.as_view(), name="placement-list"),
    path("placements/<uuid:public_id>/", api.PlacementDetailApi.as_view(), name="placement-detail"),
    path(
        "placements/<uuid:public_id>/followups/",
        api.PlacementFollowUpsApi.as_view(),
        name="placement-followups",
    ),
    path("followups/", api.FollowUpListApi.as_view(), name="followup-list"),
    path("followups/<uuid:public_id>/", api.FollowUpDetailApi.as_view(), name="followup-detail"),
    path(
        "job-openings/<uuid:public_id>/matches/",
        api.JobOpeningMatchesApi.as_view(),
        name="job-opening-matches",
    ),
]
