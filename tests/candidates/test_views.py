"""The candidate pages under /<jobcenter>/borgere/ (candidates.views): privacy as a user meets
it. Every page that shows a person writes exactly one access-log row per person shown, and a
CPR number is never in an address, a page it was not asked for, an export or the log."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AccessLog, Membership
from accounts.tenancy import tenant_scope
from candidates import services
from candidates.models import Candidate, ConsentCategory, SensitiveNote
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.factories import Personas, sign_in

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(f"candidates:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def results(response) -> str:  # type: ignore[no-untyped-def]
    html = text(response)
    return html[html.index('id="candidate-count"') :]


def log_rows(personas: Personas) -> list[AccessLog]:
    with tenant_scope(personas.roskilde):
        return list(AccessLog.objects.order_by("pk"))


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


def team_of(personas: Personas, user):  # type: ignore[no-untyped-def]
    with tenant_scope(personas.roskilde):
        return Membership.objects.get(user=user).team


def addresses(html: str) -> list[str]:
    """Every address the page links to, loads or submits to."""
    return re.findall(r'(?:href|action|src|hx-get|hx-post)="([^"]*)"', html)


# --- The list ---------------------------------------------------------------------------------


def test_the_list_writes_one_log_row_per_person_shown(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        shown = [make_candidate(first_name=f"Person{i}") for i in range(3)]

    response = consultant.get(url("list"))

    assert response.status_code == 200
    rows = log_rows(personas)
    assert sorted(r.object_id for r in rows) == sorted(str(c.public_id) for c in shown)
    assert {r.action for r in rows} == {"list"}
    assert {r.user_id for r in rows} == {personas.consultant_a.pk}


def test_a_search_writes_one_row_for_the_search_and_one_per_person_found(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        make_candidate(first_name="Søren", last_name="Østergård")
        make_candidate(first_name="Anna", last_name="Holm")

    response = consultant.get(url("list"), {"q": "soren ostergaard"})

    assert "Østergård, Søren" in text(response) and "Holm" not in text(response)
    rows = log_rows(personas)
    assert [r.action for r in rows].count("list") == 1
    (search,) = [r for r in rows if r.action == "search"]
    assert search.criterion == "search=soren ostergaard" and search.object_id == ""


def test_the_list_filters_by_status_team_and_my_candidates(personas, consultant) -> None:
    team = team_of(personas, personas.consultant_a)
    with tenant_scope(personas.roskilde):
        make_candidate(first_name="Mine", consultant=personas.consultant_a)
        make_candidate(first_name="Teamets", team=team)
        closed = make_candidate(first_name="Afsluttet")
        services.candidate_set_status(actor=None, candidate=closed, status="closed", reason="I job")

    mine = results(consultant.get(url("list"), {"consultant": "me"}))
    on_team = results(consultant.get(url("list"), {"team": str(team.public_id)}))
    ended = results(consultant.get(url("list"), {"status": "closed"}))

    assert "Testesen, Mine" in mine and "Teamets" not in mine
    assert "Teamets" in on_team and "Testesen, Mine" not in on_team
    assert "Afsluttet" in ended and "Testesen, Mine" not in ended


def test_the_list_asks_the_database_the_same_number_of_times_for_3_or_25_rows(
    personas, consultant, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        for i in range(3):
            make_candidate(first_name=f"A{i}", consultant=personas.consultant_a)
    with django_assert_max_num_queries(40) as few:
        consultant.get(url("list"))
    with tenant_scope(personas.roskilde):
        for i in range(22):
            make_candidate(first_name=f"B{i}", consultant=personas.manager_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = consultant.get(url("list"))
    assert "25 kandidater" in text(response)


def test_an_empty_list_says_how_to_begin(consultant) -> None:
    assert "Der er ingen kandidater endnu" in text(consultant.get(url("list")))


# --- Finding a candidate by CPR number -------------------------------------------------------


def test_a_cpr_number_typed_into_the_form_finds_the_candidate_without_entering_an_address(
    personas, consultant
) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(cpr=number)

    response = consultant.post(url("cpr_lookup"), {"cpr": f"{number[:6]}-{number[6:]}"})

    assert response.status_code == 302
    assert response["Location"] == url("detail", public_id=candidate.public_id)
    assert number not in response["Location"] and number[:6] not in response["Location"]
    rows = log_rows(personas)
    assert [(r.action, r.criterion) for r in rows] == [("search", "CPR-opslag")]
    assert all(number not in r.criterion + r.purpose + r.object_id for r in rows)


def test_an_unknown_cpr_number_says_so_and_is_not_written_back(personas, consultant) -> None:
    number = fictitious_cpr()

    response = consultant.post(url("cpr_lookup"), {"cpr": number})

    assert "Ingen kandidat i jobcentret har det CPR-nummer" in text(response)
    assert number not in response.content.decode()


def test_a_malformed_cpr_number_gets_a_clear_message(consultant) -> None:
    response = consultant.post(url("cpr_lookup"), {"cpr": "12345"})

    assert "Et CPR-nummer er ti cifre" in text(response)


# --- One candidate --------------------------------------------------------------------------


def test_the_candidate_page_shows_the_number_masked_and_logs_one_row(personas, consultant) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(first_name="Jonas", last_name="Kjær", cpr=number)

    response = consultant.get(url("detail", public_id=candidate.public_id))

    html = response.content.decode()
    assert "Jonas Kjær" in html
    assert f"{number[:6]}-XXXX" in html and number[6:] not in html
    rows = log_rows(personas)
    assert [(r.action, r.object_id) for r in rows] == [("view", str(candidate.public_id))]


def test_no_address_on_any_candidate_page_carries_a_cpr_number(personas, consultant) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(cpr=number, consultant=personas.consultant_a)
    pages = [
        url("list"),
        url("detail", public_id=candidate.public_id),
        url("edit", public_id=candidate.public_id),
        url("profile", public_id=candidate.public_id),
        url("staircase", public_id=candidate.public_id),
        url("sensitive", public_id=candidate.public_id),
        url("cpr_reveal", public_id=candidate.public_id),
    ]
    for page in pages:
        html = consultant.get(page).content.decode()
        assert number not in html, page
        for address in addresses(html):
            assert number not in address and number[:6] not in address, (page, address)
    revealed = consultant.post(url("cpr_reveal", public_id=candidate.public_id), {"purpose": "x"})
    assert all(number[:6] not in a for a in addresses(revealed.content.decode()))


def test_creating_a_candidate_with_a_registered_cpr_links_to_the_existing_one(
    personas, consultant
) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        existing = make_candidate(first_name="Lise", last_name="Bech", cpr=number)

    response = consultant.post(
        url("add"), {"first_name": "Lise", "last_name": "Bech", "cpr": number}
    )

    html = response.content.decode()
    assert "Kandidaten findes allerede" in html
    assert url("detail", public_id=existing.public_id) in html
    assert number not in html
    with tenant_scope(personas.roskilde):
        assert Candidate.objects.count() == 1


def test_an_invalid_cpr_number_on_the_form_names_the_field(consultant) -> None:
    response = consultant.post(
        url("add"), {"first_name": "Lise", "last_name": "Bech", "cpr": "320190-1234"}
    )

    assert "CPR-nummer: CPR-nummeret indeholder ikke en gyldig fødselsdato" in text(response)
    assert "320190-1234" not in response.content.decode()


def test_a_consultant_registers_a_candidate_and_lands_on_the_page(personas, consultant) -> None:
    response = consultant.post(
        url("add"),
        {"first_name": "Mads", "last_name": "Lund", "cpr": fictitious_cpr(), "postcode": "4000"},
        follow=True,
    )

    assert "Mads Lund er oprettet" in text(response)
    with tenant_scope(personas.roskilde):
        assert Candidate.objects.get().has_cpr


def test_revealing_the_full_number_needs_a_purpose_and_is_logged(personas, consultant) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(cpr=number, consultant=personas.consultant_a)
    page = url("cpr_reveal", public_id=candidate.public_id)

    empty = consultant.post(page, {"purpose": ""})
    shown = consultant.post(page, {"purpose": "Lønsedler til virksomheden"})

    assert number[6:] not in empty.content.decode()
    assert f"{number[:6]}-{number[6:]}" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    reveals = [r for r in log_rows(personas) if r.action == "reveal_cpr"]
    assert [r.purpose for r in reveals] == ["Lønsedler til virksomheden"]


def test_a_consultant_outside_the_team_may_not_reveal_the_number(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(consultant=personas.manager_a)

    response = consultant.post(url("cpr_reveal", public_id=candidate.public_id), {"purpose": "x"})

    assert response.status_code == 403
    assert not [r for r in log_rows(personas) if r.action == "reveal_cpr"]


# --- The sensitive part -----------------------------------------------------------------------


def test_sensitive_notes_are_404_for_a_consultant_outside_the_team(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(consultant=personas.manager_a)
        services.sensitive_note_add(
            actor=personas.manager_a,
            membership=Membership.objects.get(user=personas.manager_a),
            candidate=candidate,
            kind="health",
            text="Diskusprolaps",
        )
    page = url("sensitive", public_id=candidate.public_id)

    assert consultant.get(page, {"formaal": "Opfølgning"}).status_code == 404
    assert consultant.post(page, {"kind": "health", "text": "mere"}).status_code == 404
    detail = consultant.get(url("detail", public_id=candidate.public_id))
    assert "Diskusprolaps" not in detail.content.decode() and page not in detail.content.decode()
    with tenant_scope(personas.roskilde):
        assert SensitiveNote.objects.count() == 1


def test_sensitive_notes_are_shown_to_the_team_after_a_purpose_and_logged(
    personas, consultant
) -> None:
    team = team_of(personas, personas.consultant_a)
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(team=team)
    page = url("sensitive", public_id=candidate.public_id)
    consultant.post(page, {"kind": "barrier", "text": "Ordblind; brug mundtlige instrukser"})

    before = consultant.get(page)
    after = consultant.get(page, {"formaal": "Match med virksomhed"})

    assert "Ordblind" not in before.content.decode() and "Der er 1 notat" in text(before)
    assert "Ordblind; brug mundtlige instrukser" in after.content.decode()
    rows = [r for r in log_rows(personas) if r.action == "view_sensitive"]
    assert [r.purpose for r in rows] == ["Match med virksomhed"]


# --- Assessments, consents and the staircase --------------------------------------------------


def test_a_consultant_records_an_assessment_a_consent_and_a_staircase_plan(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        scheme = services.schemes_ensure_defaults()[0]
        steps = services.steps_ensure_defaults()
    today = timezone.localdate().isoformat()

    consultant.post(
        url("assessment_add", public_id=candidate.public_id),
        {"scheme": str(scheme.public_id), "value": "Jobparat", "assessed_on": today},
    )
    consultant.post(
        url("consent_add", public_id=candidate.public_id),
        {"categories": [ConsentCategory.FULL_NAME, ConsentCategory.CV], "given_on": today},
    )
    consultant.post(
        url("staircase", public_id=candidate.public_id),
        {"move-to_step": str(steps[1].public_id), "move-moved_on": today},
    )
    consultant.post(
        url("staircase", public_id=candidate.public_id),
        {"goal-text": "Fire uger uden fravær", "goal-due_on": today},
    )
    page = text(consultant.get(url("detail", public_id=candidate.public_id)))

    assert "Jobparat" in page
    assert "Arbejdsgivere generelt" in page and "Fulde navn, Profiltekst (CV)" in page
    assert f"Står på trinnet <strong>{steps[1].name}</strong>" in page
    assert "Fire uger uden fravær" in page


def test_withdrawing_a_consent_twice_says_it_was_withdrawn_already(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        consent = services.consent_record(
            actor=None,
            candidate=make_candidate(),
            company=None,
            categories=[ConsentCategory.PROFILE],
            given_on=timezone.localdate() - timedelta(days=3),
        )
    page = url("consent_withdraw", public_id=consent.public_id)
    today = timezone.localdate().isoformat()

    consultant.post(page, {"withdrawn_on": today})
    again = consultant.post(page, {"withdrawn_on": today})

    assert "Samtykket blev allerede trukket tilbage" in text(again)


# --- Export and the look-up history -----------------------------------------------------------


def test_the_export_has_no_cpr_number_and_nothing_sensitive(personas, consultant) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(
            first_name="=HYPERLINK(1)", cpr=number, consultant=personas.consultant_a
        )
        services.sensitive_note_add(
            actor=personas.consultant_a,
            membership=Membership.objects.get(user=personas.consultant_a),
            candidate=candidate,
            kind="health",
            text="Angst",
        )

    csv_response = consultant.get(url("export"), {"format": "csv"})
    xlsx_response = consultant.get(url("export"), {"format": "xlsx"})

    body = csv_response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert number not in body and number[:6] not in body and "Angst" not in body
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(number in c or "Angst" in c for c in cells)
    exports = [r for r in log_rows(personas) if r.action == "export"]
    assert len(exports) == 2  # one person, exported twice


def test_the_excel_export_has_real_dates_and_telephone_numbers_as_typed(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        make_candidate(first_name="Yasmin", phone="+45 01 23 45 67")

    response = consultant.get(url("export"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    phone = next(cell for name, cell in row.items() if "Telefon" in str(name))
    assert (phone.value, phone.data_type, phone.quotePrefix) == ("+45 01 23 45 67", "s", False)
    created = row["Oprettet"]
    assert created.data_type == "d" and created.value.date() == timezone.localdate()
    assert created.number_format == "dd.mm.yyyy"
    csv_body = consultant.get(url("export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "'+45 01 23 45 67" in csv_body  # CSV keeps its quote: Excel reads it as typed
    assert timezone.localdate().strftime("%d.%m.%Y") in csv_body


def test_the_admin_prints_a_look_up_history_without_staff_names(personas) -> None:
    admin = sign_in(Client(), personas.admin_a)
    consultant = sign_in(Client(), personas.consultant_a)
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(consultant=personas.consultant_a)
    consultant.get(url("detail", public_id=candidate.public_id))
    consultant.post(url("cpr_reveal", public_id=candidate.public_id), {"purpose": "Kontrakt"})

    response = admin.get(url("lookup_history", public_id=candidate.public_id), {"format": "csv"})

    body = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert lines[0] == ["Dato", "Klokkeslæt", "Hvad", "Formål", "Gennem"]
    assert ["Hele CPR-nummeret er vist", "Kontrakt", "Jobbro"] in [line[2:] for line in lines]
    assert "Karen" not in body and "consultant@" not in body and "Anne" not in body
    assert consultant.get(url("lookup_history", public_id=candidate.public_id)).status_code == 403


def test_the_look_up_history_tells_viewing_it_from_downloading_and_printing_it(personas) -> None:
    admin = sign_in(Client(), personas.admin_a)
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
    page = url("lookup_history", public_id=candidate.public_id)

    admin.get(page)
    admin.get(page, {"format": "csv"})
    admin.post(url("lookup_history_pdf", public_id=candidate.public_id))
    lines = list(
        csv.reader(
            io.StringIO(admin.get(page, {"format": "csv"}).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )

    assert sorted(line[2] for line in lines[1:]) == [
        "Opslagshistorikken er hentet som regneark (CSV)",
        "Opslagshistorikken er hentet som regneark (CSV)",
        "Opslagshistorikken er udskrevet (PDF)",
        "Opslagshistorikken er vist",
    ]


# --- The catalogues (Indstillinger) -----------------------------------------------------------


def test_the_admin_renames_a_staircase_step_and_adds_a_scheme(personas) -> None:
    admin = sign_in(Client(), personas.admin_a)
    page = admin.get(url("steps"))
    with tenant_scope(personas.roskilde):
        first = services.steps_ensure_defaults()[0]

    admin.post(
        url("steps_edit", public_id=first.public_id),
        {"name": "Afklaring og opstart", "description": "", "sort_order": "0", "is_active": "on"},
    )
    admin.post(
        url("schemes"),
        {"name": "Sygedagpenge: kategori", "values": "Kategori 1, Kategori 2, Kategori 3"},
    )
    clash = admin.post(url("schemes"), {"name": "sygedagpenge: KATEGORI", "values": "A"})

    assert "Afklaring" in text(page)
    with tenant_scope(personas.roskilde):
        assert services.steps_ensure_defaults()[0].name == "Afklaring og opstart"
        scheme = next(s for s in services.schemes_ensure_defaults() if "Syge" in s.name)
    assert scheme.values == ["Kategori 1", "Kategori 2", "Kategori 3"]
    assert "Navnet findes allerede" in text(clash)


def test_a_target_group_cannot_end_before_it_begins(personas) -> None:
    admin = sign_in(Client(), personas.admin_a)

    response = admin.post(
        url("target_groups"),
        {"name": "Ny gruppe", "valid_from": "2026-06-01", "valid_to": "2026-01-01"},
    )

    assert "Slutdatoen ligger før startdatoen" in text(response)


def test_consultants_cannot_change_the_catalogues(consultant) -> None:
    assert consultant.get(url("target_groups")).status_code == 403


def test_a_cpr_number_typed_into_the_name_search_is_not_searched_echoed_or_logged(
    personas, consultant
) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        make_candidate(cpr=number)

    response = consultant.get(url("list"), {"q": f"{number[:6]}-{number[6:]}", "status": "active"})

    # Refused before the list is searched (config.cpr_guard), with the look-up by POST offered.
    assert response.status_code == 400
    html = response.content.decode()
    assert "Et CPR-nummer må ikke stå i en adresse" in html
    assert f'action="{url("cpr_lookup")}"' in html
    assert number[:6] not in html and number[6:] not in html
    assert log_rows(personas) == []
