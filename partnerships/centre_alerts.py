"""Under-use alerts for virksomhedscentre (issue 7): the jobcenter's managers are told when a
contract's weekly occupancy has stayed under its share (default 80 %) for its number of whole
weeks (default 4), once per contract and week.

A weekly sweep fans out one task per jobcenter. Each alert is claimed by a unique row
(contract, week, manager) before the e-mail goes out, in the task's transaction: a redelivered
task finds the claims and sends nothing twice; a failed send rolls the claims back so that the
next run tries again. The claim is also the manager's in-app notice: on the centres list and
in the bell (opening the contract reads both)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, Membership, Role, User
from accounts.tenancy import TenantTask
from partnerships.models import CentreAlert, CentreContract
from partnerships.selectors import centres as selectors
from placements.models import Notification, NotificationKind


def managers() -> list[User]:
    """The jobcenter's active managers (the current tenant's memberships)."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            role=Role.MANAGER, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    ]


def _claim(
    contract: CentreContract, week: date, user: User, occupancy: list[Decimal], subject: str
) -> bool:
    """The alert's row and the manager's bell notification, or False when this contract, week
    and manager were alerted already."""
    try:
        with transaction.atomic():
            claimed = CentreAlert.objects.create(
                contract=contract, week=week, recipient=user, occupancy=occupancy
            )
    except IntegrityError:
        return False
    Notification.objects.create(
        user=user,
        centre_alert=claimed,
        kind=NotificationKind.UNDERUSED,
        day=week,
        text=subject[:300],
    )
    return True


def _message(
    jobcenter: Jobcenter, contract: CentreContract, occupancy: list[Decimal]
) -> tuple[str, str]:
    link = settings.SITE_URL + reverse(
        "partnerships:centre_detail",
        kwargs={"jobcenter": jobcenter.slug, "public_id": contract.public_id},
    )
    subject = _("%(name)s er underudnyttet") % {"name": contract.name}
    weeks = ", ".join(f"{value:.1f}".replace(".", ",") + " %" for value in occupancy)
    body = _(
        "Virksomhedscentret »%(name)s« hos %(company)s har haft en belægning under %(share)s %% "
        "af sine %(seats)s pladser i hver af de seneste %(count)s hele uger (%(weeks)s). "
        "Overvej at fylde pladserne fra ventelisten eller at tale med virksomheden om "
        "kontrakten."
    ) % {
        "name": contract.name,
        "company": contract.company.name,
        "share": contract.underuse_share,
        "seats": contract.seats,
        "count": len(occupancy),
        "weeks": weeks,
    }
    return subject, f"{body}\n\n{link}\n"


def alert(*, jobcenter: Jobcenter, today: date | None = None) -> int:
    """Alert the managers about the contracts under-used up to last week; the number of
    e-mails sent. Inside the jobcenter's scope."""
    today = today or timezone.localdate()
    week = selectors.week_start(today)
    under = selectors.underused(today=today)
    if not under:
        return 0
    recipients = managers()
    sent = 0
    contracts = CentreContract.objects.filter(pk__in=under).select_related("company")
    for contract in contracts.order_by("name", "pk"):
        occupancy = under[contract.pk]
        subject, body = _message(jobcenter, contract, occupancy)
        for user in recipients:
            if not _claim(contract, week, user, occupancy, subject):
                continue
            send_mail(subject, body, None, [user.email])
            sent += 1
    return sent


@shared_task(name="partnerships.sweep_centre_alerts")
def sweep_centre_alerts() -> int:
    ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in ids:
        transaction.on_commit(partial(send_centre_alerts.delay, jobcenter_id))
    return len(ids)


@shared_task(base=TenantTask, name="partnerships.send_centre_alerts", acks_late=True)
def send_centre_alerts(tenant_id: int) -> int:
    """One jobcenter's under-use alerts. The claims and the sending share the task's
    transaction: if sending fails, the claims roll back and the next run tries again."""
    return alert(jobcenter=Jobcenter.objects.get(pk=tenant_id))
