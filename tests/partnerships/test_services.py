"""Agreements measured against their commitments, seats that cannot be overbooked, jobpakker."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.tenancy import tenant_scope
from companies import services as company_services
from partnerships import actuals, services
from partnerships.models import Agreement, Commitment
from placements.models import Placement
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company, purpose
from tests.partnerships.factories import make_agreement, make_centre
from tests.placements.factories import make_placement, placement_type

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 2)


def commit(agreement: Agreement, area: str, target: int, per: str = "year") -> Commitment:
    return services.commitment_save(
        actor=None, commitment=Commitment(agreement=agreement), area=area, target=target, per=per
    )


@time_machine.travel(TODAY)
def test_commitments_are_counted_by_their_rules_in_the_current_agreement_year(personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
        internships = commit(agreement, "internships", 4)
        hires = commit(agreement, "ordinary_hires", 2)
        events = commit(agreement, "events", 3, per="agreement")
        for start in (date(2026, 2, 2), date(2026, 5, 4), date(2025, 12, 1)):
            make_placement(
                personas.consultant_a,
                company=agreement.company,
                agreement=agreement,
                planned_start=start,
                actual_start=start,
                planned_end=None if start.year == 2025 else date(start.year, start.month + 2, 1),
            )
        # A person hired twice counts once; a placement not linked to the agreement never.
        hired = make_candidate(first_name="Ansat")
        for start in (date(2026, 3, 2), date(2026, 6, 1)):
            make_placement(
                personas.consultant_a,
                candidate=hired,
                company=agreement.company,
                agreement=agreement,
                type_code="small_job",
                planned_start=start,
                actual_start=start,
                planned_end=date(start.year, start.month, 28),
            )
        make_placement(
            personas.consultant_a,
            company=agreement.company,
            planned_start=date(2026, 3, 1),
            planned_end=date(2026, 4, 1),
        )
        for _ in range(2):
            company_services.activity_create(
                actor=personas.consultant_a,
                company=agreement.company,
                type="meeting",
                purpose=purpose(),
                occurred_at=datetime(2026, 4, 1, 10, tzinfo=UTC),
            )
        result = {d.commitment.pk: d for d in actuals.agreement_deliveries(agreement)}

    assert result[internships.pk].actual == 2  # the one from 2025 is outside this year
    assert result[hires.pk].actual == 1 and result[hires.pk].unit == "personer"
    assert result[events.pk].actual == 2
    assert "virksomhedspraktik" in result[internships.pk].rule
    # Half the year has passed: 2 of 4 internships is on track, 1 of 2 hires too.
    assert not result[internships.pk].is_behind and not result[hires.pk].is_behind


@time_machine.travel(TODAY)
def test_a_manager_finds_the_agreements_behind_their_targets(personas) -> None:
    with tenant_scope(personas.roskilde):
        behind = make_agreement(personas.consultant_a, title="Bagud")
        commit(behind, "internships", 10)
        on_track = make_agreement(personas.consultant_a, title="Godt med")
        commit(on_track, "internships", 1)
        make_placement(
            personas.consultant_a,
            company=on_track.company,
            agreement=on_track,
            planned_start=date(2026, 2, 2),
            actual_start=date(2026, 2, 2),
            planned_end=date(2026, 4, 2),
        )
        for agreement in (behind, on_track):
            services.agreement_set_status(
                actor=personas.consultant_a, agreement=agreement, status="awaiting_signature"
            )
            services.agreement_set_status(
                actor=personas.consultant_a,
                agreement=agreement,
                status="signed",
                signed_by_company="Direktør Hansen",
            )
        assert actuals.behind_agreement_ids() == {behind.pk}


@time_machine.travel(TODAY)
def test_bad_agreements_and_commitments_are_refused_with_clear_messages(personas) -> None:
    with tenant_scope(personas.roskilde):
        with pytest.raises(ValidationError) as end_first:
            make_agreement(
                personas.consultant_a, starts_on=date(2026, 5, 1), ends_on=date(2026, 1, 1)
            )
        agreement = make_agreement(personas.consultant_a)
        with pytest.raises(ValidationError) as no_target:
            commit(agreement, "internships", 0)
        with pytest.raises(ValidationError) as no_reason:
            services.agreement_set_status(
                actor=personas.consultant_a, agreement=agreement, status="terminated"
            )
        other = make_company(name="Anden ApS")
        with pytest.raises(ValidationError) as wrong_company:
            make_placement(personas.consultant_a, company=other, agreement=agreement)

    assert "Slutdatoen ligger før startdatoen" in str(end_first.value)
    assert "mål på mindst 1" in str(no_target.value)
    assert "hvorfor aftalen opsiges" in str(no_reason.value)
    assert "Aftalen er indgået med en anden virksomhed" in str(wrong_company.value)


@time_machine.travel(TODAY)
def test_renewing_links_the_new_agreement_and_copies_its_promises(personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a, ends_on=date(2026, 12, 31))
        commit(agreement, "internships", 4)
        renewal = services.agreement_renew(
            actor=personas.consultant_a,
            agreement=agreement,
            starts_on=date(2027, 1, 1),
            ends_on=date(2028, 12, 31),
        )
        with pytest.raises(ValidationError):
            services.agreement_not_renewed(actor=None, agreement=agreement, reason="Lukker")

        assert renewal.predecessor == agreement and renewal.status == "draft"
        assert [(c.area, c.target) for c in renewal.commitments.all()] == [("internships", 4)]


@time_machine.travel(TODAY)
def test_a_full_centre_refuses_the_next_seat(personas) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=1)
        services.seat_assign(
            actor=personas.consultant_a,
            contract=centre,
            candidate=make_candidate(),
            placement_type=placement_type(),
            planned_start=TODAY,
            planned_end=date(2026, 9, 30),
            consultant=personas.consultant_a,
        )
        with pytest.raises(services.CentreFull) as error:
            services.seat_assign(
                actor=personas.consultant_a,
                contract=centre,
                candidate=make_candidate(first_name="Nummer to"),
                placement_type=placement_type(),
                planned_start=TODAY,
                planned_end=date(2026, 9, 30),
                consultant=personas.consultant_a,
            )
        assert Placement.objects.filter(centre_contract=centre).count() == 1
    assert "er fuldt: den ene plads er besat" in str(error.value)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_assignments_cannot_both_take_the_last_seat() -> None:
    from tests.factories import make_personas

    personas = make_personas()
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=1)
        candidates = [make_candidate(first_name=f"Kandidat {i}") for i in range(2)]
        internship = placement_type()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def assign(candidate) -> None:  # type: ignore[no-untyped-def]
        try:
            with tenant_scope(personas.roskilde):
                barrier.wait(timeout=10)
                services.seat_assign(
                    actor=personas.consultant_a,
                    contract=centre,
                    candidate=candidate,
                    placement_type=internship,
                    planned_start=timezone.localdate(),
                    planned_end=None,
                    consultant=personas.consultant_a,
                )
            results.append("seated")
        except services.CentreFull:
            results.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(c,)) for c in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["full", "seated"]
    with tenant_scope(personas.roskilde):
        assert Placement.objects.filter(centre_contract=centre).count() == 1


@time_machine.travel(TODAY)
def test_a_jobpakke_is_copied_as_a_template_without_its_cohort(personas) -> None:
    from partnerships.models import JobPackage

    with tenant_scope(personas.roskilde):
        package = services.job_package_save(
            actor=None,
            package=JobPackage(),
            company=make_company(name="Tagfirma A/S"),
            title="Tagdækker trainee",
            competence_profile="Højdeskræk nej, kørekort B",
            positions=6,
        )
        services.module_add(
            actor=None,
            package=package,
            kind="course",
            title="Sikkerhed",
            duration_days=5,
            amu_number="45678",
        )
        services.module_add(
            actor=None, package=package, kind="internship", title="Praktik", duration_days=60
        )
        services.participant_enrol(actor=None, package=package, candidate=make_candidate())
        copied = services.job_package_copy(
            actor=None, package=package, company=make_company(name="Andet Tagfirma ApS")
        )

        assert [m.title for m in copied.modules.all()] == ["Sikkerhed", "Praktik"]
        assert copied.participants.count() == 0 and copied.copied_from == package


# --- Each area counts what its rule says, and nothing else ---------------------------------------

# area: (the type of placement that counts, one of a type outside the rule)
PLACEMENT_RULES = {
    "internships": ("internship", "wage_subsidy_private"),
    "wage_subsidy": ("wage_subsidy_private", "internship"),
    "ordinary_hires": ("ordinary_job", "internship"),
    "mentor": ("mentor", "internship"),
    "upskilling_unemployed": ("adult_apprentice", "internship"),
}
# area: (a kind of contact that counts, one outside the rule or None when every kind counts,
# words the rule on screen says)
ACTIVITY_RULES = {
    "network": ("network_event", "meeting", "Tæller netværksarrangementer"),
    "events": ("meeting", "phone", "telefon, e-mail og henvendelser tæller ikke"),
    "role_models": ("visit", "email", "telefon, e-mail og henvendelser tæller ikke"),
    "upskilling_employees": ("phone", None, "Tæller alle kontakter"),
    "retention": ("email", None, "Tæller alle kontakter"),
    "other": ("inbound", None, "Tæller alle kontakter"),
}


def _signed(personas, agreement: Agreement) -> Agreement:
    services.agreement_set_status(actor=None, agreement=agreement, status="awaiting_signature")
    return services.agreement_set_status(
        actor=personas.consultant_a,
        agreement=agreement,
        status="signed",
        signed_by_company="Direktør Hansen",
    )


def _behind_both_ways(agreement: Agreement) -> bool:
    from partnerships.selectors import agreements as selectors

    in_python = agreement.pk in actuals.behind_agreement_ids(TODAY)
    in_one_statement = agreement.pk in selectors.behind_agreement_ids(TODAY)
    assert in_python == in_one_statement
    return in_python


def test_every_area_has_a_rule_here() -> None:
    from partnerships.models import Area

    assert set(PLACEMENT_RULES) | set(ACTIVITY_RULES) == set(Area.values)


@pytest.mark.parametrize("area", PLACEMENT_RULES)
@time_machine.travel(TODAY)
def test_a_placement_area_counts_started_placements_of_its_kind_only(personas, area) -> None:
    counts, outside = PLACEMENT_RULES[area]
    with tenant_scope(personas.roskilde):
        agreement = _signed(personas, make_agreement(personas.consultant_a))
        # Half the year has passed: 2 of 4 are due by now.
        commitment = commit(agreement, area, 4)

        def place(type_code: str, *, started: bool) -> None:
            start = date(2026, 3, 2)
            make_placement(
                personas.consultant_a,
                company=agreement.company,
                agreement=agreement,
                type_code=type_code,
                planned_start=start,
                actual_start=start if started else None,
                planned_end=date(2026, 5, 1),
            )

        place(counts, started=True)
        place(counts, started=False)  # only planned
        place(outside, started=True)
        (delivery,) = actuals.agreement_deliveries(agreement, TODAY)

        assert delivery.commitment == commitment and delivery.actual == 1
        assert "Et planlagt forløb tæller først, når det er startet." in delivery.rule
        assert _behind_both_ways(agreement)


@pytest.mark.parametrize("area", ACTIVITY_RULES)
@time_machine.travel(TODAY)
def test_a_contact_log_area_counts_the_contacts_its_rule_names_only(personas, area) -> None:
    counts, outside, words = ACTIVITY_RULES[area]
    with tenant_scope(personas.roskilde):
        agreement = _signed(personas, make_agreement(personas.consultant_a))
        commit(agreement, area, 4)

        def log(kind: str, *, planned: bool = False) -> None:
            company_services.activity_create(
                actor=personas.consultant_a,
                company=agreement.company,
                type=kind,
                purpose=purpose(),
                occurred_at=datetime(2026, 4, 1, 10, tzinfo=UTC),
                is_planned=planned,
            )

        log(counts)
        log(counts, planned=True)
        if outside:
            log(outside)
        (delivery,) = actuals.agreement_deliveries(agreement, TODAY)

        assert delivery.actual == 1
        assert words in delivery.rule and "Planlagte kontakter tæller ikke." in delivery.rule
        assert _behind_both_ways(agreement)
