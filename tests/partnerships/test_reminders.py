"""Reminders before an agreement ends and before its yearly evaluation: to the key account,
once, also when the workers were down on the day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from accounts.tenancy import tenant_scope
from partnerships import reminders, services
from partnerships.models import AgreementReminder
from tests.companies.factories import make_company
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def signed(personas, **fields):  # type: ignore[no-untyped-def]
    company = make_company(name="Aftalepartner ApS", key_account=personas.manager_a)
    agreement = make_agreement(personas.consultant_a, company=company, **fields)
    services.agreement_set_status(actor=None, agreement=agreement, status="awaiting_signature")
    services.agreement_set_status(
        actor=None, agreement=agreement, status="signed", signed_by_company="Direktør Dam"
    )
    return agreement


@time_machine.travel(TODAY)
def test_the_key_account_is_reminded_60_and_14_days_before_the_end_once_each(
    personas, mailoutbox
) -> None:
    with tenant_scope(personas.roskilde):
        signed(personas, starts_on=date(2025, 1, 1), ends_on=TODAY + timedelta(days=60))
        assert reminders.remind(jobcenter=personas.roskilde) == 1
        assert reminders.remind(jobcenter=personas.roskilde) == 0  # a rerun sends nothing
    with time_machine.travel(TODAY + timedelta(days=30)), tenant_scope(personas.roskilde):
        assert reminders.remind(jobcenter=personas.roskilde) == 0
    with time_machine.travel(TODAY + timedelta(days=47)), tenant_scope(personas.roskilde):
        assert reminders.remind(jobcenter=personas.roskilde) == 1

    assert [m.to for m in mailoutbox] == [["manager@roskilde.example"]] * 2
    assert "udløber 26.01.2027 (om 60 dage)" in mailoutbox[0].body
    assert "om 13 dage" in mailoutbox[1].body


@time_machine.travel(TODAY)
def test_a_sweep_after_days_without_workers_sends_one_reminder_not_two(
    personas, mailoutbox
) -> None:
    with tenant_scope(personas.roskilde):
        agreement = signed(personas, starts_on=date(2025, 1, 1), ends_on=TODAY + timedelta(days=10))
        sent = reminders.remind(jobcenter=personas.roskilde)
        kinds = list(
            AgreementReminder.objects.filter(agreement=agreement).values_list("kind", flat=True)
        )

    assert sent == 1 and kinds == ["end_14"]


@time_machine.travel(TODAY)
def test_the_yearly_evaluation_is_reminded_and_drafts_are_not(personas, mailoutbox) -> None:
    with tenant_scope(personas.roskilde):
        agreement = signed(personas, starts_on=date(2025, 12, 5), ends_on=None)
        make_agreement(personas.consultant_a, starts_on=date(2025, 1, 1), ends_on=TODAY)
        assert agreement.next_evaluation_on == date(2026, 12, 5)
        assert reminders.remind(jobcenter=personas.roskilde) == 1
        services.agreement_evaluated(actor=None, agreement=agreement)
        agreement.refresh_from_db()

    assert "skal evalueres senest 05.12.2026" in mailoutbox[0].body
    assert agreement.next_evaluation_on == date(2027, 11, 27)


@time_machine.travel(TODAY)
def test_the_sweep_fans_out_one_task_per_jobcenter(
    personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        assert reminders.sweep_agreement_reminders() == 2
    assert len(callbacks) == 2


def test_the_admin_sets_when_the_key_account_is_reminded(personas) -> None:
    from django.test import Client

    from tests.factories import sign_in

    admin = sign_in(Client(), personas.admin_a)
    with tenant_scope(personas.roskilde):
        first = services.agreement_types_ensure_defaults()[0]
    page = f"/roskilde/aftaler/typer/{first.public_id}/"

    wrong = admin.post(
        page,
        {
            "name": first.name,
            "evaluation_months": "12",
            "evaluation_reminder_days": "14",
            "end_reminder_days": "30, otte",
            "is_active": "on",
        },
    )
    admin.post(
        page,
        {
            "name": first.name,
            "evaluation_months": "6",
            "evaluation_reminder_days": "7",
            "end_reminder_days": "30; 90",
            "is_active": "on",
        },
    )
    with tenant_scope(personas.roskilde):
        first.refresh_from_db()

    assert "Skriv hele dage mellem 1 og 365" in wrong.content.decode()
    assert first.end_reminder_days == [90, 30] and first.evaluation_months == 6
