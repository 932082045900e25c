"""Small helpers every tenant page's views share: who acts, in which jobcenter, how a
service's ValidationError lands on the form, and the page of a background job."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell. A spreadsheet would run a text beginning with = + - @ as a formula: quote
    it. A day is written as 22.11.2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# A day as the lists write it (22.11.2026), and a text that is only a signed number or a
# telephone number ("+45 12 34 56 78", "-5"), which no spreadsheet runs as a formula.
DANISH_DAY = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
SIGNED_NUMBER = re.compile(r"[+-][\d\s().,/-]*")


def xlsx_cell(worksheet: Any, value: object) -> object:
    """An XLSX cell: a day is a real date (shown as 22.11.2026, so it sorts and filters), a
    text is always stored as text, and a text a spreadsheet would run as a formula is marked
    to stay text ("quote prefix"), without a visible apostrophe."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, str) and (day := DANISH_DAY.fullmatch(value)):
        with contextlib.suppress(ValueError):  # 31.02.2026 stays text
            value = date(int(day[3]), int(day[2]), int(day[1]))
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(worksheet, value=moment.replace(tzinfo=None))
        cell.number_format = "dd.mm.yyyy hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "dd.mm.yyyy"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.data_type = "s"  # openpyxl would store a text beginning with = as a formula
        if value.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.fullmatch(value):
            cell.quotePrefix = True
        return cell
    return value


def spreadsheet_response(
    *, header: list[str], rows: Iterable[list[object]], filename: str, sheet: str, xlsx: bool
) -> HttpResponse:
    """A download of rows as XLSX, or as CSV with semicolons and a BOM (as Danish Excel
    expects), every cell escaped. Built in memory inside the request's tenant scope: a
    streamed body would be read after the scope has closed."""
    if xlsx:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(header)
        for row in rows:
            worksheet.append([xlsx_cell(worksheet, value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
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
