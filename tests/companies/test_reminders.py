from __future__ import annotations

import pytest
from django.core import mail

from accounts.tenancy import tenant_scope
from companies import services
from companies.models import OpeningStatus
from companies.reminders import remind_openings_not_taken_up
from tests.companies.factories import make_company

pytestmark = pytest.mark.django_db


def test_an_opening_not_taken_up_is_reminded_to_the_key_account_once(
    personas, time_machine
) -> None:
    time_machine.move_to("2026-11-16 09:00 +01:00")  # Monday
    with tenant_scope(personas.roskilde):
        company = make_company(name="Kantinen ApS", key_account=personas.consultant_a)
        services.job_opening_create(actor=None, company=company, title="Kantinehjælp")
        taken = services.job_opening_create(actor=None, company=company, title="Opvasker")
        services.job_opening_set_status(actor=None, opening=taken, status=OpeningStatus.IN_PROGRESS)

    time_machine.move_to("2026-11-19 08:00 +01:00")  # Thursday: past two working days
    first = remind_openings_not_taken_up.apply(args=[personas.roskilde.pk]).get()
    again = remind_openings_not_taken_up.apply(args=[personas.roskilde.pk]).get()

    assert (first, again) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["consultant@roskilde.example"]
    assert "Kantinehjælp hos Kantinen ApS" in message.body
    assert "Opvasker" not in message.body


def test_a_stand_in_gets_the_reminder_while_the_key_account_is_away(personas, time_machine) -> None:
    from datetime import date

    time_machine.move_to("2026-11-16 09:00 +01:00")
    with tenant_scope(personas.roskilde):
        company = make_company(key_account=personas.consultant_a)
        services.company_hand_over(
            actor=personas.consultant_a,
            company=company,
            to_user=personas.manager_a,
            until=date(2026, 11, 30),
        )
        services.job_opening_create(actor=None, company=company, title="Lager")

    time_machine.move_to("2026-11-19 08:00 +01:00")
    remind_openings_not_taken_up.apply(args=[personas.roskilde.pk]).get()

    assert [m.to for m in mail.outbox] == [["manager@roskilde.example"]]


def test_easter_does_not_count_against_taking_up_an_opening(personas, time_machine) -> None:
    time_machine.move_to("2026-04-01 09:00 +02:00")  # Wednesday before Easter
    with tenant_scope(personas.roskilde):
        company = make_company(name="Påskebageriet ApS", key_account=personas.consultant_a)
        services.job_opening_create(actor=None, company=company, title="Bager")

    # Skærtorsdag, langfredag and 2. påskedag are no working days: the two working days
    # after 1.4 are 7.4 and 8.4.
    time_machine.move_to("2026-04-08 16:00 +02:00")
    on_time = remind_openings_not_taken_up.apply(args=[personas.roskilde.pk]).get()
    time_machine.move_to("2026-04-09 08:00 +02:00")
    late = remind_openings_not_taken_up.apply(args=[personas.roskilde.pk]).get()

    assert (on_time, late) == (0, 1)
