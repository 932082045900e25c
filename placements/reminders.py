"""Reminders that never get lost (issue 6; DESIGN.md section 6).

A sweep fans out one task per jobcenter (`sweep_reminders` → `send_reminders`). Reminders are
derived from state, not queued: each run finds the follow-ups and contact-log next steps that
are due today or overdue, so a run after a day without Redis or workers notifies what was
missed. Each run

1. makes the bell's notifications, one per (person, subject, kind, due date), with one
   INSERT … ON CONFLICT DO NOTHING per kind of subject;
2. sends each person who wants e-mail ONE digest per jobcenter and day, listing what is due
   today and what is overdue. The digest's `ReminderDigest` row (unique per jobcenter, person
   and day) is claimed with a conditional INSERT and committed on a side connection BEFORE the
   e-mail is sent, and marked sent right after. A redelivered task, a second sweep or a second
   beat meets the claim and sends nothing.

A claim that was never marked sent means its worker died between claiming and marking. It may
be taken over by the redelivery of the same task (Celery redelivers a message only once its
worker is gone) or, by anyone, once it is older than the task time limit (no task that made it
can still be running). The one window left, which no scheme without the mail server's help can
close: a worker that dies after the mail server accepted the e-mail and before the claim was
marked sent; the claim is then taken over and the digest is sent a second time. That window is
one SMTP answer and one small UPDATE wide.
"""

from __future__ import annotations

import logging
import smtplib
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TypeVar
from uuid import UUID

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Case, Count, F, Model, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import jobs
from accounts.models import AccessLog, Jobcenter, Membership, User
from accounts.tenancy import TenantTask, current_tenant_id
from candidates.models import Candidate
from companies.models import Activity
from placements.models import (
    FollowUp,
    FollowUpStatus,
    Notification,
    ReminderDigest,
)

logger = logging.getLogger(__name__)
T = TypeVar("T", bound=Model)

# A digest lists at most this many follow-ups and as many next steps; "Min dag" has the rest.
DIGEST_ITEMS_SHOWN = 50

# --- Links ------------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def dashboard_path(slug: str) -> str:
    """ "Min dag", the jobcenter's front page."""
    return reverse("dashboard", kwargs={"jobcenter": slug})


def company_path(slug: str, company_public_id: object) -> str:
    return reverse("companies:detail", kwargs={"jobcenter": slug, "public_id": company_public_id})


def placement_path(slug: str, placement_public_id: object, company_public_id: object) -> str:
    try:
        return reverse(
            "placements:detail", kwargs={"jobcenter": slug, "public_id": placement_public_id}
        )
    except NoReverseMatch:
        # TODO(issue 6): the placement's own page comes with the placements pages; until it
        # is there, a follow-up leads to the company the candidate is placed in.
        return company_path(slug, company_public_id)


def followup_title(*, first_name: str, company: str, label: str) -> str:
    """What a follow-up is called in the digest, the bell and the calendar: the candidate by
    first name only (never a last name, never a CPR number)."""
    return _("Opfølgning: %(name)s hos %(company)s — %(label)s") % {
        "name": first_name,
        "company": company,
        "label": label,
    }


def next_step_title(*, text: str, company: str) -> str:
    return _("Næste skridt: %(text)s — %(company)s") % {"text": text, "company": company}


# --- Who is reminded ----------------------------------------------------------------------------


def _members(*, emails_only: bool) -> QuerySet[Membership]:
    """The current jobcenter's active members (active people); with `emails_only`, those who
    want the e-mail. A consultant who has left is not reminded of what they left behind."""
    members = Membership.objects.filter(is_active=True, user__is_active=True)
    if emails_only:
        members = members.filter(user__reminder_emails=True)
    return members


# --- 1. Notifications -------------------------------------------------------------------------

# Both statements run inside the jobcenter's scope, so row-level security checks every row
# they write. The ORDER BY makes concurrent sweeps take the unique index's locks in the same
# order, so a second sweep waits for the first instead of deadlocking with it.
FOLLOWUP_NOTIFICATIONS = """
INSERT INTO placements_notification
    (tenant_id, public_id, user_id, followup_id, activity_id, kind, day, text, created_at)
SELECT f.tenant_id, gen_random_uuid(), f.owner_id, f.id, NULL,
       CASE WHEN f.due_on = %(today)s THEN 'due' ELSE 'overdue' END,
       f.due_on, left(f.label, 300), %(now)s
FROM placements_followup f
JOIN accounts_membership m
  ON m.tenant_id = f.tenant_id AND m.user_id = f.owner_id AND m.is_active
JOIN accounts_user u ON u.id = f.owner_id AND u.is_active
WHERE f.tenant_id = %(tenant)s AND f.status = 'due' AND f.due_on <= %(today)s
ORDER BY f.id
ON CONFLICT DO NOTHING
"""

NEXT_STEP_NOTIFICATIONS = """
INSERT INTO placements_notification
    (tenant_id, public_id, user_id, followup_id, activity_id, kind, day, text, created_at)
SELECT a.tenant_id, gen_random_uuid(), a.next_step_owner_id, NULL, a.id,
       CASE WHEN a.next_step_due = %(today)s THEN 'due' ELSE 'overdue' END,
       a.next_step_due, left(a.next_step, 300), %(now)s
FROM companies_activity a
JOIN accounts_membership m
  ON m.tenant_id = a.tenant_id AND m.user_id = a.next_step_owner_id AND m.is_active
JOIN accounts_user u ON u.id = a.next_step_owner_id AND u.is_active
WHERE a.tenant_id = %(tenant)s AND a.next_step_done_at IS NULL
  AND a.next_step_due <= %(today)s AND a.next_step_owner_id IS NOT NULL
ORDER BY a.id
ON CONFLICT DO NOTHING
"""


def notifications_make(*, today: date) -> int:
    """The bell's notifications for everything due today or overdue in the current
    jobcenter, each made once; returns how many are new."""
    params = {"tenant": current_tenant_id(), "today": today, "now": timezone.now()}
    made = 0
    with connection.cursor() as cursor:
        for sql in (FOLLOWUP_NOTIFICATIONS, NEXT_STEP_NOTIFICATIONS):
            cursor.execute(sql, params)
            made += cursor.rowcount
    return made


# --- 2. The digest ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    due_on: date
    title: str
    url: str
    # The candidate the item names (by first name), for the access log.
    candidate: UUID | None = None


@dataclass
class Digest:
    """One person's e-mail for one day: what is due today and what is overdue (the lists are
    cut at DIGEST_ITEMS_SHOWN per kind; the counts are the whole truth)."""

    user: User
    due_today: list[DigestItem] = field(default_factory=list)
    overdue: list[DigestItem] = field(default_factory=list)
    due_today_count: int = 0
    overdue_count: int = 0

    @property
    def count(self) -> int:
        return self.due_today_count + self.overdue_count

    @property
    def not_shown(self) -> int:
        return self.count - len(self.due_today) - len(self.overdue)

    @property
    def candidates(self) -> set[UUID]:
        return {i.candidate for i in self.due_today + self.overdue if i.candidate is not None}


def _first_of_each(queryset: QuerySet[T], owner: str, due: str, today: date) -> QuerySet[T]:
    """The first DIGEST_ITEMS_SHOWN rows per owner: today's first, then the oldest overdue."""
    return queryset.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F(owner)],
            order_by=[
                Case(When(**{due: today}, then=Value(0)), default=Value(1)).asc(),
                F(due).asc(),
                F("pk").asc(),
            ],
        )
    ).filter(rank__lte=DIGEST_ITEMS_SHOWN)


def digests_collect(*, jobcenter: Jobcenter, today: date) -> list[Digest]:
    """Every digest to send in the current jobcenter today: one per person who wants e-mail
    and has something due today or overdue. A fixed number of queries, whatever the size."""
    users = User.objects.in_bulk(list(_members(emails_only=True).values_list("user_id", flat=True)))
    digests: dict[int, Digest] = {}

    def digest_of(user_id: int) -> Digest:
        if user_id not in digests:
            digests[user_id] = Digest(user=users[user_id])
        return digests[user_id]

    is_today = Q(due_on=today)
    followups = FollowUp.objects.filter(
        status=FollowUpStatus.DUE, due_on__lte=today, owner_id__in=list(users)
    )
    for row in followups.values("owner_id").annotate(
        today=Count("pk", filter=is_today), overdue=Count("pk", filter=~is_today)
    ):
        digest = digest_of(row["owner_id"])
        digest.due_today_count += row["today"]
        digest.overdue_count += row["overdue"]
    shown = _first_of_each(followups, "owner_id", "due_on", today).values(
        "owner_id",
        "due_on",
        "label",
        "placement__public_id",
        "placement__candidate__public_id",
        "placement__candidate__first_name",
        "placement__company__name",
        "placement__company__public_id",
    )
    for row in shown:
        item = DigestItem(
            due_on=row["due_on"],
            title=followup_title(
                first_name=row["placement__candidate__first_name"],
                company=row["placement__company__name"],
                label=row["label"],
            ),
            url=absolute(
                placement_path(
                    jobcenter.slug,
                    row["placement__public_id"],
                    row["placement__company__public_id"],
                )
            ),
            candidate=row["placement__candidate__public_id"],
        )
        digest = digest_of(row["owner_id"])
        (digest.due_today if row["due_on"] == today else digest.overdue).append(item)

    step_is_today = Q(next_step_due=today)
    steps = Activity.objects.filter(
        next_step_done_at__isnull=True,
        next_step_due__lte=today,
        next_step_owner_id__in=list(users),
    )
    for row in steps.values("next_step_owner_id").annotate(
        today=Count("pk", filter=step_is_today), overdue=Count("pk", filter=~step_is_today)
    ):
        digest = digest_of(row["next_step_owner_id"])
        digest.due_today_count += row["today"]
        digest.overdue_count += row["overdue"]
    shown_steps = _first_of_each(steps, "next_step_owner_id", "next_step_due", today).values(
        "next_step_owner_id", "next_step_due", "next_step", "company__name", "company__public_id"
    )
    for row in shown_steps:
        item = DigestItem(
            due_on=row["next_step_due"],
            title=next_step_title(text=row["next_step"], company=row["company__name"]),
            url=absolute(company_path(jobcenter.slug, row["company__public_id"])),
        )
        digest = digest_of(row["next_step_owner_id"])
        (digest.due_today if row["next_step_due"] == today else digest.overdue).append(item)

    for digest in digests.values():
        digest.due_today.sort(key=lambda item: item.title)
        digest.overdue.sort(key=lambda item: (item.due_on, item.title))
    return [digests[user_id] for user_id in sorted(digests)]


def digest_message(*, jobcenter: Jobcenter, digest: Digest, today: date) -> EmailMultiAlternatives:
    """The e-mail in Danish, as plain text and HTML."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "jobcenter": jobcenter,
            "digest": digest,
            "today": today,
            "min_dag_url": absolute(dashboard_path(jobcenter.slug)),
            "settings_url": absolute(
                reverse("reminders:settings", kwargs={"jobcenter": jobcenter.slug})
            ),
        }
        subject = _("Jobbro %(date)s: %(due)s skal gøres i dag, %(overdue)s er overskredet") % {
            "date": f"{today:%d.%m.%Y}",
            "due": digest.due_today_count,
            "overdue": digest.overdue_count,
        }
        text = render_to_string("placements/email/digest.txt", context)
        html = render_to_string("placements/email/digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[digest.user.email])
    message.attach_alternative(html, "text/html")
    return message


# The claim, the mark and the release each commit at once on the side connection, apart from
# the task's own transaction (which rolls back if the worker dies).
CLAIM = """
INSERT INTO placements_reminderdigest
    (tenant_id, user_id, day, claimed_at, claimed_by, sent_at, items)
VALUES (%s, %s, %s, %s, %s, NULL, %s)
ON CONFLICT (tenant_id, user_id, day) DO NOTHING
"""
TAKE_OVER = """
UPDATE placements_reminderdigest SET claimed_at = %s, claimed_by = %s, items = %s
WHERE tenant_id = %s AND user_id = %s AND day = %s AND sent_at IS NULL
  AND (claimed_at < %s OR (claimed_by <> '' AND claimed_by = %s))
"""
MARK_SENT = """
UPDATE placements_reminderdigest SET sent_at = %s
WHERE tenant_id = %s AND user_id = %s AND day = %s AND claimed_by = %s AND sent_at IS NULL
"""
RELEASE = """
DELETE FROM placements_reminderdigest
WHERE tenant_id = %s AND user_id = %s AND day = %s AND claimed_by = %s AND sent_at IS NULL
"""


def stale_after() -> timedelta:
    """No task runs longer than this (Celery kills it), so an older claim has no owner."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def digest_claim(
    *, side: jobs.SideConnection, user_id: int, day: date, claimant: str, items: int
) -> bool:
    """Claim the person's digest for the day, once: a new row, or an unsent claim that its
    own redelivered task (`claimant`, the Celery task id) or, after stale_after(), anyone may
    take over. Committed before this returns."""
    now = timezone.now()
    tenant = side.tenant_id
    if side.execute(CLAIM, [tenant, user_id, day, now, claimant, items]) == 1:
        return True
    taken = side.execute(
        TAKE_OVER, [now, claimant, items, tenant, user_id, day, now - stale_after(), claimant]
    )
    return taken == 1


def digest_mark_sent(*, side: jobs.SideConnection, user_id: int, day: date, claimant: str) -> None:
    side.execute(MARK_SENT, [timezone.now(), side.tenant_id, user_id, day, claimant])


def digest_release(*, side: jobs.SideConnection, user_id: int, day: date, claimant: str) -> None:
    """The mail server refused the e-mail: let the next sweep try again."""
    side.execute(RELEASE, [side.tenant_id, user_id, day, claimant])


def digest_deliver(message: EmailMultiAlternatives) -> None:
    """Hand the e-mail to the mail server (the tests put a dying worker here)."""
    message.send()


def _mail_server() -> BaseEmailBackend:
    """One connection to the mail server for all of a run's e-mails, opened before the first
    (a run with nothing to send never connects) and closed after the last."""
    return get_connection()


def _log_candidates_shown(digest: Digest) -> None:
    """The e-mail named these candidates (by first name) to its recipient: the access log
    says so, one row per candidate, as a list page does."""
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=digest.user,
                action="reminder_email",
                object_type=Candidate._meta.label_lower,
                object_id=str(public_id),
            )
            for public_id in sorted(digest.candidates, key=str)
        ]
    )


@dataclass(frozen=True)
class SweepResult:
    notifications: int
    emails: int
    failed: int


def reminders_send(*, jobcenter: Jobcenter, today: date, claimant: str = "") -> SweepResult:
    """The sweep for the current jobcenter: notifications, then each person's digest once.
    `claimant` is the Celery task id (or "" when not run by a worker)."""
    made = notifications_make(today=today)
    sent = failed = 0
    # Who has had today's digest already: no e-mail is built for them (the claim below is
    # what keeps a digest from being sent twice; this only saves the work).
    done = set(
        ReminderDigest.objects.filter(day=today, sent_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    mail_server = _mail_server()
    with jobs.side_connection() as side, closing(mail_server):
        for digest in digests_collect(jobcenter=jobcenter, today=today):
            if digest.user.pk in done:
                continue
            message = digest_message(jobcenter=jobcenter, digest=digest, today=today)
            message.connection = mail_server
            user_id = digest.user.pk
            if not digest_claim(
                side=side, user_id=user_id, day=today, claimant=claimant, items=digest.count
            ):
                continue  # sent already, or another worker is sending it now
            try:
                mail_server.open()  # once: later calls find it open
                digest_deliver(message)
            except (smtplib.SMTPException, OSError):
                logger.warning(
                    "Reminder e-mail to user %s of jobcenter %s failed; the next sweep retries",
                    user_id,
                    jobcenter.pk,
                    exc_info=True,
                )
                digest_release(side=side, user_id=user_id, day=today, claimant=claimant)
                mail_server.close()  # the next e-mail opens a fresh connection
                failed += 1
                continue
            # The window: a worker that dies here, after the mail server took the e-mail and
            # before this UPDATE, leaves a claim that is taken over and sent again.
            digest_mark_sent(side=side, user_id=user_id, day=today, claimant=claimant)
            _log_candidates_shown(digest)
            sent += 1
    return SweepResult(notifications=made, emails=sent, failed=failed)


# --- The bell -----------------------------------------------------------------------------------


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first, with what each row shows in the same query
    (the candidate's first name only)."""
    return (
        Notification.objects.filter(user=user)
        .select_related(
            "followup__placement__candidate",
            "followup__placement__company",
            "activity__company",
            "centre_alert__contract",
        )
        .only(
            "public_id",
            "kind",
            "day",
            "text",
            "created_at",
            "read_at",
            "followup__status",
            "followup__placement__public_id",
            "followup__placement__candidate__public_id",
            "followup__placement__candidate__first_name",
            "followup__placement__company__name",
            "followup__placement__company__public_id",
            "activity__next_step_done_at",
            "activity__company__name",
            "activity__company__public_id",
            "centre_alert__contract__public_id",
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    title: str
    url: str
    is_done: bool
    candidate: Candidate | None = None


def notification_rows(*, slug: str, notifications: list[Notification]) -> list[NotificationRow]:
    """What the list shows for each notification, from the rows notification_list() loaded."""
    rows = []
    for notification in notifications:
        if notification.followup_id is not None:
            followup = notification.followup
            placement = followup.placement  # type: ignore[union-attr]
            title = followup_title(
                first_name=placement.candidate.first_name,
                company=placement.company.name,
                label=notification.text,
            )
            url = placement_path(slug, placement.public_id, placement.company.public_id)
            is_done = followup.status != FollowUpStatus.DUE  # type: ignore[union-attr]
            candidate = placement.candidate
        elif notification.activity_id is not None:
            activity = notification.activity
            company = activity.company  # type: ignore[union-attr]
            title = next_step_title(text=notification.text, company=company.name)
            url = company_path(slug, company.public_id)
            is_done = activity.next_step_done_at is not None  # type: ignore[union-attr]
            candidate = None
        else:
            # A virksomhedscenter's under-use alert: the text is the alert's subject.
            alert = notification.centre_alert
            title = notification.text
            url = reverse(
                "partnerships:centre_detail",
                kwargs={"jobcenter": slug, "public_id": alert.contract.public_id},  # type: ignore[union-attr]
            )
            is_done = False
            candidate = None
        rows.append(NotificationRow(notification, title, url, is_done, candidate))
    return rows


def notification_get_for_user(*, user: User, public_id: object) -> Notification:
    """One of the person's own notifications; 404 for anyone else's and for other
    jobcenters'."""
    from django.http import Http404

    found = notification_list(user=user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, user=user, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Tasks --------------------------------------------------------------------------------------


@shared_task(name="placements.sweep_reminders")
def sweep_reminders() -> int:
    """Beat: one reminder task per active jobcenter (CELERY_BEAT_SCHEDULE)."""
    ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in ids:
        transaction.on_commit(partial(send_reminders.delay, jobcenter_id))
    return len(ids)


@shared_task(base=TenantTask, bind=True, name="placements.send_reminders", acks_late=True)
def send_reminders(self: Task, tenant_id: int) -> dict[str, int]:  # type: ignore[type-arg]
    result = reminders_send(
        jobcenter=Jobcenter.objects.get(pk=tenant_id),
        today=timezone.localdate(),
        claimant=self.request.id or "",
    )
    return {"notifications": result.notifications, "emails": result.emails}
