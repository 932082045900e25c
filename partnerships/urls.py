from __future__ import annotations

from django.urls import path

from partnerships.views import agreements, centres, job_packages, settings

# Under /<jobcenter>/aftaler/: agreements at the root, virksomhedscentre and jobpakker below.
app_name = "partnerships"
urlpatterns = [
    path("", agreements.agreement_list, name="list"),
    *agreements.urlpatterns,
    *centres.urlpatterns,
    *job_packages.urlpatterns,
    *settings.urlpatterns,
]
