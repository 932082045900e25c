from __future__ import annotations

from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "placements"

    def ready(self) -> None:
        from placements import privacy  # noqa: F401 - registers the candidate's placements part
