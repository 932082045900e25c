from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class JobbroAdminConfig(AdminConfig):
    """Django's admin with our site (config/admin.py): sign-in with a second factor."""

    default_site = "config.admin.JobbroAdminSite"
