from __future__ import annotations

from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "candidates"

    def ready(self) -> None:
        from candidates import checks  # noqa: F401 - registers the system check
