"""Small helpers every tenant page's views share: who acts, in which jobcenter, how a
service's ValidationError lands on the form, and the page of a background job."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts import exports
from accounts.models import Job, Jobcenter, User

# htmx stops polling when a response has this status (STYLE.md: "polling stops with 286").
STOP_POLLING = 286


def tenant(request: HttpRequest) -> Jobcenter:
    return cast(Jobcenter, request.tenant)  # type: ignore[attr-defined]


def actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def posted(request: HttpRequest) -> Any:
    """The submitted data for a form, or None (an unbound form) when nothing was submitted."""
    return request.POST if request.method == "POST" else None


def attach(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


PAGE_SIZE = 25


def paginate(
    request: HttpRequest,
    items: Any,
    per_page: int = PAGE_SIZE,
    paginator: type[Paginator] = Paginator,
) -> tuple[Page[Any], list[Any]]:
    """The requested page of `items` and the page links to show (elided in the middle). A
    search pages with accounts.pagination.SearchPaginator."""
    page = paginator(items, per_page).get_page(request.GET.get("page"))
    page_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page, page_range


def is_partial(request: HttpRequest) -> bool:
    """Whether htmx asked for a fragment (a history restore asks for the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def spreadsheet_response(
    *, header: list[str], rows: Iterable[list[object]], filename: str, sheet: str, xlsx: bool
) -> HttpResponse:
    """A download of rows as XLSX, or as CSV with semicolons and a BOM (as Danish Excel
    expects), every cell escaped. Built in memory inside the request's tenant scope: a
    streamed body would be read after the scope has closed. (A list's export moves onto
    accounts.exports.ListExport, which also takes big exports to a background job.)"""
    writer = exports.SpreadsheetWriter(header=header, sheet=sheet, xlsx=xlsx)
    for row in rows:
        writer.add(row)
    extension, content_type = (
        ("xlsx", exports.XLSX_CONTENT_TYPE) if xlsx else ("csv", exports.CSV_CONTENT_TYPE)
    )
    response = HttpResponse(writer.finish(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def job_url(request: HttpRequest, job: Job) -> str:
    """The generic page of a job: where a view that started one redirects to."""
    return reverse(
        "jobs:detail", kwargs={"jobcenter": tenant(request).slug, "public_id": job.public_id}
    )


def job_page(request: HttpRequest, template_name: str, context: dict[str, Any]) -> HttpResponse:
    """A page that shows `context["job"]` with components/job_status.html in a partial named
    `job`: the whole page, or for htmx's poll only the partial, with 286 once the job has
    finished so that the polling stops."""
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, f"{template_name}#job", context)
        if context["job"].is_finished:
            response.status_code = STOP_POLLING
        return response
    return render(request, template_name, context)


def parse_uuid(value: str) -> UUID | None:
    """A public id from a query string or a form, or None when it is not one."""
    try:
        return UUID(value)
    except ValueError:
        return None


def sort_columns(columns: Iterable[tuple[str, Any]], order: str) -> list[dict[str, Any]]:
    """A list's column headers: each sortable column (a non-empty key) with how the list is
    sorted by it now and the order a click on it asks for (ascending first, then descending)."""
    headers = []
    for key, label in columns:
        state = ""
        if key:
            state = "ascending" if order == key else "descending" if order == f"-{key}" else ""
        headers.append(
            {
                "key": key,
                "label": label,
                "state": state,
                "next": f"-{key}" if state == "ascending" else key,
            }
        )
    return headers
