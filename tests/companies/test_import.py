from __future__ import annotations

import time
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from accounts import jobs
from accounts.models import Job, JobStatus, Role
from accounts.tenancy import tenant_scope
from companies import imports, tasks
from companies.models import Company, ContactPerson
from tests.companies.factories import make_company, valid_cvr
from tests.factories import make_member, sign_in

FIXTURES = Path(__file__).parent / "fixtures"
XLSX = FIXTURES / "danish_export.xlsx"
CSV_1252 = FIXTURES / "danish_export.csv"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _names() -> set[str]:
    return set(Company.objects.values_list("name", flat=True))


def _import(data: bytes, filename: str = "companies.csv") -> dict[str, int]:
    return imports.import_run(imports.plan_import(data, filename))


@pytest.mark.django_db
@pytest.mark.parametrize("path", [XLSX, CSV_1252], ids=["xlsx", "csv-windows-1252"])
def test_a_danish_excel_export_is_imported_with_its_contact_persons(personas, path) -> None:
    with tenant_scope(personas.roskilde):
        plan = imports.plan_import(path.read_bytes(), path.name)
        assert plan.summary() == {
            "rows": 3,
            "created": 3,
            "updated": 0,
            "rejected": 0,
            "contacts": 2,
        }
        result = imports.import_run(plan)

        assert result["created"] == 3 and result["contacts_created"] == 2
        factory = Company.objects.get(cvr="25313763")
        assert factory.name == "Søndergård Maskinfabrik A/S"
        assert (factory.address, factory.postcode, factory.municipality_code) == (
            "Æblevej 3",
            "4000",
            "265",
        )
        assert (factory.employee_count, factory.size_band, factory.priority) == (120, "50-249", 1)
        cafe = Company.objects.get(name="Café Ærø ApS")
        assert (cafe.postcode, cafe.industry_code) == ("0800", "561010")  # Excel's lost zeros
        public = Company.objects.get(cvr="")
        assert public.sector == "public" and public.name.endswith("Østergården")
        aase = ContactPerson.objects.get(name="Åse Ørum")
        assert (aase.company, aase.role, aase.email) == (factory, "hr", "aase@sondergaard.dk")
        assert ContactPerson.objects.get(name="Bjørn Læssøe").role == "owner"
        # The database fills the search columns itself: the new companies are searchable.
        assert Company.objects.filter(search_document__contains="soendergaard").count() == 1


@pytest.mark.django_db
def test_english_columns_comma_separated_utf8_with_bom_are_read(personas) -> None:
    data = "\ufeffname,cvr,postcode,city,employee_count\nNørre Bageri,,4000,Roskilde,3\n"
    with tenant_scope(personas.roskilde):
        result = _import(data.encode("utf-8"))
        assert result["created"] == 1
        assert Company.objects.get().name == "Nørre Bageri"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        "cvr;adresse;postnr\n25313763;Vej 1;4000\n",
        "",
        "Bare noget tekst uden kolonner\n",
    ],
)
def test_a_file_with_wrong_columns_is_refused_with_a_clear_message(personas, content) -> None:
    with tenant_scope(personas.roskilde):
        with pytest.raises(imports.ImportFileError) as error:
            imports.plan_import(content.encode(), "forkert.csv")
        assert str(error.value)
        assert not Company.objects.exists()


@pytest.mark.django_db
def test_bad_rows_are_reported_row_by_row_and_nothing_is_written(personas) -> None:
    good = valid_cvr()
    content = (
        "cvr;navn;postnr;ansatte;prioritet;kontakt_navn;kontakt_email\n"
        f"{good};God Virksomhed ApS;4000;12;2;;\n"
        "12345678;Forkert CVR ApS;4000;;;;\n"
        f"{valid_cvr()};Kort Postnr ApS;400;mange;7;;\n"
        f"{valid_cvr()};;4000;;;Hans;ikke-en-mail\n"
        f"{good};Dobbelt ApS;4000;;;;\n"
    )
    with tenant_scope(personas.roskilde):
        plan = imports.plan_import(content.encode(), "fejl.csv")
        reasons = {row.line: " ".join(row.errors) for row in plan.rows if row.is_rejected}
        assert sorted(reasons) == [3, 4, 5, 6]
        assert "ikke et gyldigt CVR-nummer" in reasons[3]
        assert "fire cifre" in reasons[4] and "helt tal" in reasons[4] and "1, 2, 3" in reasons[4]
        assert "Navnet mangler" in reasons[5] and "E-mailadressen" in reasons[5]
        assert "række 2" in reasons[6]
        with pytest.raises(imports.ImportRefused):
            imports.import_run(plan)
        assert not Company.objects.exists()


@pytest.mark.django_db
def test_it_upserts_by_cvr_and_an_empty_cell_erases_nothing(personas) -> None:
    cvr = valid_cvr()
    with tenant_scope(personas.roskilde):
        existing = make_company(name="Gammelt Navn ApS", cvr=cvr, city="Roskilde", postcode="4000")
        content = f"cvr;navn;by;postnr;ansatte\n{cvr};Nyt Navn ApS;;4130;25\n{valid_cvr()};Ny;;;\n"
        plan = imports.plan_import(content.encode(), "upsert.csv")
        assert [row.action for row in plan.rows] == ["update", "create"]
        result = imports.import_run(plan)
        assert (result["created"], result["updated"]) == (1, 1)
        existing.refresh_from_db()
        assert (existing.name, existing.city, existing.postcode) == (
            "Nyt Navn ApS",
            "Roskilde",
            "4130",
        )
        assert (existing.employee_count, existing.size_band) == (25, "10-49")
        assert Company.objects.count() == 2
    with tenant_scope(personas.aalborg):
        assert not Company.objects.exists()  # the other jobcenter is untouched


@pytest.mark.django_db
def test_the_whole_import_is_one_transaction(personas, monkeypatch) -> None:
    # The companies are written first; the contact persons fail: nothing at all remains.
    monkeypatch.setattr(imports, "CONTACT_INSERT_SQL", "SELECT 1 / 0")
    with tenant_scope(personas.roskilde):
        with pytest.raises(Exception, match="division by zero"):
            _import(XLSX.read_bytes(), XLSX.name)
        assert not Company.objects.exists()
        assert not ContactPerson.objects.exists()


@pytest.mark.django_db
def test_the_management_command_previews_and_imports(personas) -> None:
    out = StringIO()
    call_command("import_companies", str(XLSX), jobcenter="roskilde", dry_run=True, stdout=out)
    assert "3 to create" in out.getvalue() and "nothing written" in out.getvalue()
    with tenant_scope(personas.roskilde):
        assert not Company.objects.exists()

    call_command("import_companies", str(CSV_1252), jobcenter="roskilde", stdout=out)
    assert "3 created" in out.getvalue()
    call_command("import_companies", str(CSV_1252), jobcenter="roskilde", stdout=out)
    assert "2 updated" in out.getvalue()  # two rows have a CVR number, one has none
    with tenant_scope(personas.roskilde):
        assert Company.objects.filter(cvr="25313763").count() == 1


@pytest.mark.django_db
def test_the_management_command_refuses_bad_files(personas, tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("cvr;navn\n12345678;Forkert ApS\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 rows rejected"):
        call_command("import_companies", str(bad), jobcenter="roskilde", stdout=StringIO())
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("foo;bar\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="navn"):
        call_command("import_companies", str(wrong), jobcenter="roskilde", stdout=StringIO())
    with tenant_scope(personas.roskilde):
        assert not Company.objects.exists()


def _wait_for(job_id: int, jobcenter, timeout: float = 60) -> Job:
    deadline = time.monotonic() + timeout
    while True:
        with tenant_scope(jobcenter):
            job = Job.objects.get(pk=job_id)
        if job.is_finished or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_the_import_runs_as_a_background_job_on_a_real_worker(
    personas, celery_worker_queue
) -> None:
    with tenant_scope(personas.roskilde):
        token = imports.upload_save(XLSX.read_bytes(), XLSX.name)
        job = jobs.job_create(
            kind=imports.JOB_KIND, created_by=personas.consultant_a, params={"upload": token}
        )
        transaction.on_commit(partial(tasks.import_companies.delay, personas.roskilde.pk, job.pk))

    job = _wait_for(job.pk, personas.roskilde)
    assert job.status == JobStatus.DONE, job.message
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result["created"] == 3 and job.started_at and job.finished_at
    with tenant_scope(personas.roskilde):
        assert Company.objects.count() == 3
        assert not imports.upload_exists(token)  # the file with contact persons is gone

    # Redelivered, the finished job does nothing a second time.
    assert tasks.import_companies.apply(args=[personas.roskilde.pk, job.pk]).get() == "skipped"


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_marked_failed_and_writes_nothing(
    personas, celery_worker_queue, monkeypatch
) -> None:
    monkeypatch.setattr(imports, "CONTACT_INSERT_SQL", "SELECT 1 / 0")
    with tenant_scope(personas.roskilde):
        token = imports.upload_save(XLSX.read_bytes(), XLSX.name)
        job = jobs.job_create(kind=imports.JOB_KIND, created_by=None, params={"upload": token})
        transaction.on_commit(partial(tasks.import_companies.delay, personas.roskilde.pk, job.pk))
    job = _wait_for(job.pk, personas.roskilde)
    assert job.status == JobStatus.FAILED and "Intet er importeret" in job.message
    with tenant_scope(personas.roskilde):
        assert not Company.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_preview_confirm_and_poll_in_the_browser(personas, celery_worker_queue) -> None:
    client = sign_in(Client(), personas.consultant_a)
    start = "/roskilde/virksomhedsvaerktoejer/import/"
    assert client.get(start).status_code == 200

    upload = SimpleUploadedFile(XLSX.name, XLSX.read_bytes())
    preview = client.post(start, {"file": upload})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Søndergård Maskinfabrik A/S" in page and "Oprettes" in page
    with tenant_scope(personas.roskilde):
        assert not Company.objects.exists()  # a preview writes nothing

    token = preview.context["token"]
    confirmed = client.post(
        "/roskilde/virksomhedsvaerktoejer/import/bekraeft/",
        {"token": token, "filename": XLSX.name},
    )
    assert confirmed.status_code == 302
    job_url = confirmed["Location"]
    first = client.get(job_url)
    assert first.status_code == 200 and 'hx-trigger="every 2s"' in first.content.decode()

    deadline = time.monotonic() + 60
    while True:
        poll = client.get(job_url, headers={"HX-Request": "true"})
        if poll.status_code == 286 or time.monotonic() > deadline:
            break
        assert poll.status_code == 200 and "<progress" in poll.content.decode()
        time.sleep(0.3)
    body = poll.content.decode()
    assert poll.status_code == 286, body
    assert "Importen er færdig" in body and "every 2s" not in body
    with tenant_scope(personas.roskilde):
        assert Company.objects.count() == 3


@pytest.mark.django_db
def test_the_preview_shows_rejected_rows_and_offers_no_import(personas) -> None:
    client = sign_in(Client(), personas.consultant_a)
    content = "cvr;navn;postnr\n12345678;Forkert ApS;4000\n".encode("cp1252")
    response = client.post(
        "/roskilde/virksomhedsvaerktoejer/import/",
        {"file": SimpleUploadedFile("fejl.csv", content)},
    )
    page = response.content.decode()
    assert "Afvises" in page and "ikke et gyldigt CVR-nummer" in page
    assert "import/bekraeft/" not in page

    wrong = client.post(
        "/roskilde/virksomhedsvaerktoejer/import/",
        {"file": SimpleUploadedFile("forkert.csv", b"foo;bar\n1;2\n")},
    )
    assert (
        wrong.status_code == 200
        and "ingen kolonne med virksomhedens navn" in wrong.content.decode()
    )


@pytest.mark.django_db
def test_confirming_an_unknown_upload_imports_nothing(personas) -> None:
    client = sign_in(Client(), personas.consultant_a)
    response = client.post(
        "/roskilde/virksomhedsvaerktoejer/import/bekraeft/", {"token": "../../etc/passwd"}
    )
    assert response.status_code == 302 and response["Location"].endswith("/import/")
    with tenant_scope(personas.roskilde):
        assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_colleague_cannot_open_someone_elses_import(personas) -> None:
    colleague = make_member(personas.roskilde, "kollega@roskilde.example", Role.CONSULTANT).user
    with tenant_scope(personas.roskilde):
        job = jobs.job_create(
            kind=imports.JOB_KIND, created_by=personas.consultant_a, title="Import"
        )
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, result={"created": 41, "updated": 7, "contacts_created": 3}
        )
    page = f"/roskilde/virksomhedsvaerktoejer/import/{job.public_id}/"
    owner = sign_in(Client(), personas.consultant_a)
    assert "41 virksomheder oprettet" in owner.get(page).content.decode()

    client = sign_in(Client(), colleague)
    opened = client.get(page)
    polled = client.get(page, headers={"HX-Request": "true"})
    generic = client.get(f"/roskilde/baggrundsjob/{job.public_id}/")

    assert [opened.status_code, polled.status_code, generic.status_code] == [404, 404, 404]
    assert "41 virksomheder" not in opened.content.decode() + polled.content.decode()


def test_a_rejected_row_lists_each_of_its_problems_on_a_line_of_its_own(personas) -> None:
    client = sign_in(Client(), personas.consultant_a)
    content = "cvr;navn;postnr\n12345678;;4000\n".encode("cp1252")

    page = client.post(
        "/roskilde/virksomhedsvaerktoejer/import/",
        {"file": SimpleUploadedFile("fejl.csv", content)},
    ).content.decode()

    row = page[page.index("Afvises:") : page.index("</ul>", page.index("Afvises:"))]
    problems = [item.split("</li>")[0] for item in row.split("<li>")[1:]]
    assert len(problems) == 2
    assert problems[0].startswith("CVR: ") and "ikke et gyldigt CVR-nummer" in problems[0]
    assert problems[1] == "navn: Navnet mangler."
    assert ".;" not in page


@pytest.mark.parametrize(
    ("created", "updated", "contacts", "said"),
    [
        (1, 0, 1, "1 virksomhed oprettet, 0 opdateret og 1 kontaktperson tilføjet"),
        (3, 2, 0, "3 virksomheder oprettet, 2 opdateret og 0 kontaktpersoner tilføjet"),
    ],
)
def test_the_finished_import_counts_in_danish_singular_and_plural(
    created, updated, contacts, said
) -> None:
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    html = render_to_string(
        "companies/tools/_import_done.html",
        {
            "job": SimpleNamespace(
                result={"created": created, "updated": updated, "contacts_created": contacts}
            ),
            "jobcenter": SimpleNamespace(slug="roskilde"),
        },
    )

    assert f"Importen er færdig: {said}." in " ".join(html.split())
