"""Reminders about agreements (issue 7): to the company's key account before an agreement ends
(the days are the agreement type's, by default 60 and 14) and before its yearly evaluation.

A daily sweep fans out one task per jobcenter. Reminders are derived from the agreements'
dates, so a sweep after a day without workers sends what was missed; each reminder is claimed
by a unique row (agreement, kind, date) before it is sent, so it goes out once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User
from accounts.tenancy import TenantTask
from partnerships.models import Agreement, AgreementReminder, AgreementStatus


@dataclass(frozen=True)
class Due:
    agreement: Agreement
    kind: str
    about: date
    days_left: int


def due_reminders(*, today: date) -> list[Due]:
    """The reminders due today for the jobcenter's signed, running agreements: before the end
    only the tightest threshold passed (an agreement made 10 days before its end gets one
    reminder, not two), and before the next evaluation."""
    due: list[Due] = []
    agreements = Agreement.objects.filter(status=AgreementStatus.SIGNED).select_related(
        "agreement_type", "company", "jobcenter_contact"
    )
    for agreement in agreements.exclude(ends_on__lt=today):
        kind_days = agreement.agreement_type
        if agreement.ends_on is not None:
            left = (agreement.ends_on - today).days
            passed = [d for d in kind_days.end_reminder_days if left <= d]
            if passed:
                due.append(Due(agreement, f"end_{min(passed)}", agreement.ends_on, left))
        evaluation = agreement.next_evaluation_on
        if evaluation is not None and today <= evaluation:
            left = (evaluation - today).days
            if left <= kind_days.evaluation_reminder_days:
                due.append(Due(agreement, "evaluation", evaluation, left))
    return due


def _recipient(agreement: Agreement) -> User | None:
    """The company's key account (or its stand-in), else the agreement's jobcenter contact."""
    user_id = agreement.company.current_contact() or agreement.jobcenter_contact_id
    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


def _claim(item: Due, recipient: User | None) -> bool:
    try:
        with transaction.atomic():
            AgreementReminder.objects.create(
                agreement=item.agreement, kind=item.kind, about=item.about, recipient=recipient
            )
    except IntegrityError:
        return False
    return True


def _message(jobcenter: Jobcenter, item: Due) -> tuple[str, str]:
    agreement = item.agreement
    link = settings.SITE_URL + reverse(
        "partnerships:agreement_detail",
        kwargs={"jobcenter": jobcenter.slug, "public_id": agreement.public_id},
    )
    if item.kind == "evaluation":
        subject = _("Aftalen med %(company)s skal evalueres %(day)s") % {
            "company": agreement.company.name,
            "day": f"{item.about:%d.%m.%Y}",
        }
        body = _(
            "Aftalen »%(title)s« med %(company)s skal evalueres senest %(day)s. Aftal et møde "
            "med virksomheden og gennemgå, hvad I lovede hinanden."
        )
    else:
        subject = _("Aftalen med %(company)s udløber %(day)s") % {
            "company": agreement.company.name,
            "day": f"{item.about:%d.%m.%Y}",
        }
        body = _(
            "Aftalen »%(title)s« med %(company)s udløber %(day)s (om %(days)s dage). Tal med "
            "virksomheden om, hvorvidt den skal fornyes, og registrér det i Jobbro."
        )
    text = body % {
        "title": agreement.title,
        "company": agreement.company.name,
        "day": f"{item.about:%d.%m.%Y}",
        "days": item.days_left,
    }
    return subject, f"{text}\n\n{link}\n"


def remind(*, jobcenter: Jobcenter, today: date | None = None) -> int:
    """Send what is due and not sent yet; the number sent. Inside the jobcenter's scope."""
    today = today or timezone.localdate()
    sent = 0
    for item in due_reminders(today=today):
        recipient = _recipient(item.agreement)
        if not _claim(item, recipient) or recipient is None:
            continue
        subject, body = _message(jobcenter, item)
        send_mail(subject, body, None, [recipient.email])
        sent += 1
    return sent


@shared_task(name="partnerships.sweep_agreement_reminders")
def sweep_agreement_reminders() -> int:
    ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in ids:
        transaction.on_commit(partial(send_agreement_reminders.delay, jobcenter_id))
    return len(ids)


@shared_task(base=TenantTask, name="partnerships.send_agreement_reminders", acks_late=True)
def send_agreement_reminders(tenant_id: int) -> int:
    """One jobcenter's agreement reminders. The claims and the sending share the task's
    transaction: if sending fails, the claims roll back and the next sweep tries again."""
    return remind(jobcenter=Jobcenter.objects.get(pk=tenant_id))
