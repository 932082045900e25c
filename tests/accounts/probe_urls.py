"""A URL configuration for the pooled-connection test: the real one plus two probes that
report what the database shows, by raw SQL and by the ORM."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path

from accounts.models import Membership
from accounts.tenancy import ScopeError
from config.urls import tenant_patterns
from config.urls import urlpatterns as real_patterns


def probe(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.tenant_id', true)")
        (setting,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM accounts_membership")
        (raw,) = cursor.fetchone()
    try:
        orm: int | None = Membership.objects.count()
    except ScopeError:
        orm = None
    return JsonResponse(
        {"setting": setting, "raw": raw, "orm": orm, "connection": id(connection.connection)}
    )


urlpatterns = [
    path("probe/", probe),
    path("<slug:jobcenter>/probe/", probe),
    *real_patterns,
]
assert tenant_patterns  # the probe sits beside the real tenant pages
