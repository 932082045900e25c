from __future__ import annotations

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnerships"

    def ready(self) -> None:
        # Celery finds `tasks` modules by itself; the reminder tasks live beside their logic.
        # `subject_access` adds the candidate's part to a request for access.
        from partnerships import centre_alerts, reminders, subject_access  # noqa: F401
