from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import invitation_views
from config import health, views
from placements import reminder_views

# Everything a member does in one jobcenter lives under /<jobcenter>/; the tenant middleware
# resolves the slug, requires a membership and runs the view inside that jobcenter's scope.
tenant_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("virksomheder/", include("companies.urls")),
    path("virksomhedsvaerktoejer/", include("companies.tools_urls")),
    path("borgere/", include("candidates.urls")),
    path("aftaler/", include("partnerships.urls")),
    path("forloeb/", include("placements.urls")),
    path("netvaerk/", include("networks.urls")),
    path("rapporter/", include("reports.urls")),
    path("indstillinger/", include("accounts.urls")),
    path("baggrundsjob/", include("accounts.job_urls")),
    path("", include("placements.reminder_urls")),
    path("mine-indstillinger/api-noegler/", include("accounts.own_token_urls")),
]

api_patterns = [
    path("", include("accounts.api_urls")),
    path("", include("companies.api_urls")),
    path("", include("partnerships.api_urls")),
    path("", include("candidates.api_urls")),
    path("", include("placements.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Nobody manages their own sign-in address: allauth's e-mail page and its confirmation
    # links answer with where the address is changed instead (accounts.email_changes).
    path("konto/email/", invitation_views.account_email),
    re_path(r"^konto/confirm-email/", invitation_views.account_email),
    path("konto/", include("allauth.urls")),
    # The links e-mailed to a person: the secret in the address is the key.
    path("invitation/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
    path(
        "bekraeft-adresse/<str:token>/",
        invitation_views.email_change_confirm,
        name="email_change_confirm",
    ),
    path("admin/", admin.site.urls),
    # A person's calendar feed: the secret in the address is the key (placements.calendar).
    path("kalender/<str:secret>.ics", reminder_views.calendar_feed, name="calendar_feed"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from our own static files, its setup script under the page's CSP nonce.
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", template_name="api/docs.html"),
        name="api-docs",
    ),
    path("api/v1/<slug:jobcenter>/", include(api_patterns)),
    path("<slug:jobcenter>/", include(tenant_patterns)),
]
