"""Load the demo data. Idempotent: running it twice changes nothing the second time.

Development only: it refuses to run with DEBUG off, so demo passwords never reach production.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts import demo


class Command(BaseCommand):
    help = "Create the demo jobcenters, personas and data (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when the database holds no users yet (first `make run`).",
        )
        parser.add_argument(
            "--show", action="store_true", help="Only print the demo sign-ins; change nothing."
        )
        parser.add_argument(
            "--no-signins", action="store_true", help="Do not print the demo sign-ins."
        )
        parser.add_argument(
            "--companies",
            type=int,
            default=0,
            help="Also generate N extra companies for load tests (in --jobcenter).",
        )
        parser.add_argument(
            "--activities", type=int, default=0, help="Activities per generated company."
        )
        parser.add_argument(
            "--candidates",
            type=int,
            default=0,
            help="Also generate N extra candidates for load tests (in --jobcenter).",
        )
        parser.add_argument(
            "--placements",
            type=int,
            default=0,
            help="Also generate N placements (5 follow-ups each) for candidates without one.",
        )
        parser.add_argument(
            "--jobcenter",
            default="roskilde",
            help="Where --companies, --candidates and --placements go.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo is for development only and refuses to run with DEBUG off."
            )
        if not options["show"]:
            if options["if_empty"] and not demo.database_is_empty():
                self.stdout.write("Demo data already present; not seeding again.")
            else:
                with transaction.atomic():
                    created = demo.seed()
                self.stdout.write(f"Demo data loaded ({created} new rows).")
        if options["companies"] and not options["show"]:
            demo.generate_load(
                slug=options["jobcenter"],
                companies=options["companies"],
                activities_per_company=options["activities"],
            )
            self.stdout.write(f"Generated {options['companies']} companies.")
        if options["candidates"] and not options["show"]:
            started = time.monotonic()
            demo.generate_candidates(slug=options["jobcenter"], count=options["candidates"])
            self.stdout.write(
                f"Generated {options['candidates']} candidates "
                f"in {time.monotonic() - started:.1f} s."
            )
        if options["placements"] and not options["show"]:
            started = time.monotonic()
            made = demo.generate_placements(slug=options["jobcenter"], count=options["placements"])
            self.stdout.write(f"Generated {made} placements in {time.monotonic() - started:.1f} s.")
        if options["show"] or not options["no_signins"]:
            self.stdout.write(demo.signins_text())
