"""The company pages under /<jobcenter>/virksomheder/ (companies.views)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from companies import services
from companies.models import Activity, Company, JobOpening, OpeningStatus
from tests.companies.factories import make_company, purpose
from tests.factories import Personas, sign_in


def url(name: str, **kwargs: object) -> str:
    return reverse(f"companies:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response) -> str:
    return " ".join(response.content.decode().split())


def results(response) -> str:
    html = text(response)
    return html[html.index('id="company-count"') :]


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


def log(personas: Personas, company: Company, user, *, days_ago: int = 1, **fields) -> Activity:
    with tenant_scope(personas.roskilde):
        return services.activity_create(
            actor=user,
            company=company,
            type=fields.pop("type", "phone"),
            purpose=purpose(),
            occurred_at=timezone.now() - timedelta(days=days_ago),
            **fields,
        )


# --- The list --------------------------------------------------------------------------------


def test_the_list_finds_a_company_by_a_misspelt_name(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Søndergård Maskinfabrik A/S", city="Roskilde")
        make_company(name="Bageriet Brødkurven ApS")

    response = consultant.get(url("list"), {"q": "Sondergard maskinfabrik"})

    assert response.status_code == 200
    assert "Søndergård Maskinfabrik" in results(response)
    assert "Brødkurven" not in results(response)
    assert "1 virksomhed matcher søgningen" in results(response)


def test_the_list_finds_a_company_by_cvr_number(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Roskilde Tømrer ApS")
        make_company(name="Anden ApS")

    response = consultant.get(url("list"), {"q": company.cvr})

    assert "Roskilde Tømrer" in results(response) and "Anden ApS" not in results(response)


def test_the_list_filters_by_priority_key_account_and_status(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Strategisk A/S", priority=1, key_account=personas.consultant_a)
        make_company(name="Orientering A/S", priority=4)
        make_company(name="Lukket A/S", priority=1, status="ceased")

    by_priority = results(consultant.get(url("list"), {"priority": "1", "status": "active"}))
    assert "Strategisk A/S" in by_priority
    assert "Orientering A/S" not in by_priority and "Lukket A/S" not in by_priority
    assert "1 – Strategisk partner" in by_priority  # the jobcenter's label for group 1

    without = results(consultant.get(url("list"), {"key_account": "none"}))
    assert "Orientering A/S" in without and "Strategisk A/S" not in without


def test_the_list_filters_by_recent_contact(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        called = make_company(name="Ringet Op ApS")
        make_company(name="Glemt ApS")
    log(personas, called, personas.consultant_a, days_ago=10)

    recent = results(consultant.get(url("list"), {"contacted": "1"}))
    assert "Ringet Op" in recent and "Glemt ApS" not in recent
    silent = results(consultant.get(url("list"), {"not_contacted": "3"}))
    assert "Glemt ApS" in silent and "Ringet Op" not in silent


def test_the_list_sorts_by_a_column(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Alfa ApS")
        make_company(name="Omega ApS")

    html = results(consultant.get(url("list"), {"sort": "-name"}))

    assert html.index("Omega ApS") < html.index("Alfa ApS")
    assert 'aria-sort="descending"' in html


def test_the_list_pages_by_25_and_keeps_the_filters_in_the_links(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        for number in range(30):
            make_company(name=f"Firma {number:02} ApS", priority=2)

    first = results(consultant.get(url("list"), {"priority": "2"}))
    second = results(consultant.get(url("list"), {"priority": "2", "page": "2"}))

    assert "Firma 24 ApS" in first and "Firma 25 ApS" not in first
    assert "Firma 25 ApS" in second and "Firma 29 ApS" in second
    assert "priority=2&amp;page=2" in first


def test_the_list_answers_htmx_with_the_results_only(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Alfa ApS")

    response = consultant.get(url("list"), {"q": "alfa"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "Alfa ApS" in html
    assert "<h1" not in html and 'id="company-filter"' not in html


def test_the_list_shows_an_empty_state(personas: Personas, consultant) -> None:
    response = consultant.get(url("list"))

    assert "Der er ingen virksomheder endnu" in text(response)


def test_the_list_query_count_does_not_grow_with_rows(
    personas: Personas, consultant, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        for number in range(30):
            company = make_company(name=f"Firma {number:02}", key_account=personas.consultant_a)
            services.activity_create(
                actor=personas.consultant_a, company=company, type="visit", purpose=purpose()
            )

    with django_assert_max_num_queries(20):
        response = consultant.get(url("list"))

    assert response.content.decode().count("Karen") >= 25


def test_a_search_query_count_does_not_grow_with_matches(personas: Personas, consultant) -> None:
    def queries_for(search: dict[str, str]) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = consultant.get(url("list"), search)
        assert response.status_code == 200
        return len(queries)

    with tenant_scope(personas.roskilde):
        for number in range(3):
            make_company(name=f"Bageri {number:02} ApS", key_account=personas.consultant_a)
    few = queries_for({"q": "bageri"}), queries_for({"q": "bageri", "sort": "-name"})
    with tenant_scope(personas.roskilde):
        for number in range(3, 60):
            make_company(name=f"Bageri {number:02} ApS", key_account=personas.consultant_a)
    many = queries_for({"q": "bageri"}), queries_for({"q": "bageri", "sort": "-name"})

    assert few == many


def test_a_search_sorted_by_a_column_pages_by_25(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        for number in range(30):
            make_company(name=f"Bageri {number:02} ApS")
        make_company(name="Tømrer ApS")

    first = results(consultant.get(url("list"), {"q": "bageri", "sort": "-name"}))
    second = results(consultant.get(url("list"), {"q": "bageri", "sort": "-name", "page": "2"}))

    assert "30 virksomheder matcher søgningen" in first
    assert first.index("Bageri 29 ApS") < first.index("Bageri 05 ApS")
    assert "Bageri 04 ApS" not in first and "Tømrer" not in first
    assert "Bageri 04 ApS" in second and "Bageri 00 ApS" in second
    assert "Bageri 05 ApS" not in second


# --- Export ----------------------------------------------------------------------------------


def test_the_csv_export_has_the_filtered_rows_a_bom_and_escaped_formulas(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name='=HYPERLINK("http://evil")', city="Roskilde", priority=1)
        make_company(name="Ærø Æblemost ApS", city="+45 Ærøskøbing", priority=1)
        make_company(name="Ikke med ApS", priority=3)

    response = consultant.get(url("export"), {"priority": "1", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Navn" and len(rows) == 3
    names = {row[0] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("http://evil")', "Ærø Æblemost ApS"}
    assert any(row[4] == "'+45 Ærøskøbing" for row in rows[1:])


def test_the_xlsx_export_escapes_formulas(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="@SUM(1+1)")
        make_company(name="-Minus ApS")

    response = consultant.get(url("export"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = sorted((row[0] for row in sheet.iter_rows(min_row=2)), key=lambda cell: cell.value)
    # Stored as text and marked to stay text, with no apostrophe for anyone to see.
    assert [cell.value for cell in cells] == ["-Minus ApS", "@SUM(1+1)"]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


# --- The company page ------------------------------------------------------------------------


def test_the_company_page_shows_the_key_account_recent_contacts_and_one_timeline(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Roskilde Maskinfabrik", key_account=personas.manager_a)
        services.contact_create(actor=None, company=company, name="Hanne Hansen", role="hr")
        services.workplace_create(actor=None, company=company, name="Lageret i Trekroner")
        services.job_opening_create(actor=None, company=company, title="Lagermedarbejder")
    log(personas, company, personas.consultant_a, days_ago=5, type="visit", summary="Besøg A")
    log(personas, company, personas.admin_a, days_ago=2, type="phone", summary="Opkald B")
    log(personas, company, personas.admin_a, days_ago=200, type="email", summary="Gammel C")

    html = text(consultant.get(url("detail", public_id=company.public_id)))

    assert "Én indgang" in html and "Mads" in html
    recent = html[html.index("Kontakt de seneste 90 dage") :]
    recent = recent[: recent.index("</ul>")]
    assert "Anne" in recent and "Karen" in recent
    assert "Hanne Hansen" in html and "Lageret i Trekroner" in html
    assert "Lagermedarbejder" in html
    assert html.index("Opkald B") < html.index("Besøg A") < html.index("Gammel C")


def test_the_timeline_filters_by_type(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
    log(personas, company, personas.consultant_a, type="visit", summary="Besøget")
    log(personas, company, personas.consultant_a, type="phone", summary="Opkaldet")

    page = consultant.get(url("detail", public_id=company.public_id), {"type": "visit"})
    partial = consultant.get(
        url("detail", public_id=company.public_id),
        {"type": "phone"},
        headers={"HX-Request": "true"},
    )

    assert "Besøget" in text(page) and "Opkaldet" not in text(page)
    assert "Opkaldet" in text(partial) and "Besøget" not in text(partial)
    assert "<h1" not in partial.content.decode()


def test_a_ceased_company_is_clearly_marked(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(status="ceased")

    assert "Virksomheden er ophørt" in text(
        consultant.get(url("detail", public_id=company.public_id))
    )


def test_another_jobcenters_company_is_not_found(personas: Personas, consultant) -> None:
    with tenant_scope(personas.aalborg):
        theirs = make_company(name="Aalborg Værft")

    assert consultant.get(url("detail", public_id=theirs.public_id)).status_code == 404


# --- Create and edit -------------------------------------------------------------------------


def company_data(**overrides: object) -> dict[str, object]:
    data = {"name": "Ny Virksomhed ApS", "cvr": "", "sector": "private", "status": "active"}
    data.update(overrides)
    return data


def test_a_company_is_created_and_the_user_sent_to_its_page(personas: Personas, consultant):
    response = consultant.post(
        url("add"), company_data(cvr="3706 1026", key_account=personas.consultant_a.public_id)
    )

    with tenant_scope(personas.roskilde):
        company = Company.objects.get()
    assert company.cvr == "37061026" and company.key_account == personas.consultant_a
    assert response.status_code == 302
    assert response["Location"] == url("detail", public_id=company.public_id)


def test_a_registered_cvr_links_to_the_existing_company_and_keeps_the_input(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        existing = make_company(name="Den Gamle ApS")

    response = consultant.post(url("add"), company_data(name="Den Nye ApS", cvr=existing.cvr))

    html = text(response)
    assert response.status_code == 200
    assert "allerede registreret" in html
    assert f'href="{url("detail", public_id=existing.public_id)}"' in html
    assert 'value="Den Nye ApS"' in html
    with tenant_scope(personas.roskilde):
        assert Company.objects.count() == 1


def test_an_invalid_cvr_is_told_in_danish_naming_the_field(personas: Personas, consultant):
    response = consultant.post(url("add"), company_data(cvr="12345678"))

    html = text(response)
    assert "CVR-nummer: 12345678 er ikke et gyldigt CVR-nummer" in html
    assert 'value="Ny Virksomhed ApS"' in html


def test_an_invalid_p_number_is_told_in_danish(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()

    response = consultant.post(
        url("workplace_add", public_id=company.public_id), {"name": "Lager", "p_number": "123"}
    )

    assert "P-nummer: P-nummeret skal være ti cifre." in text(response)


def test_a_contact_person_is_added(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()

    response = consultant.post(
        url("contact_add", public_id=company.public_id),
        {"name": "Hanne Hansen", "role": "hr", "is_active": "on"},
    )

    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        assert company.contacts.get().name == "Hanne Hansen"


# --- The contact log -------------------------------------------------------------------------


def test_logging_a_contact_warns_about_a_colleagues_recent_contact(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
    log(personas, company, personas.manager_a, days_ago=3)

    html = text(consultant.get(url("activity_add", public_id=company.public_id)))

    assert "En kollega har allerede været i kontakt" in html
    date = (timezone.localdate() - timedelta(days=3)).strftime("%d.%m.%Y")
    assert f"Mads var i kontakt med virksomheden {date}" in html


def test_no_warning_when_only_the_user_has_been_in_contact(personas: Personas, consultant):
    with tenant_scope(personas.roskilde):
        company = make_company()
    log(personas, company, personas.consultant_a, days_ago=3)

    html = text(consultant.get(url("activity_add", public_id=company.public_id)))

    assert "En kollega har allerede været i kontakt" not in html


def test_a_visit_with_a_next_step_is_logged(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        hanne = services.contact_create(actor=None, company=company, name="Hanne")
        chosen = purpose()
    due = timezone.localdate() + timedelta(days=7)

    response = consultant.post(
        url("activity_add", public_id=company.public_id),
        {
            "type": "visit",
            "occurred_date": timezone.localdate().isoformat(),
            "occurred_time": "10:30",
            "consultant": personas.consultant_a.public_id,
            "contacts": [hanne.public_id],
            "purpose": chosen.pk,
            "summary": "Talte om praktikpladser",
            "next_step": "Send forslag til praktikaftale",
            "next_step_due": due.isoformat(),
        },
    )

    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        activity = Activity.objects.get()
        assert list(activity.contacts.all()) == [hanne]
        assert activity.next_step_owner == personas.consultant_a
        assert activity.next_step_due == due


def test_a_contact_needs_a_purpose(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()

    response = consultant.post(
        url("activity_add", public_id=company.public_id),
        {
            "type": "phone",
            "occurred_date": timezone.localdate().isoformat(),
            "occurred_time": "09:00",
            "consultant": personas.consultant_a.public_id,
            "summary": "Uden formål",
        },
    )

    assert response.status_code == 200
    assert "Formål: Dette felt er påkrævet." in text(response)
    assert "Uden formål</textarea>" in text(response)


def test_a_contact_dated_in_the_future_is_refused_unless_it_is_planned(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Fremtiden ApS")
        chosen = purpose()
    fields = {
        "type": "visit",
        "occurred_date": "2030-01-01",
        "occurred_time": "10:00",
        "consultant": personas.consultant_a.public_id,
        "purpose": chosen.pk,
        "summary": "Besøg aftalt",
    }

    refused = consultant.post(url("activity_add", public_id=company.public_id), fields)
    planned = consultant.post(
        url("activity_add", public_id=company.public_id), {**fields, "is_planned": "on"}
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "occurred_date": [
            "Datoen ligger i fremtiden. Ret datoen, eller sæt kryds ved »Planlagt kontakt«, "
            "hvis kontakten ikke har fundet sted endnu."
        ]
    }
    assert "Besøg aftalt</textarea>" in text(refused)
    assert planned.status_code == 302
    with tenant_scope(personas.roskilde):
        (activity,) = Activity.objects.filter(company=company)
        company.refresh_from_db()
    assert activity.is_planned
    # A planned contact is neither the latest contact nor one of the last 90 days.
    assert company.last_contact_at is None
    listed = text(consultant.get(url("list"), {"q": "Fremtiden"}))
    assert "01.01.2030" not in listed
    page = text(consultant.get(url("detail", public_id=company.public_id)))
    assert "Ingen fra jobcentret har været i kontakt med virksomheden de seneste 90 dage." in page


def test_a_next_step_is_marked_done_with_htmx(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Opgavefirma")
    activity = log(
        personas,
        company,
        personas.consultant_a,
        next_step="Ring tilbage",
        next_step_due=timezone.localdate() - timedelta(days=1),
    )

    front = text(consultant.get(reverse("dashboard", kwargs={"jobcenter": "roskilde"})))
    assert "Mine næste skridt" in front and "Ring tilbage" in front and "Overskredet" in front

    response = consultant.post(
        url("next_step_done", public_id=activity.public_id),
        {"fragment": "row"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Udført: Ring tilbage (Opgavefirma)" in text(response)
    with tenant_scope(personas.roskilde):
        activity.refresh_from_db()
    assert activity.next_step_done_at is not None
    front = text(consultant.get(reverse("dashboard", kwargs={"jobcenter": "roskilde"})))
    assert "Ring tilbage" not in front


def test_a_next_step_is_marked_done_without_javascript(personas: Personas, consultant):
    with tenant_scope(personas.roskilde):
        company = make_company()
    activity = log(
        personas,
        company,
        personas.consultant_a,
        next_step="Send tilbud",
        next_step_due=timezone.localdate(),
    )
    dashboard = reverse("dashboard", kwargs={"jobcenter": "roskilde"})

    response = consultant.post(
        url("next_step_done", public_id=activity.public_id), {"next": dashboard}
    )

    assert response.status_code == 302 and response["Location"] == dashboard


# --- Key account and openings ----------------------------------------------------------------


def test_the_key_account_is_handed_over_temporarily_and_logged(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(key_account=personas.consultant_a)
    until = timezone.localdate() + timedelta(days=14)

    response = consultant.post(
        url("handover", public_id=company.public_id),
        {"to_user": personas.manager_a.public_id, "until": until.isoformat(), "note": "Ferie"},
    )

    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        company.refresh_from_db()
        assert company.key_account == personas.consultant_a
        assert company.key_account_deputy == personas.manager_a
        assert company.handovers.get().note == "Ferie"
    html = text(consultant.get(url("detail", public_id=company.public_id)))
    assert f"Mads er stedfortræder til og med {until.strftime('%d.%m.%Y')}" in html


def test_following_a_company(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()

    consultant.post(url("follow", public_id=company.public_id), {"follow": "1"})

    html = text(consultant.get(url("detail", public_id=company.public_id)))
    assert "Følg ikke længere" in html


def test_closing_an_opening_needs_a_reason(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        opening = services.job_opening_create(actor=None, company=company, title="Kok")
    status_url = url("opening_status", public_id=opening.public_id)

    refused = consultant.post(status_url, {"status": "closed", "reason": ""})
    assert "Årsag: Skriv, hvorfor jobåbningen lukkes." in text(refused)

    accepted = consultant.post(status_url, {"status": "closed", "reason": "Besat internt"})
    assert accepted.status_code == 302
    with tenant_scope(personas.roskilde):
        opening.refresh_from_db()
    assert opening.status == OpeningStatus.CLOSED and opening.closed_reason == "Besat internt"


def test_the_company_page_shows_an_opening_nobody_owns(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        services.job_opening_create(actor=None, company=company, title="Kantinehjælp")

    response = consultant.get(url("detail", public_id=company.public_id))

    assert response.status_code == 200
    html = text(response)
    assert "Kantinehjælp" in html
    row = html[html.index("Kantinehjælp") :]
    assert row[: row.index("</tr>")].count("<td>–</td>") == 1


def test_an_opening_is_added(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(key_account=personas.consultant_a)

    response = consultant.post(
        url("opening_add", public_id=company.public_id),
        {
            "title": "Lagermedarbejder",
            "positions": "2",
            "source": "company",
            "owner": personas.consultant_a.public_id,
        },
    )

    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        opening = JobOpening.objects.get()
    assert opening.positions == 2 and opening.owner == personas.consultant_a


def test_an_opening_gets_a_disco_occupation_a_postcode_and_target_groups(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(key_account=personas.consultant_a)
        group = candidate_services.target_groups_ensure_defaults()[0]
    page = consultant.get(url("opening_add", public_id=company.public_id))
    assert "Lagerarbejdere og godshåndterere (9333)" in page.content.decode()
    assert group.name in page.content.decode()

    response = consultant.post(
        url("opening_add", public_id=company.public_id),
        {
            "title": "Lagermedarbejder",
            "occupation_code": "9333",
            "postcode": "4300",
            "target_groups": [str(group.public_id)],
            "positions": "1",
            "source": "company",
        },
    )

    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        opening = JobOpening.objects.get()
        assert list(opening.target_groups.all()) == [group]
    assert opening.occupation_code.code == "9333" and opening.postcode == "4300"


def test_the_manager_lists(personas: Personas) -> None:
    manager = sign_in(Client(), personas.manager_a)
    with tenant_scope(personas.roskilde):
        make_company(name="Forladt ApS")
        make_company(name="Passet ApS", key_account=personas.consultant_a)
        waiting = make_company(name="Venter ApS", key_account=personas.consultant_a)
        services.job_opening_create(actor=None, company=waiting, title="Glemt stilling")
        JobOpening.objects.update(reported_at=timezone.now() - timedelta(days=10))

    orphans = text(manager.get(url("without_key_account")))
    assert "Forladt ApS" in orphans and "Passet ApS" not in orphans

    openings = text(manager.get(url("openings_waiting")))
    assert "Glemt stilling" in openings and "Venter ApS" in openings


def test_tag_op_makes_the_consultant_the_owner_of_a_waiting_opening_in_one_click(
    personas: Personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Venter ApS", key_account=personas.manager_a)
        opening = services.job_opening_create(actor=None, company=company, title="Glemt stilling")
        JobOpening.objects.update(reported_at=timezone.now() - timedelta(days=10))
    waiting = consultant.get(url("openings_waiting"))
    take_up = url("opening_take_up", public_id=opening.public_id)
    assert f'action="{take_up}"' in waiting.content.decode()  # a button, not a status form

    response = consultant.post(take_up, {"next": url("openings_waiting")}, follow=True)

    html = text(response)
    assert response.redirect_chain == [(url("openings_waiting"), 302)]
    assert "Du har taget jobåbningen Glemt stilling hos Venter ApS op" in html
    assert "Alle nye jobåbninger er taget op" in html
    with tenant_scope(personas.roskilde):
        opening.refresh_from_db()
    assert opening.owner == personas.consultant_a
    assert opening.status == OpeningStatus.IN_PROGRESS and opening.taken_up_at is not None


def test_a_closed_opening_cannot_be_taken_up(personas: Personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Venter ApS")
        opening = services.job_opening_create(actor=None, company=company, title="Lukket job")
        services.job_opening_set_status(
            actor=None, opening=opening, status=OpeningStatus.CLOSED, reason="Besat internt"
        )

    response = consultant.post(
        url("opening_take_up", public_id=opening.public_id),
        {"next": url("openings_waiting")},
        follow=True,
    )

    assert "Jobåbningen er lukket og kan ikke tages op." in text(response)
    with tenant_scope(personas.roskilde):
        opening.refresh_from_db()
    assert opening.owner is None and opening.status == OpeningStatus.CLOSED


def test_the_filters_open_from_a_button_with_an_arrow(personas: Personas, consultant) -> None:
    html = text(consultant.get(url("list")))

    summary = html[html.index("<summary") : html.index("</summary>")]
    assert 'class="button button-secondary' in summary and "#chevron-down" in summary
    assert "Filtre" in summary
