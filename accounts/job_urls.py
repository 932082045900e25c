from __future__ import annotations

from django.urls import path

from accounts import job_views

app_name = "jobs"
urlpatterns = [
    path("<uuid:public_id>/", job_views.job_detail, name="detail"),
    path("<uuid:public_id>/filer/<uuid:file_id>/", job_views.job_file_download, name="file"),
]
