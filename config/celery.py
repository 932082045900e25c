"""The Celery application. Settings come from Django's settings under the CELERY_ prefix."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("jobbro")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Reminder sweeps live beside the feature they remind about (e.g. companies/reminders.py).
app.autodiscover_tasks(related_name="reminders")


@app.task(name="health.ping", acks_late=False, ignore_result=False)
def ping() -> str:
    """Answers the health check's round-trip: broker → worker → result backend."""
    return "pong"
