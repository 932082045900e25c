"""Company tools: import from CSV/XLSX and duplicates. Writes go through companies.imports,
companies.merge and accounts.jobs; long work runs as a Job in companies.tasks."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import jobs, selectors, view_helpers
from accounts.decorators import requires
from accounts.models import Job
from companies import imports, tasks
from companies import merge as merging
from companies.models import Company

MAX_UPLOAD = 50 * 1024 * 1024
PREVIEW_ROWS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy(
            "CSV (semikolon eller komma, UTF-8 eller Windows-1252) eller Excel (.xlsx). "
            "Første række er kolonnenavne."
        ),
    )


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    slug = view_helpers.tenant(request).slug
    return reverse(f"company_tools:{name}", kwargs={"jobcenter": slug, **kwargs})


@requires("companies.change")
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("Filen er for stor (højst 50 MB)."))
        else:
            data = upload.read()
            try:
                plan = imports.plan_import(data, upload.name)
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                token = imports.upload_save(data, upload.name) if not plan.rejected else ""
                return render(
                    request,
                    "companies/tools/import_preview.html",
                    {"plan": plan, "token": token, "filename": upload.name, "shown": _shown(plan)},
                )
    return render(request, "companies/tools/import.html", {"form": form})


def _shown(plan: imports.ImportPlan) -> list[imports.PlannedRow]:
    """Every rejected row, then the first rows of the others."""
    rejected = [row for row in plan.rows if row.is_rejected]
    return rejected + [row for row in plan.rows if not row.is_rejected][:PREVIEW_ROWS]


@requires("companies.change")
def import_confirm(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    if request.method != "POST" or not imports.upload_exists(token):
        if request.method == "POST":
            messages.error(request, _("Filen findes ikke længere. Upload den igen."))
        return redirect(_url(request, "import"))
    earlier = Job.objects.filter(kind=imports.JOB_KIND, params__upload=token).first()
    if earlier is not None:  # confirmed twice (a double click): one import
        return redirect(_url(request, "import_job", public_id=earlier.public_id))
    job = jobs.job_start(
        kind=imports.JOB_KIND,
        title=_("Import af virksomheder"),
        task=tasks.import_companies,
        actor=view_helpers.actor(request),
        params={"upload": token, "filename": request.POST.get("filename", "")[:200]},
    )
    return redirect(_url(request, "import_job", public_id=job.public_id))


@requires("companies.change")
def import_job(request: HttpRequest, public_id: UUID) -> HttpResponse:
    # Only the person who started the import sees its page, its progress and its result.
    job = selectors.job_get_for_user(
        user=view_helpers.actor(request), public_id=public_id, kind=imports.JOB_KIND
    )
    return view_helpers.job_page(request, "companies/tools/import_job.html", {"job": job})


@requires("companies.change")
def duplicates(request: HttpRequest) -> HttpResponse:
    return render(
        request, "companies/tools/duplicates.html", {"pairs": merging.duplicate_suggestions()}
    )


@requires("companies.change")
def merge(request: HttpRequest, survivor: UUID, other: UUID) -> HttpResponse:
    keep = get_object_or_404(Company, public_id=survivor)
    drop = get_object_or_404(Company, public_id=other)
    if request.method == "POST":
        try:
            merging.company_merge(actor=view_helpers.actor(request), survivor=keep, other=drop)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(other)s er lagt sammen med %(survivor)s.")
                % {"other": drop.name, "survivor": keep.name},
            )
        return redirect(_url(request, "duplicates"))
    return render(request, "companies/tools/merge_confirm.html", {"keep": keep, "drop": drop})
