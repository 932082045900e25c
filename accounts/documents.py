"""Documents that the workers make: PDFs rendered with WeasyPrint from Django templates.

Three rules, each enforced here rather than left to each feature:

1. No view renders a PDF (DESIGN.md section 9): rendering takes seconds and much memory, so
   it belongs in a Celery task. `NoRenderingInRequestsMiddleware` marks every request, and
   `render_pdf()` raises `RenderingInRequestError` inside one. A view starts a Job instead
   (accounts.jobs.job_start) and the task attaches the PDF to it.
2. WeasyPrint fetches nothing from the network: `StaticFilesOnly` lets it read our own static
   files (the vendored IBM Plex Sans fonts) and data: URIs, and refuses everything else, so a
   URL in a document's data can neither leak it nor stall a worker.
3. Every PDF extends templates/pdf/base.html: A4, a running header with the jobcenter and
   the document's title, "Side X af Y" and the print date in the footer, Danish formats
   (`{% load danish %}`: `|dk_date`, `|dk_number`), table headers repeated on every page, and
   an optional demo banner.

Why accounts and not reports: every app will make PDFs (a citizen's look-up history, agreement
PDFs, the board's report pack), and reports reads every app's data; a shared module there
would make the other apps import reports and reports import them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Jobcenter
from accounts.tenancy import ScopeError, current_tenant_id

logger = logging.getLogger(__name__)


class RenderingInRequestError(RuntimeError):
    """A PDF was about to be rendered while answering an HTTP request."""


_in_request: ContextVar[bool] = ContextVar("jobbro_in_request", default=False)


class NoRenderingInRequestsMiddleware:
    """Marks the request's context, so that render_pdf() can refuse to run inside it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _in_request.set(True)
        try:
            return self.get_response(request)
        finally:
            _in_request.reset(token)


def refuse_in_request(what: str = "A PDF") -> None:
    if _in_request.get():
        raise RenderingInRequestError(
            f"{what} is rendered only by a Celery worker, never while answering a request "
            "(DESIGN.md section 9). Start a Job with accounts.jobs.job_start() and render in "
            "its task."
        )


# --- What WeasyPrint may read ---------------------------------------------------------------


def static_roots() -> list[Path]:
    """The folders our static files come from (the source tree, and collectstatic's output)."""
    roots = [Path(str(folder)).resolve() for folder in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _weasyprint_fetcher() -> Any:
    # Imported here: WeasyPrint loads Pango when imported, which the web processes never need.
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):  # type: ignore[misc]
        """Reads our static files and data: URIs; refuses every other URL."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(url2pathname(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in static_roots()):
                    return super().fetch(url, headers)
            logger.warning("A PDF asked for %s; only our static files may be read.", url[:200])
            raise ValueError(f"Refused to fetch {url[:200]!r}: only our static files.")

    return StaticFilesOnly(allowed_protocols=("file", "data"))


# --- Rendering ------------------------------------------------------------------------------


def render_pdf(
    template_name: str, context: Mapping[str, Any], *, language: str | None = None
) -> bytes:
    """Render a template that extends "pdf/base.html" to PDF bytes. Workers only.

    The template's context gets `printed_on` (today) and, inside a tenant scope, `jobcenter`,
    unless the caller gives them. base.html uses `title` (the document's title, in the header)
    and `demo` (shows "Demo-data – ikke faktiske resultater" on every page). Relative URLs in
    the template (a stylesheet, an image) resolve against our static files. `language`
    defaults to LANGUAGE_CODE (Danish).
    """
    refuse_in_request()
    from weasyprint import HTML  # see _weasyprint_fetcher()

    full: dict[str, Any] = {"printed_on": timezone.localdate(), **context}
    if "jobcenter" not in full:
        try:
            full["jobcenter"] = Jobcenter.objects.get(pk=current_tenant_id())
        except ScopeError:
            full["jobcenter"] = None
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, full)
    document = HTML(
        string=html,
        # Relative URLs in a PDF template resolve against our static files.
        base_url=static_roots()[0].as_uri() + "/",
        url_fetcher=_weasyprint_fetcher(),
    )
    # Tagged PDF: screen readers get headings, tables and reading order (public-sector
    # documents must be accessible too).
    return bytes(document.write_pdf(pdf_tags=True))
