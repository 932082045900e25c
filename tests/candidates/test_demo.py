"""The demo candidates: fictional, plausible, idempotent, with CPR numbers that belong to
nobody; and bulk candidates for load tests."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from candidates import cpr, demo, retention, selectors
from candidates.models import (
    Assessment,
    Candidate,
    CandidateOccupation,
    CandidateStatus,
    Consent,
    SensitiveNote,
    StaircaseMove,
    StaircasePlan,
    StaircaseSubGoal,
)
from companies.demo import CITIES

pytestmark = pytest.mark.django_db

TABLES = [
    Candidate,
    Assessment,
    Consent,
    SensitiveNote,
    StaircasePlan,
    StaircaseSubGoal,
    StaircaseMove,
    CandidateOccupation,
]


def counts(slug: str) -> dict[str, int]:
    with tenant_scope(Jobcenter.objects.get(slug=slug)):
        return {model.__name__: model.objects.count() for model in TABLES}


def cpr_numbers(slug: str) -> list[str]:
    jobcenter = Jobcenter.objects.get(slug=slug)
    with tenant_scope(jobcenter):
        return [
            cpr.decrypt(token, tenant_id=jobcenter.pk)
            for token in Candidate.objects.exclude(cpr_ciphertext="").values_list(
                "cpr_ciphertext", flat=True
            )
        ]


def assert_fictitious(numbers: list[str]) -> None:
    assert numbers
    for number in numbers:
        cpr.normalise(number)  # a real date, so the forms accept it
        assert not cpr.modulus_11_holds(number), number
        assert number[:4] != "0101", number
        assert 60 <= int(number[4:6]) <= 99 and number[6] in "0123", number
    assert len(set(numbers)) == len(numbers)


def test_seed_demo_gives_each_jobcenter_fictional_candidates_once(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", "--no-signins")
    first = {slug: counts(slug) for slug in ("roskilde", "aalborg")}
    call_command("seed_demo", "--no-signins")

    assert {slug: counts(slug) for slug in ("roskilde", "aalborg")} == first
    for slug in ("roskilde", "aalborg"):
        assert first[slug]["Candidate"] == demo.SEED_COUNT
        assert_fictitious(cpr_numbers(slug))


def test_the_demo_candidates_have_plausible_profiles_and_histories(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", "--no-signins")
    jobcenter = Jobcenter.objects.get(slug="aalborg")
    today = timezone.localdate()

    with tenant_scope(jobcenter):
        candidates = list(Candidate.objects.select_related("team", "consultant"))
        assert all(c.is_demo for c in candidates)
        assert all(
            any(c.last_name.startswith(root) for root in demo.SURNAME_ROOTS) for c in candidates
        )
        assert {c.postcode for c in candidates} <= {p for p, _c, _m in CITIES["aalborg"]}
        assert all(c.consultant and c.team for c in candidates)
        assert all(c.phone.startswith("+45 0") for c in candidates)
        assert all(c.competences and c.hours_per_week and c.danish_level for c in candidates)
        assert CandidateOccupation.objects.filter(kind="wished").count() >= len(candidates)
        assert len({c.target_group_id for c in candidates}) > 5

        legacy = Assessment.objects.filter(scheme__name__startswith="Matchgruppe")
        assert legacy.exists() and all(a.assessed_on < date(2014, 1, 1) for a in legacy)
        assert Assessment.objects.filter(
            scheme__name__startswith="Jobparat", assessed_on__gte=date(2014, 1, 1)
        ).exists()
        assert all(c.latest_assessment_id for c in candidates)

        assert Consent.objects.filter(company__isnull=False).exists()
        assert Consent.objects.filter(company__isnull=True).exists()
        assert Consent.objects.filter(withdrawn_on__isnull=False).count() == 1

        assert StaircasePlan.objects.values("current_step").distinct().count() >= 4
        overdue = [g for g in StaircaseSubGoal.objects.all() if g.is_overdue]
        assert overdue and StaircaseSubGoal.objects.filter(status="achieved").exists()
        assert StaircaseMove.objects.exclude(from_step=None).exists()
        assert SensitiveNote.objects.exists()

        statuses = [c.status for c in candidates]
        assert statuses.count(CandidateStatus.CLOSED) == 3
        assert statuses.count(CandidateStatus.PAUSED) == 2
        assert selectors.candidate_list().count() == len(candidates)
        # One was closed so long ago that the nightly retention anonymises it.
        expired = retention.expired_candidates(jobcenter=jobcenter, today=today)
        assert expired.count() == 1
        assert retention.anonymise_expired(jobcenter=jobcenter).anonymised == 1


def test_seed_demo_generates_candidates_in_the_given_jobcenter_only(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", "--no-signins")
    before = {slug: counts(slug) for slug in ("roskilde", "aalborg")}

    call_command("seed_demo", "--no-signins", "--candidates", "50", "--jobcenter", "aalborg")
    call_command("seed_demo", "--no-signins", "--candidates", "50", "--jobcenter", "aalborg")

    assert counts("roskilde") == before["roskilde"]
    after = counts("aalborg")
    assert after["Candidate"] == before["aalborg"]["Candidate"] + 100
    assert after["Assessment"] >= before["aalborg"]["Assessment"] + 100
    assert after["CandidateOccupation"] > before["aalborg"]["CandidateOccupation"] + 100
    # Two runs, and still no CPR number twice; all of them fictitious.
    assert_fictitious(cpr_numbers("aalborg"))
    jobcenter = Jobcenter.objects.get(slug="aalborg")
    with tenant_scope(jobcenter):
        generated = Candidate.objects.filter(case_reference__startswith="DEMO-0")
        assert generated.count() == 100 and not generated.filter(is_demo=False).exists()
        sample = generated.select_related("latest_assessment").first()
        assert sample.latest_assessment.candidate_id == sample.pk
        # Searchable at once, through the generated search column.
        found = selectors.candidate_list(selectors.CandidateFilters(search=sample.last_name))
        assert sample in found
