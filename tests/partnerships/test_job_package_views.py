"""The jobpakke pages (partnerships.views.job_packages): the list, one jobpakke with its funnel
and cohort, and the forms."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog, User
from accounts.tenancy import tenant_scope
from candidates.models import CandidateStatus
from partnerships import services
from partnerships.models import (
    JobPackage,
    JobPackageModule,
    JobPackageParticipant,
    ModuleProgress,
)
from partnerships.selectors import job_packages as selectors
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.factories import Personas, sign_in
from tests.partnerships.isolation_job_packages import make_job_package
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


def enrol(package: JobPackage, name: str) -> JobPackageParticipant:
    return services.participant_enrol(
        actor=None, package=package, candidate=make_candidate(first_name=name)
    )


def complete(participant: JobPackageParticipant, *modules: JobPackageModule) -> None:
    for module in modules:
        services.module_completed(actor=None, participant=participant, module=module)


def known_cohort(consultant: User) -> JobPackage:
    """Ten enrolled: 8 complete the course and Danish, 5 of them the praktik module and 1 more
    is in a praktik placement linked to the jobpakke; 3 who did the praktik are hired, and 1 is
    hired straight after the course (before Danish and praktik); 1 dropped out."""
    package = make_job_package()
    course, danish, praktik = package.modules.order_by("position")
    for number in range(10):
        participant = enrol(package, f"Deltager{number}")
        if number < 8:
            complete(participant, course, danish)
        if number < 5:
            complete(participant, praktik)
        if number == 5:
            make_placement(
                consultant,
                candidate=participant.candidate,
                company=package.company,
                job_package=package,
            )
        if number < 3:
            services.participant_outcome(actor=None, participant=participant, outcome="hired")
        if number == 8:
            complete(participant, course)
            services.participant_outcome(actor=None, participant=participant, outcome="hired")
        if number == 9:
            services.participant_outcome(
                actor=None, participant=participant, outcome="dropped_out", reason="Højdeskræk"
            )
    return package


def test_the_funnel_counts_each_step_and_its_conversion(personas) -> None:
    with tenant_scope(personas.roskilde):
        package = known_cohort(personas.consultant_a)
        funnel = selectors.package_funnel(package=package)

    steps = funnel["steps"]
    assert [(s.key, s.count, s.conversion) for s in steps] == [
        ("enrolled", 10, None),
        ("modules_completed", 8, 80),
        # Five praktik modules completed and one praktik placement linked to the jobpakke.
        ("praktik", 6, 75),
        ("hired", 4, 67),
    ]
    assert [s.of_enrolled for s in steps] == [100, 80, 60, 40]
    assert [s.dropped for s in steps] == [0, 2, 2, 2]
    assert funnel["outcomes"]["dropped_out"] == 1 and funnel["outcomes"]["in_progress"] == 5


def test_the_page_shows_demand_modules_funnel_and_cohort(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        package = known_cohort(personas.consultant_a)

    page = text(consultant.get(url("job_package_detail", public_id=package.public_id)))

    assert "Tagdækker ApS" in page and "Arbejde i højden, kran-certifikat" in page
    assert "AMU 40113" in page and "Praktik hos tagdækkeren" in page
    assert "Moduler gennemført" in page and "67 %" in page and "60 %" in page
    assert "4 ansat af 4 stillinger" in page
    assert "Deltager9" in page and "Højdeskræk" in page


def test_a_module_is_marked_completed_with_one_htmx_click(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        package = make_job_package()
        participant = enrol(package, "Yasmin")
    target = url("job_package_participant_module", public_id=participant.public_id, position=2)

    row = consultant.post(target, headers={"hx-request": "true"})
    undone = consultant.post(target, {"undo": "1"}, headers={"hx-request": "true"})
    again = consultant.post(target)

    assert row.status_code == 200
    assert text(row).startswith(f'<tr id="participant-{participant.public_id}">')
    assert text(row).count("Gennemført</span>") == 1 and "<html" not in text(row)
    # The badge says what is; the button says what it does.
    assert text(row).count("Markér gennemført<span") == 2
    assert '<div id="funnel" hx-swap-oob="true">' in text(row)
    assert "Gennemført</span>" not in text(undone)
    assert again.status_code == 302
    with tenant_scope(personas.roskilde):
        # The row names the candidate: each htmx answer is logged as a look-up.
        assert (
            AccessLog.objects.filter(
                object_id=str(participant.candidate.public_id), action="view"
            ).count()
            == 2
        )
    with tenant_scope(personas.roskilde):
        done = ModuleProgress.objects.get(participant=participant)
        assert done.module.title == "Dansk på byggepladsen"


def test_enrolling_finds_candidates_by_name_and_refuses_a_closed_one(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        package = make_job_package()
        yasmin = make_candidate(first_name="Yasmin", last_name="Ali")
        closed = make_candidate(first_name="Yakob", last_name="Lukket")
        closed.status, closed.closed_on = CandidateStatus.CLOSED, date(2026, 10, 1)
        closed.save(update_fields=["status", "closed_on"])
    enrol_url = url("job_package_enrol", public_id=package.public_id)

    found = consultant.get(enrol_url, {"q": "yasmin"})
    refused = consultant.post(
        enrol_url + "?q=yakob", {"candidate": str(closed.public_id), "enrolled_on": "2026-11-27"}
    )
    bad_date = consultant.post(
        enrol_url + "?q=yasmin", {"candidate": str(yasmin.public_id), "enrolled_on": "i går"}
    )
    enrolled = consultant.post(
        enrol_url, {"candidate": str(yasmin.public_id), "enrolled_on": "2026-11-27"}, follow=True
    )
    twice = consultant.post(
        enrol_url, {"candidate": str(yasmin.public_id), "enrolled_on": "2026-11-27"}
    )

    assert "Yasmin Ali" in text(found)
    assert refused.status_code == 200
    assert "Yakob Lukket kan ikke optages: Kandidaten er afsluttet." in text(refused)
    assert "Yakob Lukket" in text(refused).split("kan ikke optages")[1]  # the search kept
    assert "Skriv en gyldig dato." in text(bad_date)
    assert "Yasmin Ali er optaget i jobpakken." in text(enrolled)
    assert "Kandidaten er allerede med i jobpakken." in text(twice)
    with tenant_scope(personas.roskilde):
        assert list(
            JobPackageParticipant.objects.filter(package=package).values_list(
                "candidate__first_name", flat=True
            )
        ) == ["Yasmin"]


def test_copy_as_template_brings_the_modules_and_no_participants(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        package = known_cohort(personas.consultant_a)
        hotel = make_company(name="Hotel Fjordudsigt A/S")

    missing = consultant.post(url("job_package_copy", public_id=package.public_id), {})
    copied = consultant.post(
        url("job_package_copy", public_id=package.public_id),
        {"company": str(hotel.public_id), "title": ""},
        follow=True,
    )

    assert "Vælg virksomheden, jobpakken skal kopieres til." in text(missing)
    assert "Jobpakken er kopieret til Hotel Fjordudsigt A/S" in text(copied)
    with tenant_scope(personas.roskilde):
        copy = JobPackage.objects.get(company=hotel)
        assert copy.copied_from == package and copy.title == package.title
        assert list(copy.modules.values_list("position", "kind", "amu_number")) == [
            (1, "course", "40113"),
            (2, "danish", ""),
            (3, "internship", ""),
        ]
        assert not copy.participants.exists()
        assert package.participants.count() == 10


def test_a_jobpakke_is_created_from_a_company_page_and_errors_lose_nothing(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Tagdækker ApS")
    new_url = url("job_package_new") + f"?company={company.public_id}"

    form = consultant.get(new_url)
    wrong = consultant.post(
        new_url,
        {
            "company": str(company.public_id),
            "title": "",
            "competence_profile": "Kran-certifikat",
            "positions": "0",
            "stage": "draft",
        },
    )
    created = consultant.post(
        new_url,
        {
            "company": str(company.public_id),
            "title": "Tagdækkerlærlinge",
            "competence_profile": "Kran-certifikat",
            "positions": "4",
            "stage": "draft",
        },
        follow=True,
    )

    assert "Til Tagdækker ApS" in text(form)
    assert "Giv jobpakken en titel." in text(wrong)
    assert "Der skal være mindst én stilling." in text(wrong)
    assert "Kran-certifikat</textarea>" in text(wrong)
    assert "Jobpakken er oprettet. Tilføj nu modulerne." in text(created)
    with tenant_scope(personas.roskilde):
        assert JobPackage.objects.get().company == company


def test_modules_are_added_reordered_and_removed_after_a_confirmation(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        package = make_job_package(modules=[])
    modules_url = url("job_package_modules", public_id=package.public_id)

    no_amu = consultant.post(
        modules_url, {"kind": "course", "title": "Kran", "amu_number": "", "duration_days": "5"}
    )
    for kind, title, amu in (("course", "Kran", "47598"), ("internship", "Praktik", "")):
        consultant.post(
            modules_url, {"kind": kind, "title": title, "amu_number": amu, "duration_days": "5"}
        )
    consultant.post(
        url("job_package_module_move", public_id=package.public_id, position=2),
        {"direction": "up"},
    )
    confirm = consultant.get(
        url("job_package_module_remove", public_id=package.public_id, position=1)
    )
    with tenant_scope(personas.roskilde):
        before = list(package.modules.values_list("position", "title"))
    consultant.post(url("job_package_module_remove", public_id=package.public_id, position=1))

    assert "Skriv AMU-nummeret for et AMU-kursus." in text(no_amu)
    assert 'value="Kran"' in text(no_amu)
    assert "Fjern »Praktik«?" in text(confirm) and "Ja, fjern modulet" in text(confirm)
    assert before == [(1, "Praktik"), (2, "Kran")]
    with tenant_scope(personas.roskilde):
        assert list(package.modules.values_list("position", "title")) == [(1, "Kran")]


def test_an_outcome_not_hired_needs_a_reason(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        participant = enrol(make_job_package(), "Ida")
    outcome_url = url("job_package_participant_outcome", public_id=participant.public_id)

    refused = consultant.post(outcome_url, {"outcome": "not_hired", "reason": " "})
    saved = consultant.post(
        outcome_url, {"outcome": "not_hired", "reason": "Manglede kørekort"}, follow=True
    )

    assert "Skriv årsagen til, at kandidaten ikke blev ansat." in text(refused)
    assert "Resultatet for Ida Testesen er gemt." in text(saved)
    assert "Manglede kørekort" in text(saved)


def test_the_list_searches_filters_exports_and_keeps_its_query_count(
    personas, consultant, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        known_cohort(personas.consultant_a)
        make_job_package(
            company=make_company(name="=Hotel Formel A/S"), title="Hotelrengøring", stage="closed"
        )
    with django_assert_max_num_queries(40) as few:
        consultant.get(url("job_package_list"))
    with tenant_scope(personas.roskilde):
        for number in range(6):
            enrol(make_job_package(title=f"Pakke {number}"), "Ekstra")

    with django_assert_max_num_queries(len(few.captured_queries)):
        everything = consultant.get(url("job_package_list"))
    searched = consultant.get(url("job_package_list"), {"q": "hotel"})
    active = consultant.get(url("job_package_list"), {"state": "active", "sort": "-enrolled"})
    exported = consultant.get(
        url("job_package_export"), {"q": "tagdækkerlærlinge", "format": "csv"}
    )
    xlsx = consultant.get(url("job_package_export"), {"format": "xlsx"})

    assert "8 jobpakker" in text(everything)
    assert "1 jobpakke" in text(searched) and "Hotelrengøring" in text(searched)
    assert "7 jobpakker" in text(active) and "Hotelrengøring" not in text(active)
    # The roofers (10 enrolled) come first when sorted by enrolled, most first.
    assert text(active).index("Tagdækkerlærlinge") < text(active).index("Pakke 0")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Jobpakke", "Virksomhed"]
    assert (
        len(rows) == 2
        and rows[1][0] == "Tagdækkerlærlinge"
        and rows[1][5:9] == ["4", "3", "10", "4"]
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_list_has_an_empty_state(consultant) -> None:
    page = consultant.get(url("job_package_list"))

    assert "Der er ingen jobpakker endnu" in text(page)


def test_a_company_page_links_to_its_jobpakker_and_a_new_one(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Hotel Fjordudsigt A/S")
        make_job_package(title="Andres pakke")

    company_page = consultant.get(
        reverse(
            "companies:detail", kwargs={"jobcenter": "roskilde", "public_id": company.public_id}
        )
    )
    listed = consultant.get(url("job_package_list"), {"company": str(company.public_id)})

    assert f"/aftaler/jobpakker/ny/?company={company.public_id}" in company_page.content.decode()
    assert f"/aftaler/jobpakker/?company={company.public_id}" in company_page.content.decode()
    assert "0 jobpakker" in text(listed) and "Andres pakke" not in text(listed)
    assert "Ingen jobpakker matcher søgningen" in text(listed)


def test_editing_refuses_another_companys_job_opening_and_keeps_what_was_typed(
    personas, consultant
) -> None:
    from companies import services as company_services

    with tenant_scope(personas.roskilde):
        package = make_job_package()
        own = company_services.job_opening_create(
            actor=None, company=package.company, title="Tagdækkerlærling"
        )
        other = company_services.job_opening_create(
            actor=None, company=make_company(name="Naboen ApS"), title="Kok"
        )
    edit_url = url("job_package_edit", public_id=package.public_id)
    fields = {
        "company": str(package.company.public_id),
        "title": "Tagdækkere 2027",
        "competence_profile": "Kran",
        "positions": "6",
        "stage": "running",
    }

    refused = consultant.post(edit_url, {**fields, "job_opening": str(other.public_id)})
    saved = consultant.post(edit_url, {**fields, "job_opening": str(own.public_id)}, follow=True)

    assert "Jobåbningen hører til en anden virksomhed." in text(refused)
    assert 'value="Tagdækkere 2027"' in text(refused)
    assert "Jobpakken er gemt." in text(saved) and "Tagdækkerlærling" in text(saved)
    with tenant_scope(personas.roskilde):
        package.refresh_from_db()
        assert (package.title, package.positions, package.stage) == (
            "Tagdækkere 2027",
            6,
            "running",
        )
        assert package.job_opening == own
