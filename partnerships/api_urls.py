from __future__ import annotations

from partnerships.api import agreements, centres, job_packages

# Mounted under /api/v1/<jobcenter>/ (config/urls.py).
app_name = "api-partnerships"
urlpatterns = [*agreements.urlpatterns, *centres.urlpatterns, *job_packages.urlpatterns]
