from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tenancy import tenant_scope
from companies import selectors, services
from companies.models import ActivityType, Company, KeyAccountHandover, OpeningStatus
from companies.services import DuplicateCvr
from tests.companies.factories import make_company, purpose, valid_cvr

pytestmark = pytest.mark.django_db


def test_an_invalid_cvr_is_refused_with_a_danish_message(personas) -> None:
    with tenant_scope(personas.roskilde), pytest.raises(ValidationError) as error:
        make_company(cvr="12345678")

    assert "ikke et gyldigt CVR-nummer" in str(error.value.message_dict["cvr"])


def test_a_cvr_already_registered_names_the_existing_company(personas) -> None:
    cvr = valid_cvr()
    with tenant_scope(personas.roskilde):
        first = make_company(name="Bageriet ApS", cvr=cvr)
        with pytest.raises(DuplicateCvr) as error:
            make_company(name="Bageriet igen", cvr=cvr)
    assert error.value.existing == first


def test_the_same_cvr_may_exist_in_two_jobcenters(personas) -> None:
    cvr = valid_cvr()
    with tenant_scope(personas.roskilde):
        make_company(cvr=cvr)
    with tenant_scope(personas.aalborg):
        make_company(cvr=cvr)
        assert Company.objects.count() == 1


@pytest.mark.parametrize(
    "typed",
    ["søndergård", "Soendergaard", "sondergard", "Søndergaards", "Sønderrgård"],
)
def test_search_forgives_danish_letters_and_small_misspellings(personas, typed: str) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Søndergård Tømrer ApS")
        make_company(name="Vestergaard Transport A/S")

        names = [c.name for c in selectors.company_list(selectors.CompanyFilters(search=typed))]

    assert names[:1] == ["Søndergård Tømrer ApS"]
    assert "Vestergaard Transport A/S" not in names


def test_search_finds_a_company_by_the_beginning_of_a_word(personas) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Østergård Maskinfabrik A/S")
        make_company(name="Bageriet")

        names = [c.name for c in selectors.company_list(selectors.CompanyFilters(search="maskin"))]

    assert names == ["Østergård Maskinfabrik A/S"]


def test_search_finds_a_company_by_cvr_and_by_p_number(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Roskilde Kantine", cvr="13585628")
        services.workplace_create(
            actor=None, company=company, name="Køkkenet", p_number="1003388608"
        )
        make_company(name="Anden")

        by_cvr = list(selectors.company_list(selectors.CompanyFilters(search="1358 5628")))
        by_p = list(selectors.company_list(selectors.CompanyFilters(search="1003388608")))

    assert by_cvr == [company]
    assert by_p == [company]


def test_logging_a_contact_warns_about_a_colleagues_recent_contact(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        services.activity_create(
            actor=personas.manager_a, company=company, type=ActivityType.PHONE, purpose=purpose()
        )

        warning = selectors.colleague_contact_warning(
            company=company, actor=personas.consultant_a, jobcenter=personas.roskilde
        )
        own = selectors.colleague_contact_warning(
            company=company, actor=personas.manager_a, jobcenter=personas.roskilde
        )

    assert warning is not None and warning.consultant == personas.manager_a
    assert own is None


def test_a_next_step_becomes_a_task_for_its_owner(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        activity = services.activity_create(
            actor=personas.consultant_a,
            company=company,
            type=ActivityType.VISIT,
            purpose=purpose(),
            next_step="Send tilbud om praktik",
            next_step_due=timezone.localdate() - timedelta(days=1),
        )
        tasks = list(selectors.next_steps_for(user=personas.consultant_a))
        services.activity_complete_next_step(actor=personas.consultant_a, activity=activity)
        after = list(selectors.next_steps_for(user=personas.consultant_a))

    assert tasks == [activity]
    assert after == []


def test_a_next_step_without_a_date_is_refused(personas) -> None:
    with tenant_scope(personas.roskilde), pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=personas.consultant_a,
            company=make_company(),
            type=ActivityType.VISIT,
            purpose=purpose(),
            next_step="Ring igen",
        )
    assert "next_step_due" in error.value.message_dict


def test_a_key_account_is_handed_over_temporarily_and_logged(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(key_account=personas.consultant_a)
        until = timezone.localdate() + timedelta(days=14)
        services.company_hand_over(
            actor=personas.consultant_a, company=company, to_user=personas.manager_a, until=until
        )
        company.refresh_from_db()
        log = KeyAccountHandover.objects.get()

    assert company.key_account == personas.consultant_a
    assert company.current_contact() == personas.manager_a.pk
    assert (log.from_user, log.to_user, log.until) == (
        personas.consultant_a,
        personas.manager_a,
        until,
    )


def test_companies_without_a_key_account_are_listed(personas) -> None:
    with tenant_scope(personas.roskilde):
        orphan = make_company(name="Uden ejer")
        make_company(name="Med ejer", key_account=personas.consultant_a)

        assert list(selectors.companies_without_key_account()) == [orphan]


def test_an_opening_not_taken_up_in_two_working_days_is_listed(personas, time_machine) -> None:
    time_machine.move_to("2026-11-20 09:00 +01:00")  # a Friday
    with tenant_scope(personas.roskilde):
        company = make_company(key_account=personas.consultant_a)
        opening = services.job_opening_create(actor=None, company=company, title="Kantinehjælp")

        time_machine.move_to("2026-11-24 10:00 +01:00")  # Tuesday: the 2nd working day
        on_time = selectors.openings_not_taken_up(jobcenter=personas.roskilde)
        time_machine.move_to("2026-11-25 10:00 +01:00")  # Wednesday: too late
        late = selectors.openings_not_taken_up(jobcenter=personas.roskilde)
        services.job_opening_set_status(
            actor=None, opening=opening, status=OpeningStatus.IN_PROGRESS
        )
        after_take_up = selectors.openings_not_taken_up(jobcenter=personas.roskilde)

    assert on_time == []
    assert late == [opening]
    assert after_take_up == []


def test_closing_an_opening_needs_a_reason(personas) -> None:
    with tenant_scope(personas.roskilde):
        opening = services.job_opening_create(actor=None, company=make_company(), title="Lager")
        with pytest.raises(ValidationError):
            services.job_opening_set_status(
                actor=None, opening=opening, status=OpeningStatus.CLOSED
            )
        services.job_opening_set_status(
            actor=None, opening=opening, status=OpeningStatus.CLOSED, reason="Stillingen udgik"
        )
        with pytest.raises(ValidationError):
            services.job_opening_set_status(
                actor=None, opening=opening, status=OpeningStatus.IN_PROGRESS
            )


def test_the_last_contact_follows_the_contact_log(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        older = services.activity_create(
            actor=personas.consultant_a,
            company=company,
            type=ActivityType.PHONE,
            purpose=purpose(),
            occurred_at=timezone.now() - timedelta(days=10),
        )
        newer = services.activity_create(
            actor=personas.consultant_a, company=company, type=ActivityType.VISIT, purpose=purpose()
        )
        services.activity_create(
            actor=personas.consultant_a,
            company=company,
            type=ActivityType.MEETING,
            purpose=purpose(),
            occurred_at=timezone.now() + timedelta(days=5),
            is_planned=True,
        )
        company.refresh_from_db()
        assert company.last_contact_at == newer.occurred_at

        newer.delete()
        company.refresh_from_db()
        assert company.last_contact_at == older.occurred_at
