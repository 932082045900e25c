"""The agreement pages: the list with target against actual (filters, sorting, export, no
query per row), the agreement page's numbers, the form's errors, the status steps, renewal,
the signed scan, and the company page's panel."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tenancy import tenant_scope
from companies.models import CompanyKind
from partnerships import actuals, services
from partnerships.models import Agreement, AgreementStatus, Commitment
from tests.companies.factories import make_company
from tests.factories import Personas, sign_in
from tests.partnerships.factories import agreement_type, make_agreement
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 2)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def commit(agreement: Agreement, area: str, target: int, per: str = "year") -> Commitment:
    return services.commitment_save(
        actor=None, commitment=Commitment(agreement=agreement), area=area, target=target, per=per
    )


def signed(personas: Personas, **fields: object) -> Agreement:
    agreement = make_agreement(personas.consultant_a, **fields)
    services.agreement_set_status(actor=None, agreement=agreement, status="awaiting_signature")
    return services.agreement_set_status(
        actor=personas.consultant_a,
        agreement=agreement,
        status="signed",
        signed_on=date(2026, 1, 1),
        signed_by_company="Direktør Hansen",
    )


def behind_and_on_track(personas: Personas) -> tuple[Agreement, Agreement]:
    """Two signed agreements: one on track (2 internships of 2), one behind (0 of 4)."""
    ahead = signed(personas, company=make_company(name="Bageriet ApS"))
    commit(ahead, "internships", 2)
    for start in (date(2026, 2, 2), date(2026, 3, 2)):
        make_placement(
            personas.consultant_a,
            company=ahead.company,
            agreement=ahead,
            planned_start=start,
            actual_start=start,
            planned_end=date(2026, 5, 1),
        )
    behind = signed(
        personas,
        company=make_company(name="Lagerhuset A/S"),
        title="Lager og logistik",
        ends_on=date(2026, 8, 15),
    )
    commit(behind, "internships", 4)
    commit(behind, "events", 2, per="agreement")
    return ahead, behind


@time_machine.travel(TODAY)
def test_the_list_shows_target_against_actual_and_filters_the_ones_behind(personas) -> None:
    with tenant_scope(personas.roskilde):
        ahead, behind = behind_and_on_track(personas)
        make_agreement(personas.consultant_a, company=make_company(name="Kladden ApS"))
    manager = sign_in(Client(), personas.manager_a)

    page = manager.get(url("list")).content.decode()
    assert "3 aftaler" in page
    assert "1 af 1 løfte på sporet" in page  # Bageriet: 2 of 2 internships
    assert "0 af 2 løfter på sporet" in page  # Lagerhuset: no internships, no events
    assert "Ingen mål endnu" in page  # the draft without commitments

    behind_page = manager.get(url("list"), {"behind": "1"}).content.decode()
    assert "Aftaler bagud" in behind_page
    assert "Lager og logistik" in behind_page and "Bageriet" not in behind_page

    assert "Bageriet" in manager.get(url("list"), {"q": ahead.company.cvr}).content.decode()
    assert "Bageriet" not in manager.get(url("list"), {"q": "lager"}).content.decode()
    ending = manager.get(url("list"), {"ending": "60"}).content.decode()
    assert "Lager og logistik" in ending and "Bageriet" not in ending
    drafts = manager.get(url("list"), {"phase": "draft"}).content.decode()
    assert "Kladden" in drafts and "Bageriet" not in drafts
    active = manager.get(url("list"), {"phase": "active"}).content.decode()
    assert "Bageriet" in active and "Kladden" not in active
    empty = manager.get(url("list"), {"q": "findes ikke"}).content.decode()
    assert "Ingen aftaler matcher filtrene" in empty


@time_machine.travel(TODAY)
def test_the_list_sorts_and_pages_in_the_url(personas) -> None:
    with tenant_scope(personas.roskilde):
        for number in range(27):
            make_agreement(
                personas.consultant_a,
                company=make_company(name=f"Firma {number:02d}"),
                title=f"Aftale {number:02d}",
            )
    client = sign_in(Client(), personas.consultant_a)
    first = client.get(url("list"), {"sort": "title"}).content.decode()
    assert "Aftale 00" in first and "Aftale 26" not in first
    second = client.get(url("list"), {"sort": "title", "page": "2"}).content.decode()
    assert "Aftale 26" in second and "Aftale 00" not in second
    assert client.get(url("list"), {"sort": "-title"}).content.decode().index("Aftale 26") > 0


@time_machine.travel(TODAY)
def test_the_lists_queries_do_not_grow_with_its_rows(
    personas, django_assert_max_num_queries
) -> None:
    client = sign_in(Client(), personas.manager_a)

    def add(count: int) -> None:
        with tenant_scope(personas.roskilde):
            for _number in range(count):
                agreement = signed(personas, company=make_company(name="Firma"))
                commit(agreement, "internships", 3)
                commit(agreement, "events", 2)
                commit(agreement, "ordinary_hires", 1)

    add(2)
    client.get(url("list"))  # warm up the session
    with django_assert_max_num_queries(30) as few:
        assert client.get(url("list")).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("list")).content.decode()
    assert page.count("af 3 løfter på sporet") == 22


@time_machine.travel(TODAY)
def test_the_export_has_the_filtered_agreements_with_their_figures(personas) -> None:
    with tenant_scope(personas.roskilde):
        behind_and_on_track(personas)
    client = sign_in(Client(), personas.consultant_a)

    response = client.get(url("export"), {"behind": "1", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Titel", "Virksomhed"]
    assert [row[1] for row in rows[1:]] == ["Lagerhuset A/S"]
    assert rows[1][8:11] == ["2", "0", "2"]  # two commitments, both behind

    response = client.get(url("export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["Bageriet ApS", "Lagerhuset A/S"]


@time_machine.travel(TODAY)
def test_the_agreement_page_shows_each_commitments_target_actual_and_rule(personas) -> None:
    with tenant_scope(personas.roskilde):
        ahead, _behind = behind_and_on_track(personas)
        union = make_company(name="Fagforeningen 3F", kind=CompanyKind.UNION, cvr="")
        services.agreement_update(actor=None, agreement=ahead, parties=[union])
        renewal = services.agreement_renew(
            actor=None, agreement=ahead, starts_on=date(2028, 1, 1), ends_on=None
        )
        (delivery,) = actuals.agreement_deliveries(ahead, TODAY)
    client = sign_in(Client(), personas.manager_a)

    page = client.get(url("agreement_detail", public_id=ahead.public_id)).content.decode()
    assert "Praktikpladser" in page
    assert f"{delivery.actual} af 2 forløb" in page and delivery.actual == 2
    assert "Tæller forløb af typen virksomhedspraktik" in page
    assert "Fagforeningen 3F" in page and "Fagforening" in page
    assert "Aktiv" in page and "Direktør Hansen" in page
    assert str(renewal.public_id) in page  # the renewal chain
    renewed = client.get(url("agreement_detail", public_id=renewal.public_id)).content.decode()
    assert str(ahead.public_id) in renewed and "Udkast" in renewed


@time_machine.travel(TODAY)
def test_a_new_agreement_from_the_company_page_and_its_errors(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Tømreren ApS")
        kind = agreement_type()
    client = sign_in(Client(), personas.consultant_a)

    company_page = client.get(
        reverse(
            "companies:detail", kwargs={"jobcenter": "roskilde", "public_id": company.public_id}
        )
    ).content.decode()
    assert f"?virksomhed={company.public_id}" in company_page
    assert "Ingen aftaler med virksomheden." in company_page

    new = url("agreement_new") + f"?virksomhed={company.public_id}"
    assert "Tømreren ApS" in client.get(new).content.decode()
    data = {
        "agreement_type": str(kind.public_id),
        "title": "Tømrerlærlinge",
        "purpose": "",
        "jobcenter_contact": str(personas.consultant_a.public_id),
        "starts_on": "2026-08-01",
        "ends_on": "2026-07-01",
    }
    response = client.post(new, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Slutdatoen ligger før startdatoen." in page and "Skriv aftalens formål." in page
    assert "Tømrerlærlinge" in page  # nothing typed is lost
    with tenant_scope(personas.roskilde):
        assert not Agreement.objects.exists()

    data |= {"purpose": "Lærlinge i job", "ends_on": "2027-07-31"}
    response = client.post(new, data)
    with tenant_scope(personas.roskilde):
        agreement = Agreement.objects.get()
        assert agreement.company == company and agreement.next_evaluation_on == date(2027, 8, 1)
    assert response["Location"] == url("agreement_detail", public_id=agreement.public_id)

    edit = url("agreement_edit", public_id=agreement.public_id)
    response = client.post(edit, data | {"starts_on": "2028-01-01"})
    assert "Slutdatoen ligger før startdatoen." in response.content.decode()
    response = client.post(edit, data | {"title": "Tømrerlærlinge 2026"})
    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        agreement.refresh_from_db()
        assert agreement.title == "Tømrerlærlinge 2026"


@time_machine.travel(TODAY)
def test_commitments_are_added_edited_and_deleted_after_asking(personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
    client = sign_in(Client(), personas.consultant_a)
    add = url("commitment_add", public_id=agreement.public_id)

    page = client.post(add, {"area": "internships", "target": "", "per": "year"}).content.decode()
    assert "En forpligtelse skal have et mål på mindst 1." in page
    page = client.post(add, {"area": "internships", "target": "0", "per": "year"}).content.decode()
    assert "En forpligtelse skal have et mål på mindst 1." in page
    with tenant_scope(personas.roskilde):
        assert not Commitment.objects.exists()

    assert (
        client.post(add, {"area": "internships", "target": "5", "per": "year"}).status_code == 302
    )
    with tenant_scope(personas.roskilde):
        commitment = Commitment.objects.get()
    kwargs = {"public_id": agreement.public_id, "commitment_id": commitment.public_id}
    client.post(url("commitment_edit", **kwargs), {"area": "events", "target": "7", "per": "year"})
    with tenant_scope(personas.roskilde):
        commitment.refresh_from_db()
        assert (commitment.area, commitment.target) == ("events", 7)

    question = client.get(url("commitment_delete", **kwargs)).content.decode()
    assert "Slet forpligtelse?" in question
    with tenant_scope(personas.roskilde):
        assert Commitment.objects.exists()  # asking deletes nothing
    assert client.post(url("commitment_delete", **kwargs)).status_code == 302
    with tenant_scope(personas.roskilde):
        assert not Commitment.objects.exists()


@time_machine.travel(TODAY)
def test_an_agreement_goes_to_signature_is_signed_evaluated_and_terminated(personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
    client = sign_in(Client(), personas.consultant_a)
    pid = agreement.public_id

    client.post(url("agreement_status", public_id=pid), {"status": "awaiting_signature"})
    response = client.post(url("agreement_sign", public_id=pid), {"signed_on": "2026-06-30"})
    assert "Skriv, hvem der har underskrevet for virksomheden." in response.content.decode()
    response = client.post(
        url("agreement_sign", public_id=pid),
        {
            "signed_on": "2026-07-10",
            "signed_by_company": "Direktør Hansen",
            "signed_for_jobcenter_by": "Lise Holm, jobcenterchef",
        },
    )
    assert "Datoen ligger i fremtiden." in response.content.decode()
    client.post(
        url("agreement_sign", public_id=pid),
        {
            "signed_on": "2026-06-30",
            "signed_by_company": "Direktør Hansen",
            "signed_for_jobcenter_by": "Lise Holm, jobcenterchef",
        },
    )
    with tenant_scope(personas.roskilde):
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.SIGNED
        assert agreement.signed_on == date(2026, 6, 30)
        assert agreement.signed_for_jobcenter_by == "Lise Holm, jobcenterchef"
        assert agreement.signature_registered_by == personas.consultant_a
    page = " ".join(client.get(url("agreement_detail", public_id=pid)).content.decode().split())
    assert "<dt>Underskrevet for virksomheden af</dt><dd>Direktør Hansen</dd>" in page
    assert "<dt>Underskrevet for jobcentret af</dt><dd>Lise Holm, jobcenterchef</dd>" in page
    assert "30.06.2026" in page and "Registreret i Jobbro af Karen" in page
    assert "Underskrivere for virksomheden" not in page

    client.post(url("agreement_evaluated", public_id=pid), {"evaluated_on": "2026-07-01"})
    with tenant_scope(personas.roskilde):
        agreement.refresh_from_db()
        assert agreement.next_evaluation_on == date(2027, 7, 1)

    question = client.get(url("agreement_terminate", public_id=pid)).content.decode()
    assert "Hvorfor opsiges aftalen?" in question
    response = client.post(url("agreement_terminate", public_id=pid), {"reason": ""})
    assert "Skriv en årsag." in response.content.decode()
    client.post(url("agreement_terminate", public_id=pid), {"reason": "Virksomheden lukker"})
    with tenant_scope(personas.roskilde):
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.TERMINATED
        assert agreement.termination_reason == "Virksomheden lukker"


@time_machine.travel(TODAY)
def test_third_parties_get_their_roles_which_outlive_an_edit_and_a_renewal(personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = signed(personas)
        union = make_company(name="Fagforeningen 3F", kind=CompanyKind.UNION, cvr="")
        school = make_company(name="Roskilde Tekniske Skole", kind=CompanyKind.EDUCATION, cvr="")
        services.agreement_update(actor=None, agreement=agreement, parties=[union, school])
        bare = signed(personas, title="Uden tredjeparter")
    client = sign_in(Client(), personas.consultant_a)
    roles = url("agreement_party_roles", public_id=agreement.public_id)

    page = client.get(url("agreement_detail", public_id=agreement.public_id)).content.decode()
    assert f'href="{roles}"' in page
    form = client.get(roles).content.decode()
    assert "Rolle for Fagforeningen 3F" in form and "Rolle for Roskilde Tekniske Skole" in form
    union_field, school_field = f"role_{union.public_id.hex}", f"role_{school.public_id.hex}"
    too_long = client.post(roles, {union_field: "x" * 201, school_field: "Uddannelsespartner"})
    assert "Skriv rollen med højst 200 tegn." in too_long.content.decode()
    assert "Uddannelsespartner" in too_long.content.decode()  # nothing typed is lost
    response = client.post(
        roles, {union_field: "Medunderskriver", school_field: "Uddannelsespartner"}
    )
    assert response["Location"] == url("agreement_detail", public_id=agreement.public_id)
    page = client.get(response["Location"]).content.decode()
    assert "Fagforeningen 3F (Fagforening): Medunderskriver" in page
    with tenant_scope(personas.roskilde):
        # Editing the agreement keeps the parties it keeps, with their roles.
        services.agreement_update(actor=None, agreement=agreement, parties=[union])
        assert [(p.organisation, p.role) for p in agreement.parties.all()] == [
            (union, "Medunderskriver")
        ]
        renewal = services.agreement_renew(
            actor=None, agreement=agreement, starts_on=date(2028, 1, 1), ends_on=None
        )
        assert [(p.organisation, p.role) for p in renewal.parties.all()] == [
            (union, "Medunderskriver")
        ]
    # A terminated agreement's roles stay as they were.
    with tenant_scope(personas.roskilde):
        services.agreement_set_status(
            actor=None, agreement=agreement, status="terminated", reason="Ny ejer."
        )
    response = client.post(roles, {union_field: "Ingen", school_field: ""}, follow=True)
    assert "Aftalen er opsagt og kan ikke ændres." in response.content.decode()
    with tenant_scope(personas.roskilde):
        assert agreement.parties.get().role == "Medunderskriver"
    # An agreement without third parties has no roles to edit: back to its page.
    response = client.get(url("agreement_party_roles", public_id=bare.public_id))
    assert response["Location"] == url("agreement_detail", public_id=bare.public_id)


@time_machine.travel(TODAY)
def test_renewal_is_prefilled_and_not_renewed_needs_a_reason(personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = signed(personas, ends_on=date(2026, 12, 31))
        commit(agreement, "internships", 3)
    client = sign_in(Client(), personas.consultant_a)
    pid = agreement.public_id

    page = client.get(url("agreement_renew", public_id=pid)).content.decode()
    assert 'value="2027-01-01"' in page and 'value="2027-12-31"' in page
    response = client.post(url("agreement_not_renewed", public_id=pid), {"reason": ""})
    assert "Skriv en årsag." in response.content.decode()
    response = client.post(
        url("agreement_renew", public_id=pid), {"starts_on": "2026-12-01", "ends_on": ""}
    )
    assert "Den nye aftale skal starte efter den gamle slutter." in response.content.decode()
    response = client.post(
        url("agreement_renew", public_id=pid), {"starts_on": "2027-01-01", "ends_on": "2027-12-31"}
    )
    with tenant_scope(personas.roskilde):
        renewal = Agreement.objects.get(predecessor=agreement)
        assert renewal.status == "draft" and renewal.commitments.get().target == 3
    assert response["Location"] == url("agreement_detail", public_id=renewal.public_id)


@time_machine.travel(TODAY)
def test_the_signed_scan_is_sniffed_stored_privately_and_downloaded_in_scope(
    personas, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
    client = sign_in(Client(), personas.consultant_a)
    scan = url("agreement_scan", public_id=agreement.public_id)

    fake = io.BytesIO(b"MZ\x90\x00 not a pdf at all")
    fake.name = "aftale.pdf"
    response = client.post(scan, {"scan": fake})
    assert "Filen skal være en PDF, JPEG eller PNG." in response.content.decode()
    with tenant_scope(personas.roskilde):
        agreement.refresh_from_db()
        assert agreement.signed_scan == ""

    real = io.BytesIO(b"%PDF-1.4\n% the signed agreement\n%%EOF\n")
    real.name = "underskrevet aftale.pdf"
    assert client.post(scan, {"scan": real}).status_code == 302
    with tenant_scope(personas.roskilde):
        agreement.refresh_from_db()
    stored = settings.MEDIA_ROOT / "agreements" / agreement.signed_scan
    assert stored.exists() and str(personas.roskilde.pk) in agreement.signed_scan
    assert oct(stored.stat().st_mode & 0o777) == "0o600"

    download = client.get(url("agreement_scan_download", public_id=agreement.public_id))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    assert "underskrevet aftale.pdf" in download["Content-Disposition"]

    outsider = sign_in(Client(), personas.consultant_b)
    theirs = reverse(
        "partnerships:agreement_scan_download",
        kwargs={"jobcenter": "aalborg", "public_id": agreement.public_id},
    )
    assert outsider.get(theirs).status_code == 404


@time_machine.travel(TODAY)
def test_the_company_page_shows_its_agreements_target_and_actual(personas) -> None:
    with tenant_scope(personas.roskilde):
        ahead, _behind = behind_and_on_track(personas)
    client = sign_in(Client(), personas.consultant_a)
    page = client.get(
        reverse(
            "companies:detail",
            kwargs={"jobcenter": "roskilde", "public_id": ahead.company.public_id},
        )
    ).content.decode()
    assert "Partnerskab om praktik og job" in page
    assert "2 af 2 forløb" in page and "Praktikpladser" in page


@time_machine.travel(TODAY)
def test_the_reminder_links_to_the_agreement_page(personas, mailoutbox) -> None:
    from partnerships import reminders

    with tenant_scope(personas.roskilde):
        agreement = signed(personas, ends_on=date(2026, 8, 1))
        assert reminders.remind(jobcenter=personas.roskilde) == 1
    assert f"/roskilde/aftaler/{agreement.public_id}/" in mailoutbox[0].body


@pytest.mark.parametrize(
    "today", [date(2026, 1, 1), date(2026, 3, 15), TODAY, date(2026, 12, 31), date(2027, 6, 1)]
)
def test_the_behind_filter_counts_in_sql_what_the_agreement_page_counts(personas, today) -> None:
    """The list's "behind" filter (one statement for all agreements) agrees with
    partnerships.actuals (per commitment, as the agreement page shows it)."""
    from partnerships.selectors import agreements as selectors
    from tests.candidates.factories import make_candidate
    from tests.companies.factories import purpose

    with tenant_scope(personas.roskilde):
        behind_and_on_track(personas)
        open_ended = signed(personas, company=make_company(name="Uden slut"), ends_on=None)
        commit(open_ended, "ordinary_hires", 2)
        commit(open_ended, "network", 1)
        commit(open_ended, "wage_subsidy", 1, per="agreement")
        hired = make_candidate(first_name="Ansat")
        for start in (date(2026, 2, 2), date(2026, 9, 1)):
            make_placement(
                personas.consultant_a,
                candidate=hired if start.month == 2 else make_candidate(),
                company=open_ended.company,
                agreement=open_ended,
                planned_start=start,
                # One started, one only planned (which does not count).
                actual_start=start if start.month == 2 else None,
                planned_end=date(start.year, start.month + 1, 28),
                type_code="ordinary_job",
            )
        from companies import services as company_services

        commit(open_ended, "events", 1)
        for kind in ("network_event", "phone"):  # a telephone call is no event
            company_services.activity_create(
                actor=personas.consultant_a,
                company=open_ended.company,
                type=kind,
                purpose=purpose(),
            )
        late = signed(personas, company=make_company(name="Sen start"), starts_on=date(2026, 6, 1))
        commit(late, "events", 12)
        with time_machine.travel(today):
            assert selectors.behind_agreement_ids(today) == actuals.behind_agreement_ids(today)
