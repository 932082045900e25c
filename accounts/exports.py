"""One exporter for the lists (DESIGN.md section 7): a list declares its header and how a row
is made, and this module does the rest the same way for every list.

```python
class CandidateExport(exports.ListExport):              # candidates/exports.py
    kind = "candidates"; capability = "candidates.view"
    title = gettext_lazy("Eksport af kandidater"); filename = "kandidater"
    sheet = gettext_lazy("Kandidater"); header = [gettext_lazy("Fornavn"), …]
    def objects(self): …                                 # the list's filters, from self.query
    def row(self, candidate): return [candidate.first_name, …]
    def shows(self, candidate): return candidate         # the person the row shows, or None

def candidate_export(request):                           # the view
    return exports.export_response(request, CandidateExport)
```

- The file is CSV with semicolons and a BOM (as Danish Excel expects) or XLSX (`?format=xlsx`);
  every text that a spreadsheet would run as a formula (= + - @ …) is quoted.
- Up to `EXPORT_MAX_ROWS_IN_REQUEST` rows (5,000) are made in the request. Above that the
  export is a background job (accounts.jobs): the person is sent to the job page, which
  shows the progress and then the file, to them only. The worker writes the access-log rows in
  bulk, in the person's name, in the same transaction as the file.
- Every person a row shows gets one access-log row ("export"), once per export.
- The export links must not carry the `download` attribute: a big export answers with the job
  page, which the browser must open, not save.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts import access_log, jobs
from accounts.models import Membership, User

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A big export's progress bar moves (and its access-log rows are written) this many rows at a
# time.
CHUNK = 2000


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


class SpreadsheetWriter:
    """Rows in, one file out: XLSX, or CSV with semicolons and a BOM. Rows are written as they
    come, so a big export never holds them all at once."""

    def __init__(self, *, header: Sequence[object], sheet: str, xlsx: bool) -> None:
        self.xlsx = xlsx
        if xlsx:
            from openpyxl import Workbook

            self._workbook = Workbook(write_only=True)
            self._worksheet = self._workbook.create_sheet(sheet[:31])
        else:
            self._text = io.StringIO()
            self._csv = csv.writer(self._text, delimiter=";", lineterminator="\r\n")
        self.add([str(label) for label in header])

    def add(self, row: Iterable[object]) -> None:
        if self.xlsx:
            self._worksheet.append([xlsx_cell(self._worksheet, value) for value in row])
        else:
            self._csv.writerow([spreadsheet_cell(value) for value in row])

    def finish(self) -> bytes:
        if self.xlsx:
            buffer = io.BytesIO()
            self._workbook.save(buffer)
            return buffer.getvalue()
        return ("\ufeff" + self._text.getvalue()).encode()


class ListExport:
    """A list's export: what a subclass declares and implements (see the module docstring).

    Made with the person who exports and the list's query string, in the request or later in
    a worker, so `objects()` reads its filters from `self.query`, never from a request."""

    kind: ClassVar[str]
    capability: ClassVar[str]
    title: ClassVar[Any]
    filename: ClassVar[str]
    sheet: ClassVar[Any]
    header: ClassVar[Sequence[Any]]

    def __init__(self, *, actor: User, query: QueryDict) -> None:
        self.actor = actor
        self.query = query

    def objects(self) -> models.QuerySet[Any]:
        raise NotImplementedError

    def row(self, obj: Any) -> list[object]:
        raise NotImplementedError

    def shows(self, obj: Any) -> models.Model | None:
        """The person whose data the row shows (logged once per export), or None."""
        return None

    def searched(self) -> None:
        """Called once, in the request, when the export is asked for: log a search here."""

    @property
    def xlsx(self) -> bool:
        return self.query.get("format") == "xlsx"

    @property
    def content_type(self) -> str:
        return XLSX_CONTENT_TYPE if self.xlsx else CSV_CONTENT_TYPE

    @property
    def file_name(self) -> str:
        extension = "xlsx" if self.xlsx else "csv"
        return f"{self.filename}-{timezone.localdate().isoformat()}.{extension}"

    def write(self, objects: Iterable[Any], *, progress: Any = None, total: int = 0) -> bytes:
        """The file, with one access-log row per person shown, written CHUNK rows at a time."""
        writer = SpreadsheetWriter(header=self.header, sheet=str(self.sheet), xlsx=self.xlsx)
        logged: set[tuple[str, Any]] = set()
        shown: list[models.Model] = []
        for done, obj in enumerate(objects, start=1):
            writer.add(self.row(obj))
            person = self.shows(obj)
            if person is not None and (person._meta.label, person.pk) not in logged:
                logged.add((person._meta.label, person.pk))
                shown.append(person)
            if done % CHUNK == 0:
                self._log(shown)
                shown = []
                if progress is not None:
                    progress(done, total)
        self._log(shown)
        return writer.finish()

    def _log(self, shown: list[models.Model]) -> None:
        if shown:
            access_log.record_many(user=self.actor, action="export", objs=shown)


def export_response(request: HttpRequest, export_class: type[ListExport]) -> HttpResponse:
    """The view's answer: the file, or (above EXPORT_MAX_ROWS_IN_REQUEST rows) a background
    job and the way to its page."""
    from accounts import tasks, view_helpers

    actor: User = request.user  # type: ignore[assignment]
    export = export_class(actor=actor, query=request.GET)
    export.searched()
    objects = export.objects()
    limit = settings.EXPORT_MAX_ROWS_IN_REQUEST
    if objects[: limit + 1].count() > limit:
        job = jobs.job_start(
            kind=f"export.{export.kind}"[:40],
            title=str(export.title),
            task=tasks.list_export,
            actor=actor,
            params={
                "export": f"{export_class.__module__}.{export_class.__qualname__}",
                # The list's filters. Forgotten as soon as a worker has read them (a name
                # searched for is no job's business afterwards).
                "query": request.GET.urlencode(),
            },
        )
        return redirect(view_helpers.job_url(request, job))
    response = HttpResponse(export.write(objects), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    # The file holds personal data: no copy in the browser's or a proxy's cache.
    response["Cache-Control"] = "no-store"
    return response


def export_run(run: jobs.JobRun) -> dict[str, Any]:
    """A big export in a worker: the same rows as in a request, with a progress bar, attached
    to the job as its file."""
    params = run.job.params
    if "query" not in params:
        raise jobs.JobFailed(_("Eksporten blev afbrudt. Start den igen fra listen."))
    export_class = import_string(params["export"])
    if not (isinstance(export_class, type) and issubclass(export_class, ListExport)):
        raise jobs.JobFailed(_("Ukendt eksport."))
    run.forget("query")
    actor = run.job.created_by
    membership = Membership.objects.filter(user=actor, is_active=True).first() if actor else None
    if actor is None or membership is None or not membership.can(export_class.capability):
        raise jobs.JobFailed(_("Du har ikke længere adgang til listen."))
    export = export_class(actor=actor, query=QueryDict(params["query"]))
    objects = export.objects()
    total = objects.count()
    run.progress(0, total)
    data = export.write(objects.iterator(chunk_size=CHUNK), progress=run.progress, total=total)
    run.attach(name=export.file_name, content_type=export.content_type, data=data)
    return {"total": total}
