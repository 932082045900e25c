"""Reminders that never get lost: the bell's notifications and one e-mail a day per person,
sent once whatever happens to the worker, and caught up after days without workers."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta

import pytest
import time_machine
from billiard.exceptions import WorkerLostError
from django.core import mail
from django.db import connection

from accounts import jobs
from accounts.models import Membership
from accounts.tenancy import tenant_scope
from companies import services as company_services
from placements import reminders, services
from placements.models import FollowUp, Notification, ReminderDigest
from tests.candidates.factories import ISSUED, make_candidate
from tests.companies.factories import make_company, purpose
from tests.placements.factories import make_placement
from tests.placements.reminder_days import (
    CPH,
    MORNING,
    TODAY,
    a_day_of_work,
    at,
    placed,
    sent_digests,
    sweep,
)

# The digest is claimed on a connection of its own, committed before the e-mail goes: these
# tests need their rows committed too.
pytestmark = pytest.mark.django_db(transaction=True)


# --- The digest's content -----------------------------------------------------------------


def test_the_digest_lists_today_and_overdue_by_first_name_with_a_link_to_min_dag(
    personas,
) -> None:
    a_day_of_work(personas)

    with at(MORNING):
        result = sweep(personas)

    assert result == {"notifications": 3, "emails": 1}
    (message,) = mail.outbox
    assert message.to == ["consultant@roskilde.example"]
    assert message.subject == "Jobbro 25.11.2026: 1 skal gøres i dag, 2 er overskredet"
    body = message.body
    assert "Hej Karen" in body
    assert "Jobcenter Roskilde, onsdag 25.11.2026" in body
    today_part, overdue_part = body.split("Overskredet (2)")
    assert "Skal gøres i dag (1)" in today_part
    assert "- Opfølgning: Sofie hos Bageriet ApS — Dag 3: hvordan går det?" in today_part
    # Overdue: the oldest first, with its date in Danish.
    assert overdue_part.index("Senest 21.11.2026: Næste skridt: Send forslag til praktik") < (
        overdue_part.index("Senest 23.11.2026: Opfølgning: Ali hos Lager & Logistik A/S")
    )
    assert "http://localhost:8000/roskilde/\n" in body  # Min dag
    assert "/roskilde/mine-indstillinger/" in body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert 'href="http://localhost:8000/roskilde/"' in html
    assert "Lager &amp; Logistik A/S" in html
    for text in (body, html, message.subject):
        assert "Testesen" not in text and "Hansen-Lund" not in text
        for number in ISSUED:
            assert number not in text and f"{number[:6]}-{number[6:]}" not in text


def test_the_digest_is_in_the_access_log_of_each_candidate_it_names(personas) -> None:
    from accounts.models import AccessLog
    from candidates import selectors as candidate_selectors
    from candidates.models import Candidate

    a_day_of_work(personas)
    with at(MORNING):
        sweep(personas)

    with tenant_scope(personas.roskilde):
        sofie = Candidate.objects.get(first_name="Sofie")
        logged = sorted(
            AccessLog.objects.filter(action="reminder_email").values_list("user__email", flat=True)
        )
        history = candidate_selectors.lookup_history_rows(candidate=sofie)
    assert logged == ["consultant@roskilde.example"] * 2  # Sofie and Ali
    assert [row["action"] for row in history] == [
        "Nævnt med fornavn i en påmindelse på e-mail til en medarbejder"
    ]


def test_a_long_digest_shows_the_first_items_and_says_how_many_more(personas, monkeypatch) -> None:
    monkeypatch.setattr(reminders, "DIGEST_ITEMS_SHOWN", 2)
    with at(datetime(2026, 11, 16, 9, 0, tzinfo=CPH)), tenant_scope(personas.roskilde):
        company = make_company(name="Travl ApS")
        for number in range(5):
            company_services.activity_create(
                actor=personas.consultant_a,
                company=company,
                type="phone",
                purpose=purpose(),
                next_step=f"Ring igen {number}",
                next_step_due=date(2026, 11, 20) + timedelta(days=number),
            )

    with at(MORNING):
        sweep(personas)

    body = mail.outbox[0].body
    assert "Overskredet (5)" in body
    assert body.count("Næste skridt: Ring igen") == 2
    assert "Ring igen 0" in body and "Ring igen 1" in body
    assert "… og 3 flere." in body


# --- Once, whatever happens -----------------------------------------------------------------


def test_a_second_run_and_a_redelivered_task_send_nothing_more(personas) -> None:
    a_day_of_work(personas)

    with at(MORNING):
        first = sweep(personas, task_id="sweep-1")
        redelivered = sweep(personas, task_id="sweep-1")
    with at(MORNING + timedelta(hours=1)):
        hourly = sweep(personas)

    assert first == {"notifications": 3, "emails": 1}
    assert redelivered == {"notifications": 0, "emails": 0}
    assert hourly == {"notifications": 0, "emails": 0}
    assert len(mail.outbox) == 1
    (digest,) = sent_digests(personas)
    assert digest.sent_at is not None and digest.items == 3 and digest.day == TODAY


def _dies(message: object) -> None:
    raise SystemExit("the worker was killed after claiming, before sending")


def test_a_claim_left_by_a_dead_worker_is_sent_by_its_redelivery_or_once_it_is_stale(
    personas, monkeypatch
) -> None:
    a_day_of_work(personas)
    monkeypatch.setattr(reminders, "digest_deliver", _dies)
    with at(MORNING), pytest.raises(SystemExit):
        sweep(personas, task_id="killed")
    monkeypatch.undo()
    (claim,) = sent_digests(personas)
    assert claim.claimed_by == "killed" and claim.sent_at is None
    assert mail.outbox == []

    # Another sweep while the claim may still be someone's: it leaves it alone.
    with at(MORNING + timedelta(minutes=5)):
        assert sweep(personas, task_id="other")["emails"] == 0
    # The same task, redelivered because its worker died: it takes its claim over at once.
    with at(MORNING + timedelta(minutes=6)):
        assert sweep(personas, task_id="killed")["emails"] == 1
    with at(MORNING + timedelta(hours=2)):
        assert sweep(personas, task_id="later")["emails"] == 0
    assert len(mail.outbox) == 1


def test_a_stale_claim_is_taken_over_by_the_next_sweep(personas, monkeypatch) -> None:
    a_day_of_work(personas)
    monkeypatch.setattr(reminders, "digest_deliver", _dies)
    with at(MORNING), pytest.raises(SystemExit):
        sweep(personas, task_id="killed")
    monkeypatch.undo()

    with at(MORNING + reminders.stale_after() - timedelta(seconds=1)):
        assert sweep(personas)["emails"] == 0
    with at(MORNING + reminders.stale_after() + timedelta(seconds=1)):
        assert sweep(personas)["emails"] == 1
    assert len(mail.outbox) == 1


def test_a_mail_server_that_refuses_leaves_the_digest_for_the_next_sweep(
    personas, monkeypatch
) -> None:
    import smtplib

    a_day_of_work(personas)

    def refuses(message) -> None:  # type: ignore[no-untyped-def]
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(reminders, "digest_deliver", refuses)
    with at(MORNING):
        assert sweep(personas)["emails"] == 0
    monkeypatch.undo()
    assert sent_digests(personas) == []

    with at(MORNING + timedelta(hours=1)):
        assert sweep(personas)["emails"] == 1
    assert len(mail.outbox) == 1


def test_a_run_uses_one_mail_server_connection_and_none_when_there_is_nothing_to_send(
    personas, monkeypatch
) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    class Counting(EmailBackend):
        opened = 0

        def open(self) -> bool:
            if not getattr(self, "is_open", False):
                Counting.opened += 1
                self.is_open = True
            return False

        def close(self) -> None:
            self.is_open = False

    monkeypatch.setattr(reminders, "_mail_server", Counting)
    a_day_of_work(personas)
    with at(datetime(2026, 11, 16, 9, 0, tzinfo=CPH)), tenant_scope(personas.roskilde):
        placed(personas, "Maja", "Holm", "Kantinen ApS", TODAY - timedelta(days=3))
        FollowUp.objects.filter(placement__candidate__first_name="Maja").update(
            owner=personas.manager_a
        )

    with at(MORNING):
        assert sweep(personas)["emails"] == 2
    assert Counting.opened == 1
    with at(MORNING + timedelta(hours=1)):
        assert sweep(personas)["emails"] == 0
    assert Counting.opened == 1


def test_two_sweeps_at_the_same_moment_send_one_email_per_consultant(personas) -> None:
    a_day_of_work(personas)
    with at(datetime(2026, 11, 16, 9, 0, tzinfo=CPH)), tenant_scope(personas.roskilde):
        make_placement(
            personas.manager_a,
            candidate=make_candidate(first_name="Maja"),
            planned_start=TODAY - timedelta(days=3),
            planned_end=TODAY + timedelta(weeks=8),
        )
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def beat(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(sweep(personas, task_id=name))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    with at(MORNING):
        threads = [threading.Thread(target=beat, args=(f"beat-{n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert sum(r["emails"] for r in results) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "consultant@roskilde.example",
        "manager@roskilde.example",
    ]
    with tenant_scope(personas.roskilde):
        assert Notification.objects.count() == 4
    assert all(d.sent_at for d in sent_digests(personas))


def _wait_for(condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.2)


def test_a_real_worker_that_dies_after_claiming_is_redelivered_and_sends_once(
    personas, celery_worker_queue, monkeypatch
) -> None:
    """A real worker on the real Redis: the task dies between claiming and sending (as when
    the worker process is killed: Celery reports WorkerLostError), the message is requeued
    (acks_late, task_reject_on_worker_lost), and the redelivered task sends the digest."""
    a_day_of_work(personas)
    deliver = reminders.digest_deliver
    deliveries: list[str] = []

    def dies_the_first_time(message) -> None:  # type: ignore[no-untyped-def]
        deliveries.append(message.to[0])
        if len(deliveries) == 1:
            raise WorkerLostError("Worker exited prematurely: signal 9 (SIGKILL).")
        deliver(message)

    monkeypatch.setattr(reminders, "digest_deliver", dies_the_first_time)
    # The clock runs on here: the worker's broker connection keeps time.
    with time_machine.travel(MORNING, tick=True):
        assert reminders.sweep_reminders.apply().get() == 2  # Roskilde and Aalborg
        _wait_for(lambda: len(mail.outbox) >= 1 and all(d.sent_at for d in sent_digests(personas)))
        time.sleep(1)  # time enough for a second e-mail, were one to come

    assert deliveries == ["consultant@roskilde.example"] * 2
    assert [m.to for m in mail.outbox] == [["consultant@roskilde.example"]]
    (digest,) = sent_digests(personas)
    assert digest.sent_at is not None
    with tenant_scope(personas.roskilde):
        # The dead run's notifications rolled back with it; the redelivery made them.
        assert Notification.objects.count() == 3


# --- Catching up, and who gets what ---------------------------------------------------------


def test_after_two_days_without_a_sweep_the_next_one_catches_up(personas) -> None:
    with at(datetime(2026, 11, 16, 9, 0, tzinfo=CPH)), tenant_scope(personas.roskilde):
        # Day-3 follow-ups due on Monday, Tuesday (both missed) and Wednesday.
        placed(personas, "Sofie", "Testesen", "Bageriet ApS", date(2026, 11, 20))
        placed(personas, "Ali", "Hansen-Lund", "Lageret A/S", date(2026, 11, 21))
        placed(personas, "Maja", "Holm", "Kantinen ApS", date(2026, 11, 22))
    with at(datetime(2026, 11, 22, 6, 30, tzinfo=CPH)):  # Sunday: the last sweep that ran
        assert sweep(personas) == {"notifications": 0, "emails": 0}

    # Redis and the workers are down on Monday and Tuesday: nothing is swept.
    with at(MORNING):
        result = sweep(personas)

    assert result == {"notifications": 3, "emails": 1}
    body = mail.outbox[0].body
    assert "Skal gøres i dag (1)" in body and "Overskredet (2)" in body
    assert "Senest 23.11.2026: Opfølgning: Sofie hos Bageriet ApS" in body
    assert "Senest 24.11.2026: Opfølgning: Ali hos Lageret A/S" in body
    assert "- Opfølgning: Maja hos Kantinen ApS" in body
    with tenant_scope(personas.roskilde):
        kinds = sorted(Notification.objects.values_list("day", "kind"))
    assert kinds == [
        (date(2026, 11, 23), "overdue"),
        (date(2026, 11, 24), "overdue"),
        (date(2026, 11, 25), "due"),
    ]


def test_an_item_notifies_due_on_its_day_and_overdue_once_after(personas) -> None:
    with at(datetime(2026, 11, 16, 9, 0, tzinfo=CPH)), tenant_scope(personas.roskilde):
        placed(personas, "Sofie", "Testesen", "Bageriet ApS", TODAY - timedelta(days=3))

    made = []
    for day in range(4):
        with at(MORNING + timedelta(days=day)):
            made.append(sweep(personas)["notifications"])

    assert made == [1, 1, 0, 0]
    with tenant_scope(personas.roskilde):
        assert sorted(Notification.objects.values_list("kind", flat=True)) == ["due", "overdue"]
    # One e-mail a day while it is open: today, then overdue.
    assert len(mail.outbox) == 4


def test_with_emails_off_the_notifications_still_come(personas) -> None:
    from accounts import services as account_services

    account_services.user_set_reminder_emails(user=personas.consultant_a, on=False)
    a_day_of_work(personas)

    with at(MORNING):
        assert sweep(personas) == {"notifications": 3, "emails": 0}

    assert mail.outbox == []
    with tenant_scope(personas.roskilde):
        assert Notification.objects.filter(user=personas.consultant_a).count() == 3


def test_done_items_and_people_who_left_are_not_reminded(personas) -> None:
    a_day_of_work(personas)
    with tenant_scope(personas.roskilde):
        sofie = FollowUp.objects.get(due_on=TODAY)
        services.followup_complete(actor=None, followup=sofie, done_on=TODAY - timedelta(days=1))
        placement = make_placement(
            personas.manager_a,
            candidate=make_candidate(first_name="Maja"),
            planned_start=TODAY - timedelta(days=3),
            planned_end=TODAY + timedelta(weeks=8),
        )
        assert placement.followups.filter(due_on=TODAY).exists()
        Membership.objects.filter(user=personas.manager_a).update(is_active=False)

    with at(MORNING):
        assert sweep(personas) == {"notifications": 2, "emails": 1}

    assert "Sofie" not in mail.outbox[0].body


def test_the_morning_sweep_fans_out_one_task_per_active_jobcenter(personas, monkeypatch) -> None:
    personas.aalborg.is_active = False
    personas.aalborg.save()
    queued: list[int] = []
    monkeypatch.setattr(reminders.send_reminders, "delay", queued.append)

    assert reminders.sweep_reminders.apply().get() == 1
    assert queued == [personas.roskilde.pk]


def test_the_beat_sweeps_every_morning_and_hourly_on_weekdays() -> None:
    from django.conf import settings

    sweeps = {
        name: entry["schedule"]
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] == "placements.sweep_reminders"
    }
    assert set(sweeps) == {"reminders-morning", "reminders-catch-up"}
    morning, hourly = sweeps["reminders-morning"], sweeps["reminders-catch-up"]
    assert (morning.hour, morning.minute) == ({6}, {30})
    assert len(morning.day_of_week) == 7
    assert hourly.hour == set(range(7, 18)) and hourly.day_of_week == {1, 2, 3, 4, 5}


def test_the_side_connection_keeps_to_its_jobcenter(personas) -> None:
    """The claim is written outside the task's transaction; row-level security still binds
    it to the jobcenter it was opened for."""
    import psycopg

    with (
        tenant_scope(personas.roskilde),
        jobs.side_connection() as side,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        side.execute(
            reminders.CLAIM,
            [personas.aalborg.pk, personas.consultant_b.pk, TODAY, MORNING, "x", 1],
        )
    with tenant_scope(personas.aalborg):
        assert not ReminderDigest.objects.exists()


def test_a_worker_process_killed_while_sending_is_redelivered_and_sends_once(
    personas, tmp_path, worker_id
) -> None:
    """The real thing: a Celery worker process of its own (prefork, on the real Redis and the
    test database) is killed with SIGKILL after it claimed the digest and before the e-mail
    left. Celery requeues the message, the worker's next child runs it again, and exactly one
    e-mail goes out."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings
    from django.utils import timezone

    today = timezone.localdate()  # the worker process keeps the real time
    with tenant_scope(personas.roskilde):
        placed(personas, "Sofie", "Testesen", "Bageriet ApS", today - timedelta(days=3))
    url = urlsplit(os.environ["DATABASE_URL"])
    database = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    queue = f"jobbro-test-killed-{worker_id}-{os.getpid()}"
    (tmp_path / "hang").touch()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "tests.placements.mail_spool.SpoolBackend",
        "JOBBRO_TEST_MAIL_SPOOL": str(tmp_path),
    }
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            *("-m", "celery", "-A", "config", "worker", "--pool", "prefork"),
            *("--concurrency", "1", "--queues", queue, "--loglevel", "WARNING"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    spooled = lambda: sorted(tmp_path.glob("*.eml"))  # noqa: E731
    try:
        reminders.send_reminders.apply_async(args=[personas.roskilde.pk], queue=queue)
        pid_file = tmp_path / "hanging.pid"
        _wait_for(pid_file.exists, seconds=90)
        assert pid_file.exists(), "the worker never reached the e-mail"
        time.sleep(0.2)  # the id is written before the child waits
        (claim,) = sent_digests(personas)
        assert claim.sent_at is None and claim.claimed_by  # claimed, committed, not sent

        os.kill(int(pid_file.read_text()), signal.SIGKILL)
        _wait_for(lambda: bool(spooled()) and bool(sent_digests(personas)[0].sent_at), 90)
        time.sleep(2)  # time enough for a second e-mail, were one to come
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    assert len(spooled()) == 1
    message = spooled()[0].read_text()
    assert "consultant@roskilde.example" in message
    (digest,) = sent_digests(personas)
    assert digest.sent_at is not None and digest.claimed_by == claim.claimed_by


# --- When `make run` starts ------------------------------------------------------------------


def test_the_start_up_catch_up_fills_the_bell_once_and_sends_no_e_mail(personas) -> None:
    from io import StringIO

    from django.core.management import call_command

    a_day_of_work(personas)
    out = StringIO()

    with at(MORNING):
        call_command("reminders_catch_up", stdout=out)
        call_command("reminders_catch_up", stdout=out)  # idempotent

    assert out.getvalue().splitlines() == [
        "Reminders caught up: 3 new notifications in the bell.",
        "Reminders caught up: 0 new notifications in the bell.",
    ]
    with tenant_scope(personas.roskilde):
        assert reminders.unread_count(user=personas.consultant_a) == 3
    assert mail.outbox == []
