"""Bring the bell up to date now: the notifications of every follow-up and next step that is
due today or overdue, in every active jobcenter. `make run` calls it when it starts, so a
fresh install (or one whose workers were down) does not wait for beat's next sweep.

Idempotent: a notification is made once (ON CONFLICT DO NOTHING). The daily e-mails are left
to the scheduled sweep, which sends each person's digest once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from placements import reminders


class Command(BaseCommand):
    help = "Make the bell's notifications for what is due today or overdue (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        made = 0
        for jobcenter in Jobcenter.objects.filter(is_active=True).order_by("pk"):
            with tenant_scope(jobcenter):
                made += reminders.notifications_make(today=today)
        self.stdout.write(f"Reminders caught up: {made} new notifications in the bell.")
