from __future__ import annotations

import binascii
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import demo


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of the demo users, or of the authenticator key "
        "given (development only)."
    )
    # It reads a constant; `make demo-code` runs it without the database or the keys.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--key",
            default="",
            help="the key a new user is shown when enrolling (`make demo-code KEY=…`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_totp is for development only.")
        key = "".join(options["key"].split()).upper()
        if not key:
            self.stdout.write(demo.current_demo_code())
            return
        try:
            self.stdout.write(demo.current_demo_code(key))
        except (binascii.Error, ValueError) as error:
            raise CommandError(f"{options['key']!r} is not an authenticator key.") from error
