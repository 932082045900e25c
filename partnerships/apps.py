from __future__ import annotations

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnerships"

    def ready(self) -> None:
        # Celery finds `tasks` modules by itself; the reminder tasks live beside their logic.
        # `privacy` registers the candidate's part with the retention (candidates.retention);
        # `subject_access` adds it to a request for access.
        from partnerships import centre_alerts, privacy, reminders, subject_access  # noqa: F401
