from __future__ import annotations

from django.apps import AppConfig


class NetworksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "networks"

    def ready(self) -> None:
        # Networks' parts of what apps below it show: attendance as an agreement's network
        # commitment, and a candidate's role-model record (subject access and retention).
        from networks import agreements, privacy  # noqa: F401
