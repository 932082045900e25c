"""PDFs: rendered from templates with Danish formats, only by workers, reading nothing but our
own static files."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from pypdf import PdfReader

from accounts import documents
from accounts.checks import check_rendering_guard_is_installed
from accounts.templatetags.danish import dk_date, dk_number
from accounts.tenancy import tenant_scope


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def specimen(rows: int = 3, **context: object) -> bytes:
    return documents.render_pdf(
        "pdf/specimen.html",
        {
            "title": "Opslagshistorik",
            "rows": [
                {"name": f"Række {i}", "date": date(2026, 11, 22), "amount": Decimal("1234.5")}
                for i in range(rows)
            ],
            "total": Decimal("1234.5") * rows,
            **context,
        },
    )


def test_danish_dates_and_numbers() -> None:
    assert dk_date(date(2026, 11, 22)) == "22.11.2026"
    assert dk_number(Decimal("1234.5"), 1) == "1.234,5"
    assert dk_number(1234.56, 1) == "1.234,6"
    assert dk_number(1234567) == "1.234.567"
    assert dk_number(None) == ""


@pytest.mark.django_db
def test_a_pdf_has_the_jobcenter_the_title_danish_formats_and_page_numbers(personas) -> None:
    with tenant_scope(personas.roskilde):
        data = specimen()

    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Jobcenter Roskilde" in text and "Opslagshistorik" in text
    assert "22.11.2026" in text and "1.234,5" in text and "3.703,5" in text
    assert "Side 1 af 1" in text
    assert "Demo-data" not in text


def test_a_long_table_repeats_its_header_on_every_page_and_demo_data_says_so() -> None:
    text_by_page = [
        page.extract_text() for page in PdfReader(io.BytesIO(specimen(rows=120, demo=True))).pages
    ]

    assert len(text_by_page) > 2
    for number, text in enumerate(text_by_page, start=1):
        assert f"Side {number} af {len(text_by_page)}" in text
        assert "Demo-data – ikke faktiske resultater" in text
        assert "Beløb" in text, f"page {number} has no table header"


def test_the_pdf_uses_the_vendored_ibm_plex_sans() -> None:
    page = PdfReader(io.BytesIO(specimen())).pages[0]
    fonts = page["/Resources"].get_object()["/Font"].get_object()
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert any("IBM-Plex-Sans" in name for name in names), names


def test_an_english_pdf_translates_the_page_footer() -> None:
    data = documents.render_pdf(
        "pdf/specimen.html", {"title": "T", "rows": [], "total": 0}, language="en"
    )
    assert "Page 1 of 1" in pdf_text(data)


def test_weasyprint_may_read_our_static_files_and_nothing_else(tmp_path: Path) -> None:
    fetcher = documents._weasyprint_fetcher()
    stylesheet = (Path(settings.BASE_DIR) / "static" / "css" / "pdf.css").as_uri()
    assert b"@page" in fetcher.fetch(stylesheet).read()
    assert fetcher.fetch("data:text/plain,hej").read() == b"hej"

    secret = tmp_path / "secret.txt"
    secret.write_text("hemmeligt")
    escape = (Path(settings.BASE_DIR) / "static" / ".." / "config" / "settings.py").as_uri()
    for url in (
        secret.as_uri(),
        escape,
        "http://127.0.0.1:9/logo.png",
        "https://example.com/font.woff2",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError, match="only our static files"):
            fetcher.fetch(url)


def test_a_document_asking_for_a_network_url_is_rendered_without_it(tmp_path: Path) -> None:
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "remote.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}'
        '<p>Før</p><img src="http://127.0.0.1:9/tracker.png" alt="x"><p>Efter</p>'
        "{% endblock %}"
    )
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates), pytest.MonkeyPatch.context() as patch:
        asked: list[str] = []
        real = documents._weasyprint_fetcher

        def recording() -> object:
            fetcher = real()
            fetch = fetcher.fetch

            def spy(url: str, headers: object = None) -> object:
                asked.append(url)
                return fetch(url, headers)

            fetcher.fetch = spy
            return fetcher

        patch.setattr(documents, "_weasyprint_fetcher", recording)
        text = pdf_text(documents.render_pdf("pdf/remote.html", {"title": "T"}))

    assert "Før" in text and "Efter" in text
    assert "http://127.0.0.1:9/tracker.png" in asked


# --- Never in a view ----------------------------------------------------------------------


def renders_a_pdf(request: HttpRequest) -> HttpResponse:
    return HttpResponse(specimen(), content_type="application/pdf")


urlpatterns = [path("render-pdf/", renders_a_pdf)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_renders_a_pdf_fails(client: Client) -> None:
    with pytest.raises(documents.RenderingInRequestError, match="Celery worker"):
        client.get("/render-pdf/")

    # Outside the request (a worker, this test) rendering works again.
    assert specimen().startswith(b"%PDF-")


def test_start_up_fails_without_the_rendering_guard() -> None:
    assert check_rendering_guard_is_installed() == []
    without = [
        m
        for m in settings.MIDDLEWARE
        if m != documents.__name__ + ".NoRenderingInRequestsMiddleware"
    ]
    with override_settings(MIDDLEWARE=without):
        assert [error.id for error in check_rendering_guard_is_installed()] == ["jobbro.E005"]
