from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from config import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("virksomheder/", include("companies.urls")),
    path("borgere/", include("candidates.urls")),
    path("aftaler/", include("partnerships.urls")),
    path("forloeb/", include("placements.urls")),
    path("netvaerk/", include("networks.urls")),
    path("rapporter/", include("reports.urls")),
]
