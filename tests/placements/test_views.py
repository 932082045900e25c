"""The placement pages and "Min dag" (placements.views, config.views.dashboard)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog
from accounts.tenancy import tenant_scope
from placements import services
from placements.models import FollowUp, FollowUpStatus, Placement
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.factories import Personas, sign_in
from tests.placements.factories import make_placement, placement_type

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"placements:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def visible(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text as read, without the markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


@time_machine.travel(TODAY)
def test_a_consultant_places_a_candidate_and_sees_the_follow_ups_planned(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(first_name="Yasmin", last_name="Ali")
        company = make_company(name="Roskilde Bageri ApS")
        internship = placement_type()

    found = consultant.get(url("new"), {"q": "yasmin"})
    chosen = consultant.get(url("new"), {"kandidat": str(candidate.public_id), "q": "bageri"})
    form = consultant.get(
        url("new"), {"kandidat": str(candidate.public_id), "virksomhed": str(company.public_id)}
    )
    created = consultant.post(
        url("new") + f"?kandidat={candidate.public_id}&virksomhed={company.public_id}",
        {
            "placement_type": str(internship.public_id),
            "planned_start": "2026-12-01",
            "planned_end": "2027-02-26",
            "hours_per_week": "25",
            "consultant": str(personas.consultant_a.public_id),
        },
        follow=True,
    )

    assert "Yasmin Ali" in text(found)
    assert "Roskilde Bageri ApS" in text(chosen)
    assert "Yasmin Ali hos Roskilde Bageri ApS" in text(form)
    assert "Forløbet er oprettet, og 7 opfølgninger er planlagt" in text(created)
    assert "Dag 3: hvordan går det?" in text(created) and "04.12.2026" in text(created)


@time_machine.travel(TODAY)
def test_an_overlapping_placement_is_refused_on_the_form_and_nothing_saved(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        existing = make_placement(personas.consultant_a)
        other = make_company(name="Anden Arbejdsplads ApS")
        internship = placement_type()
    address = url("new") + f"?kandidat={existing.candidate.public_id}&virksomhed={other.public_id}"

    response = consultant.post(
        address,
        {
            "placement_type": str(internship.public_id),
            "planned_start": "2026-12-15",
            "planned_end": "2027-01-15",
            "consultant": str(personas.consultant_a.public_id),
        },
    )

    assert "er allerede i virksomhedspraktik hos Praktikstedet ApS" in text(response)
    with tenant_scope(personas.roskilde):
        assert Placement.objects.count() == 1


@time_machine.travel(TODAY)
def test_min_dag_lists_due_and_overdue_follow_ups_and_ticks_one_off_in_place(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a,
            candidate=make_candidate(first_name="Omar", last_name="Hansen"),
            planned_start=TODAY - timedelta(days=20),
            planned_end=TODAY + timedelta(days=60),
        )
        overdue = FollowUp.objects.get(placement=placement, kind="day_3")
        later = FollowUp.objects.get(placement=placement, kind="midway")

    page = consultant.get(reverse("dashboard", kwargs={"jobcenter": "roskilde"}))
    html = text(page)
    done = consultant.post(
        url("followup_done", public_id=overdue.public_id),
        {"notes": "Ringede – alt vel", "context": "day"},
        headers={"HX-Request": "true"},
    )

    assert "Min dag" in html and "Omar hos Praktikstedet ApS" in html
    assert "Hansen" not in html  # first name only on the day
    assert re.search(r"\w+dag \d\d\.11\.2026 · 1 opfølgning \d+ dage over", visible(page))
    assert later.label not in html  # not due yet
    assert done.status_code == 200 and "<html" not in done.content.decode()
    assert "Udført 27.11.2026" in text(done) and "Ringede – alt vel" in text(done)
    with tenant_scope(personas.roskilde):
        overdue.refresh_from_db()
        assert overdue.status == FollowUpStatus.DONE
        assert AccessLog.objects.filter(
            action="list", object_id=str(placement.candidate.public_id)
        ).exists()


@time_machine.travel(TODAY)
def test_min_dag_with_many_overdue_follow_ups_shows_one_compact_row_each_by_day(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        for n, first_name in enumerate(["Omar", "Sara", "Bo"]):
            make_placement(
                personas.consultant_a,
                candidate=make_candidate(first_name=first_name, last_name="Hansen"),
                planned_start=TODAY - timedelta(days=30 + n),
                planned_end=TODAY + timedelta(days=50),
            )
        due = list(FollowUp.objects.filter(status="due", due_on__lte=TODAY).order_by("due_on"))

    page = consultant.get(reverse("dashboard", kwargs={"jobcenter": "roskilde"}))
    html = text(page)

    days = re.findall(r"\w+dag (\d\d\.\d\d\.\d{4}) · (\d+) opfølgning", visible(page))
    assert [day for day, _count in days] == sorted(
        {f"{d.due_on:%d.%m.%Y}" for d in due}, key=lambda d: d[6:] + d[3:5] + d[:2]
    )
    assert sum(int(count) for _day, count in days) == len(due)
    assert html.count('<li class="followup-row') == len(due)
    # No note field until a follow-up is ticked off; each button names its follow-up and person.
    assert 'name="notes"' not in html
    assert 'Udført<span class="sr-only">: Dag 3: hvordan går det? – Sara hos Praktikstedet' in html


@time_machine.travel(TODAY)
def test_ticking_off_on_min_dag_opens_the_note_in_the_row_and_keeps_the_focus_there(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a,
            candidate=make_candidate(first_name="Omar", last_name="Hansen"),
            planned_start=TODAY - timedelta(days=20),
        )
        followup = FollowUp.objects.get(placement=placement, kind="day_3")
    day = reverse("dashboard", kwargs={"jobcenter": "roskilde"})

    done = consultant.post(
        url("followup_done", public_id=followup.public_id),
        {"context": "day", "next": day},
        headers={"HX-Request": "true"},
    )
    noted = consultant.post(
        url("followup_note", public_id=followup.public_id),
        {"notes": "Ringede – alt vel", "next": day},
        headers={"HX-Request": "true"},
    )

    row = text(done)
    assert "Udført 27.11.2026" in row
    assert re.search(r'<input [^>]*name="notes"[^>]*autofocus', row)  # the note opens, focused
    assert f'name="next" value="{day}"' in row
    assert "Ringede – alt vel" in text(noted) and "Noten er gemt." in text(noted)
    assert re.search(r'tabindex="-1" autofocus', text(noted))  # the focus stays in the row
    with tenant_scope(personas.roskilde):
        followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE and followup.notes == "Ringede – alt vel"


@time_machine.travel(TODAY)
def test_without_javascript_ticking_off_on_min_dag_leads_to_the_note_and_back(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(personas.consultant_a, planned_start=TODAY - timedelta(days=20))
        followup = FollowUp.objects.get(placement=placement, kind="day_3")
    day = reverse("dashboard", kwargs={"jobcenter": "roskilde"})

    done = consultant.post(
        url("followup_done", public_id=followup.public_id), {"context": "day", "next": day}
    )
    note_page = consultant.get(done["Location"])
    saved = consultant.post(done["Location"], {"notes": "Mødt mentor", "next": day})

    assert done["Location"].startswith(url("followup_note", public_id=followup.public_id))
    assert "Note til opfølgningen" in text(note_page) and "Videre uden note" in text(note_page)
    assert saved.status_code == 302 and saved["Location"] == day
    with tenant_scope(personas.roskilde):
        followup.refresh_from_db()
    assert followup.notes == "Mødt mentor"


def test_a_note_is_only_added_to_a_follow_up_that_is_done(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        followup = FollowUp.objects.filter(placement=make_placement(personas.consultant_a)).first()

    response = consultant.post(
        url("followup_note", public_id=followup.public_id), {"notes": "For tidligt"}
    )

    assert "Kun en udført opfølgning kan få en note her." in text(response)
    with tenant_scope(personas.roskilde):
        followup.refresh_from_db()
    assert followup.notes == "" and followup.status == FollowUpStatus.DUE


@time_machine.travel(TODAY)
def test_ticking_off_a_cancelled_follow_up_says_why_it_cannot(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        followup = FollowUp.objects.filter(placement=make_placement(personas.consultant_a)).first()
        services.followup_cancel(actor=None, followup=followup)

    response = consultant.post(
        url("followup_done", public_id=followup.public_id), {}, headers={"HX-Request": "true"}
    )

    assert "aflyst og kan ikke markeres som udført" in text(response)


@time_machine.travel(TODAY)
def test_ending_early_needs_a_reason_and_then_cancels_what_no_longer_applies(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 11, 2), planned_end=date(2027, 1, 29)
        )
    page = url("end", public_id=placement.public_id)

    missing = consultant.post(
        page, {"ended_on": "2026-11-20", "interrupted": "on", "outcome": "back_on_benefit"}
    )
    ended = consultant.post(
        page,
        {
            "ended_on": "2026-11-20",
            "interrupted": "on",
            "reason": "Rygproblemer",
            "outcome": "back_on_benefit",
        },
        follow=True,
    )

    assert "Skriv, hvorfor forløbet blev afbrudt" in text(missing)
    assert "Afbrudt: Rygproblemer" in text(ended) and "Aflyst" in text(ended)


@time_machine.travel(TODAY)
def test_the_list_filters_exports_and_keeps_its_query_count(
    personas, consultant, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        make_placement(personas.consultant_a, company=make_company(name="=Formel ApS"))
        make_placement(personas.manager_a, type_code="ordinary_job", planned_end=None)
    with django_assert_max_num_queries(40) as few:
        consultant.get(url("list"))
    with tenant_scope(personas.roskilde):
        for _ in range(8):
            make_placement(personas.manager_a)

    with django_assert_max_num_queries(len(few.captured_queries)):
        everything = consultant.get(url("list"))
    mine = consultant.get(url("list"), {"consultant": "me"})
    exported = consultant.get(url("export"), {"consultant": "me", "format": "csv"})

    assert "10 forløb" in text(everything)
    assert "1 forløb" in text(mine)
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][1] == "'=Formel ApS"


@time_machine.travel(TODAY)
def test_the_manager_sees_who_is_behind(personas) -> None:
    with tenant_scope(personas.roskilde):
        make_placement(
            personas.consultant_a,
            planned_start=TODAY - timedelta(days=30),
            planned_end=TODAY + timedelta(days=30),
        )
    manager = sign_in(Client(), personas.manager_a)

    overview = manager.get(url("overdue"))
    detail = manager.get(url("overdue"), {"konsulent": str(personas.consultant_a.public_id)})

    assert "Karen" in text(overview) and "2" in text(overview)
    assert "Dag 3: hvordan går det?" in text(detail) and "Uge 2: opfølgning" in text(detail)


@time_machine.travel(TODAY)
def test_the_admin_renames_a_type_and_changes_its_cadence(personas) -> None:
    admin = sign_in(Client(), personas.admin_a)
    assert "Virksomhedspraktik" in text(admin.get(url("types")))
    with tenant_scope(personas.roskilde):
        internship = placement_type()
    page = url("type_edit", public_id=internship.public_id)

    admin.post(
        page,
        {
            "step-label": "Dag 1: vel mødt?",
            "step-anchor": "start",
            "step-offset_days": "1",
            "step-channel": "phone",
        },
    )
    admin.post(
        page,
        {
            "name": "Praktik i virksomhed",
            "is_exclusive": "on",
            "max_weeks": "13",
            "is_active": "on",
        },
    )
    with tenant_scope(personas.roskilde):
        placement = make_placement(personas.consultant_a, planned_start=date(2026, 12, 1))
        kinds = {f.label: f.due_on for f in FollowUp.objects.filter(placement=placement)}
        internship.refresh_from_db()

    assert internship.name == "Praktik i virksomhed"
    assert kinds["Dag 1: vel mødt?"] == date(2026, 12, 2)
    assert sign_in(Client(), personas.consultant_a).get(url("types")).status_code == 403


@time_machine.travel(TODAY)
def test_an_end_before_the_real_start_is_refused_on_the_field(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(personas.consultant_a, actual_start=date(2026, 11, 3))
        internship = placement_type()

    edited = consultant.post(
        url("edit", public_id=placement.public_id),
        {
            "placement_type": str(internship.public_id),
            "planned_start": "2026-11-02",
            "planned_end": "2026-11-02",
            "consultant": str(personas.consultant_a.public_id),
        },
    )
    with tenant_scope(personas.roskilde):
        late = make_placement(personas.consultant_a, planned_end=date(2026, 11, 20))
    started = consultant.post(
        url("start", public_id=late.public_id), {"started_on": "2026-11-23"}, follow=True
    )

    assert edited.status_code == 200
    assert edited.context["form"].errors["planned_end"] == [
        "Den planlagte slutdato (02.11.2026) ligger før forløbets start (03.11.2026). "
        "Ret den planlagte slutdato."
    ]
    assert "Forløbet kan ikke starte efter den planlagte slutdato (20.11.2026)." in text(started)
    with tenant_scope(personas.roskilde):
        assert Placement.objects.get(pk=placement.pk).planned_end == date(2027, 1, 29)
        assert Placement.objects.get(pk=late.pk).status == "planned"


# --- Dates and outcomes the forms refuse, in Danish and on the field --------------------------


def _errors(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {field: list(messages) for field, messages in response.context["form"].errors.items()}


def _raw_database_message(response) -> bool:  # type: ignore[no-untyped-def]
    page = text(response)
    return "Begrænsning" in page or "overtrådt" in page or "constraint" in page.lower()


@time_machine.travel(TODAY)
def test_a_new_placement_ending_before_it_starts_is_refused_on_the_end_date(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        company = make_company(name="Roskilde Bageri ApS")
        internship = placement_type()

    response = consultant.post(
        url("new") + f"?kandidat={candidate.public_id}&virksomhed={company.public_id}",
        {
            "placement_type": str(internship.public_id),
            "planned_start": "2027-03-01",
            "planned_end": "2027-02-01",
            "consultant": str(personas.consultant_a.public_id),
        },
    )

    assert response.status_code == 200
    assert _errors(response) == {"planned_end": ["Slutdatoen ligger før startdatoen."]}
    assert not _raw_database_message(response)
    with tenant_scope(personas.roskilde):
        assert not Placement.objects.exists()


@time_machine.travel(TODAY)
def test_moving_the_planned_end_of_a_running_placement_before_its_start_is_refused(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 11, 2), planned_end=date(2027, 1, 29)
        )
        services.placement_start(
            actor=personas.consultant_a, placement=placement, started_on=date(2026, 11, 16)
        )

    response = consultant.post(
        url("edit", public_id=placement.public_id),
        {
            "placement_type": str(placement.placement_type.public_id),
            "planned_start": "2026-11-02",
            "planned_end": "2026-11-10",
            "consultant": str(personas.consultant_a.public_id),
        },
    )

    assert response.status_code == 200
    assert _errors(response) == {
        "planned_end": [
            "Den planlagte slutdato (10.11.2026) ligger før forløbets start (16.11.2026). "
            "Ret den planlagte slutdato."
        ]
    }
    assert not _raw_database_message(response)


@time_machine.travel(TODAY)
def test_the_start_form_has_a_label_a_real_button_and_the_planned_start_filled_in(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 11, 23), planned_end=date(2027, 2, 19)
        )

    page = text(consultant.get(url("detail", public_id=placement.public_id)))

    assert '<label class="form-label" for="id_started_on">Første dag i forløbet</label>' in page
    assert 'name="started_on" value="2026-11-23"' in page
    assert "Planlagt start: 23.11.2026." in page
    assert ">Registrér start</button>" in page
    assert "Forløbet er startet" not in page


@time_machine.travel(TODAY)
def test_a_start_is_registered_on_the_day_typed_and_never_in_the_future(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        later = make_placement(
            personas.consultant_a, planned_start=date(2027, 3, 1), planned_end=date(2027, 5, 28)
        )
        now = make_placement(
            personas.consultant_a, planned_start=date(2026, 11, 23), planned_end=date(2027, 2, 19)
        )

    refused = consultant.post(url("start", public_id=later.public_id), {"started_on": "2027-03-01"})
    started = consultant.post(
        url("start", public_id=now.public_id), {"started_on": "2026-11-24"}, follow=True
    )

    assert refused.status_code == 200
    assert _errors(refused)["started_on"] == [
        "Et forløb kan ikke registreres som startet i fremtiden. Registrér starten på den første "
        "dag, eller ret den planlagte start."
    ]
    assert "Forløbet er registreret som startet." in text(started)
    with tenant_scope(personas.roskilde):
        later.refresh_from_db()
        now.refresh_from_db()
    assert (later.status, later.actual_start) == ("planned", None)
    assert (now.status, now.actual_start) == ("active", date(2026, 11, 24))


@time_machine.travel(TODAY)
def test_a_start_after_the_planned_end_is_refused_beside_the_date(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 10, 1), planned_end=date(2026, 10, 30)
        )

    response = consultant.post(
        url("start", public_id=placement.public_id), {"started_on": "2026-11-02"}
    )

    assert response.status_code == 200
    assert _errors(response) == {
        "started_on": ["Forløbet kan ikke starte efter den planlagte slutdato (30.10.2026)."]
    }


@time_machine.travel(TODAY)
def test_ending_a_placement_chooses_no_outcome_for_the_consultant(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 11, 2), planned_end=date(2027, 1, 29)
        )
    page = url("end", public_id=placement.public_id)

    form = consultant.get(page)
    refused = consultant.post(page, {"ended_on": "2026-11-20"})
    before_start = consultant.post(page, {"ended_on": "2026-10-20", "outcome": "education"})

    html = form.content.decode()
    outcome = html[
        html.index('name="outcome"') : html.index("</select>", html.index('name="outcome"'))
    ]
    assert " selected" in outcome and '<option value="" selected>Vælg resultat</option>' in outcome
    assert outcome.count(" selected") == 1
    assert _errors(refused) == {"outcome": ["Vælg, hvad der skete efter forløbet."]}
    assert _errors(before_start) == {"ended_on": ["Slutdatoen ligger før startdatoen."]}
    assert not _raw_database_message(before_start)
    with tenant_scope(personas.roskilde):
        placement.refresh_from_db()
    assert (placement.status, placement.outcome) == ("planned", "")


@time_machine.travel(TODAY)
def test_min_dag_and_the_page_it_links_to_count_the_same_follow_ups(personas, consultant) -> None:
    import re

    with tenant_scope(personas.roskilde):
        for _ in range(5):  # long past: day 3, week 2, midway and the end are overdue
            make_placement(
                personas.consultant_a,
                planned_start=date(2026, 6, 1),
                planned_end=date(2026, 8, 28),
                actual_start=date(2026, 6, 1),
            )
        for _ in range(3):  # starting next month: nothing due yet
            make_placement(
                personas.consultant_a,
                planned_start=date(2026, 12, 14),
                planned_end=date(2027, 3, 12),
            )
        due_now = FollowUp.objects.filter(
            owner=personas.consultant_a, status=FollowUpStatus.DUE, due_on__lte=TODAY
        ).count()
        open_in_all = FollowUp.objects.filter(
            owner=personas.consultant_a, status=FollowUpStatus.DUE
        ).count()
    assert 20 < due_now < open_in_all

    front = text(consultant.get(reverse("dashboard", kwargs={"jobcenter": "roskilde"})))
    link = re.search(r'href="([^"]*mine-opfoelgninger/[^"]*)">Se alle (\d+) opfølgninger', front)
    assert link and int(link.group(2)) == due_now
    page = text(consultant.get(link.group(1).replace("&amp;", "&")))
    everything = text(consultant.get(url("my_followups")))

    assert f"{due_now} opfølgninger skal gøres i dag eller er overskredet" in page
    assert f"{open_in_all} åbne opfølgninger" in everything
