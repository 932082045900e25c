"""The under-use alert (partnerships.centre_alerts): the managers are told when a contract's
weekly occupancy stays under its share for its number of whole weeks, once a week."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tenancy import tenant_scope
from partnerships import centre_alerts
from partnerships.models import CentreAlert, CentreContract
from partnerships.selectors import centres as selectors
from tests.companies.factories import make_company
from tests.factories import sign_in
from tests.partnerships.factories import make_centre
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)  # the weeks checked: from 2, 9, 16 and 23 February


def seat(personas, centre, start: date, end: date | None) -> None:  # type: ignore[no-untyped-def]
    make_placement(
        personas.consultant_a,
        company=centre.company,
        centre_contract=centre,
        planned_start=start,
        planned_end=end,
    )


def test_managers_are_alerted_once_a_week_when_a_centre_stays_under_its_share(
    personas, mailoutbox
) -> None:
    with tenant_scope(personas.roskilde):
        # Half full all along: under 80 % every week.
        half = make_centre(
            make_company(name="Halvt ApS"), name="Halvt", seats=2, starts_on=date(2026, 1, 5)
        )
        seat(personas, half, date(2026, 1, 5), None)
        # Full: never alerted.
        full = make_centre(
            make_company(name="Fuldt ApS"), name="Fuldt", seats=1, starts_on=date(2026, 1, 5)
        )
        seat(personas, full, date(2026, 1, 5), None)
        # Full in the week of 2 February, half full since: under for 3 weeks only.
        recent = make_centre(
            make_company(name="Nyligt ApS"), name="Nyligt", seats=2, starts_on=date(2026, 1, 5)
        )
        seat(personas, recent, date(2026, 1, 5), None)
        seat(personas, recent, date(2026, 1, 5), date(2026, 2, 8))
        # A lower threshold: 50 % is not under 50 %.
        lenient = make_centre(
            make_company(name="Mildt ApS"),
            name="Mildt",
            seats=2,
            starts_on=date(2026, 1, 5),
        )
        CentreContract.objects.filter(pk=lenient.pk).update(underuse_share=50)
        seat(personas, lenient, date(2026, 1, 5), None)
        # Started two weeks ago: not yet run for four whole weeks.
        new = make_centre(
            make_company(name="Nyt ApS"), name="Nyt", seats=2, starts_on=date(2026, 2, 16)
        )

        with time_machine.travel(MONDAY):
            under = selectors.underused()
            first = centre_alerts.alert(jobcenter=personas.roskilde)
            again = centre_alerts.alert(jobcenter=personas.roskilde)  # a redelivered task
        with time_machine.travel(date(2026, 3, 4)):  # later the same week
            same_week = centre_alerts.alert(jobcenter=personas.roskilde)
        with time_machine.travel(date(2026, 3, 9)):
            next_week = centre_alerts.alert(jobcenter=personas.roskilde)
        alerts = list(
            CentreAlert.objects.select_related("contract", "recipient").order_by(
                "week", "contract__name"
            )
        )

    assert set(under) == {half.pk}
    assert under[half.pk] == [50, 50, 50, 50]
    assert new.pk not in under
    assert (first, again, same_week) == (1, 0, 0)
    # The week after, "Nyligt" has been under for four weeks too; "Halvt" is alerted again.
    assert next_week == 2
    assert [(a.contract.name, a.week, a.recipient) for a in alerts] == [
        ("Halvt", MONDAY, personas.manager_a),
        ("Halvt", date(2026, 3, 9), personas.manager_a),
        ("Nyligt", date(2026, 3, 9), personas.manager_a),
    ]
    assert [m.to for m in mailoutbox] == [["manager@roskilde.example"]] * 3
    assert mailoutbox[0].subject == "Halvt er underudnyttet"
    assert "under 80 % af sine 2 pladser i hver af de seneste 4 hele uger" in mailoutbox[0].body
    assert "50,0 %" in mailoutbox[0].body
    assert f"/roskilde/aftaler/virksomhedscentre/{half.public_id}/" in mailoutbox[0].body


def test_the_manager_sees_the_alert_until_the_contract_is_opened(personas) -> None:
    with tenant_scope(personas.roskilde):
        half = make_centre(name="Halvt", seats=2, starts_on=date(2026, 1, 5))
        seat(personas, half, date(2026, 1, 5), None)
        with time_machine.travel(MONDAY):
            centre_alerts.alert(jobcenter=personas.roskilde)
    manager = sign_in(Client(), personas.manager_a)
    consultant = sign_in(Client(), personas.consultant_a)
    lists = reverse("partnerships:centre_list", kwargs={"jobcenter": "roskilde"})
    detail = reverse(
        "partnerships:centre_detail", kwargs={"jobcenter": "roskilde", "public_id": half.public_id}
    )

    with time_machine.travel(MONDAY):
        before = manager.get(lists).content.decode()
        others = consultant.get(lists).content.decode()
        opened = manager.get(detail).content.decode()
        under_filter = consultant.get(lists, {"use": "under"}).content.decode()
        after = manager.get(lists).content.decode()

    assert "Underudnyttede virksomhedscentre" in before
    assert "Underudnyttede virksomhedscentre" not in others
    assert "Virksomhedscentret er underudnyttet" in " ".join(opened.split())
    assert "Underudnyttet" in under_filter and "1 virksomhedscenter" in under_filter
    assert "Underudnyttede virksomhedscentre" not in after


def test_the_alert_rings_the_managers_bell_until_the_contract_is_opened(personas) -> None:
    with tenant_scope(personas.roskilde):
        half = make_centre(name="Halvt", seats=2, starts_on=date(2026, 1, 5))
        seat(personas, half, date(2026, 1, 5), None)
        with time_machine.travel(MONDAY):
            centre_alerts.alert(jobcenter=personas.roskilde)
            centre_alerts.alert(jobcenter=personas.roskilde)  # a redelivered task
    manager = sign_in(Client(), personas.manager_a)
    consultant = sign_in(Client(), personas.consultant_a)
    notifications = reverse("reminders:notifications", kwargs={"jobcenter": "roskilde"})
    detail = reverse(
        "partnerships:centre_detail", kwargs={"jobcenter": "roskilde", "public_id": half.public_id}
    )

    with time_machine.travel(MONDAY):
        listed = manager.get(notifications)
        others = consultant.get(notifications)
        manager.get(detail)
        after = manager.get(notifications)

    assert listed.context["unread_notifications"]() == 1
    row = listed.context["rows"][0]
    assert (row.title, row.url) == ("Halvt er underudnyttet", detail)
    assert "Underudnyttet" in listed.content.decode()
    assert "besked her, når et virksomhedscenter er underudnyttet" in listed.content.decode()
    assert others.context["unread_notifications"]() == 0
    assert "virksomhedscenter er underudnyttet" not in others.content.decode()
    assert after.context["unread_notifications"]() == 0
    assert after.context["rows"][0].notification.read_at is not None


def test_the_sweep_fans_out_one_task_per_jobcenter(
    personas, django_capture_on_commit_callbacks
) -> None:
    from unittest import mock

    with (
        mock.patch.object(centre_alerts.send_centre_alerts, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert centre_alerts.sweep_centre_alerts() == 2
    assert sorted(call.args[0] for call in delay.call_args_list) == sorted(
        [personas.roskilde.pk, personas.aalborg.pk]
    )


def test_beat_runs_the_sweep_every_monday_morning() -> None:
    from django.conf import settings

    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["centre-alerts"]
    assert entry["task"] == centre_alerts.sweep_centre_alerts.name
    assert entry["task"] in app.tasks and centre_alerts.send_centre_alerts.name in app.tasks
    assert entry["schedule"].day_of_week == {1} and entry["schedule"].hour == {7}
