"""manage.py import_companies FILE --jobcenter <slug> [--dry-run] [--skip-invalid]"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from companies import imports

SHOW_REJECTED = 50


class Command(BaseCommand):
    help = "Import companies (and contact persons) from a CSV or XLSX file, upserting by CVR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--jobcenter", required=True, help="the jobcenter's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen; write nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows even when some rows are rejected",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        jobcenter = Jobcenter.objects.filter(slug=options["jobcenter"]).first()
        if jobcenter is None:
            raise CommandError(f"No jobcenter with the slug {options['jobcenter']!r}.")
        started = time.monotonic()
        with tenant_scope(jobcenter):
            try:
                plan = imports.plan_import(path.read_bytes(), path.name)
            except imports.ImportFileError as error:
                raise CommandError(str(error)) from error
            self._report(plan)
            if options["dry_run"]:
                self.stdout.write("Dry run: nothing written.")
                return
            if plan.rejected and not options["skip_invalid"]:
                raise CommandError(
                    f"{plan.rejected} rows rejected: nothing written. Fix the file, or run "
                    "again with --skip-invalid to import the valid rows only."
                )
            result = imports.import_run(plan, skip_invalid=options["skip_invalid"])
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {jobcenter.slug} in {seconds:.1f} s: "
                f"{result['created']} created, {result['updated']} updated, "
                f"{result['contacts_created']} contact persons added, "
                f"{result['contacts_updated']} updated."
            )
        )

    def _report(self, plan: imports.ImportPlan) -> None:
        summary = plan.summary()
        self.stdout.write(
            f"{summary['rows']} rows: {summary['created']} to create, {summary['updated']} to "
            f"update, {summary['rejected']} rejected, {summary['contacts']} contact persons."
        )
        if plan.ignored_columns:
            self.stdout.write("Ignored columns: " + ", ".join(plan.ignored_columns))
        rejected = [row for row in plan.rows if row.is_rejected]
        for row in rejected[:SHOW_REJECTED]:
            self.stdout.write(
                f"  row {row.line} ({row.cvr or row.name}): " + " | ".join(row.errors)
            )
        if len(rejected) > SHOW_REJECTED:
            self.stdout.write(f"  … and {len(rejected) - SHOW_REJECTED} more rejected rows.")
