from __future__ import annotations

from django.urls import path

from companies import api

# Mounted under /api/v1/<jobcenter>/ (config/urls.py).
app_name = "api-companies"
urlpatterns = [
    path("companies/", api.CompanyListApi.as_view(), name="company-list"),
    path("companies/<uuid:public_id>/", api.CompanyDetailApi.as_view(), name="company-detail"),
    path(
        "companies/<uuid:public_id>/contacts/",
        api.CompanyContactsApi.as_view(),
        name="company-contacts",
    ),
    path(
        "companies/<uuid:public_id>/workplaces/",
        api.CompanyWorkplacesApi.as_view(),
        name="company-workplaces",
    ),
    path(
        "companies/<uuid:public_id>/activities/",
        api.CompanyActivitiesApi.as_view(),
        name="company-activities",
    ),
    path("job-openings/", api.JobOpeningListApi.as_view(), name="job-opening-list"),
    path(
        "job-openings/<uuid:public_id>/",
        api.JobOpeningDetailApi.as_view(),
        name="job-opening-detail",
    ),
]
