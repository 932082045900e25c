from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo users (development only)."
    # It reads a constant; `make demo-code` runs it without the database or the keys.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_totp is for development only.")
        self.stdout.write(demo.current_demo_code())
