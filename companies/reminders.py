"""Reminders for job openings nobody took up in time (issue 4; DOMAIN.md: job openings need
follow-up "i de første dage"). A sweep fans out one task per jobcenter; each opening is
reminded once (claimed by a conditional UPDATE in the task's transaction)."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Jobcenter, User
from accounts.tenancy import TenantTask
from companies import selectors
from companies.models import JobOpening


def company_url(jobcenter: Jobcenter, opening: JobOpening) -> str:
    path = reverse(
        "companies:detail",
        kwargs={"jobcenter": jobcenter.slug, "public_id": opening.company.public_id},
    )
    return settings.SITE_URL + path


@shared_task(name="companies.sweep_opening_reminders")
def sweep_opening_reminders() -> int:
    ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in ids:
        transaction.on_commit(partial(remind_openings_not_taken_up.delay, jobcenter_id))
    return len(ids)


@shared_task(base=TenantTask, name="companies.remind_openings_not_taken_up")
def remind_openings_not_taken_up(tenant_id: int) -> int:
    """E-mail each key account one message listing their openings that are overdue."""
    jobcenter = Jobcenter.objects.get(pk=tenant_id)
    now = timezone.now()
    by_recipient: dict[int, list[JobOpening]] = defaultdict(list)
    for opening in selectors.openings_not_taken_up(jobcenter=jobcenter, now=now):
        recipient = opening.company.current_contact() or opening.owner_id
        if recipient is None or opening.reminder_sent_at is not None:
            continue
        claimed = JobOpening.objects.filter(pk=opening.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed:
            by_recipient[recipient].append(opening)
    users = User.objects.in_bulk(list(by_recipient))
    for user_id, openings in by_recipient.items():
        user = users[user_id]
        lines = [
            f"- {o.title} hos {o.company.name} "
            f"(meldt {timezone.localtime(o.reported_at):%d.%m.%Y}): {company_url(jobcenter, o)}"
            for o in openings
        ]
        send_mail(
            subject=f"Jobbro: {len(openings)} jobåbning(er) venter på at blive taget op",
            message=(
                f"Hej {user.get_short_name()}\n\n"
                f"Disse jobåbninger i {jobcenter.name} er ikke taget op inden for "
                f"{jobcenter.opening_take_up_days} arbejdsdage:\n\n" + "\n".join(lines) + "\n"
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    return sum(len(o) for o in by_recipient.values())
