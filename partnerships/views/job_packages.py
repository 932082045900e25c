"""The jobpakke pages (under /<jobcenter>/aftaler/jobpakker/): the list with search, filters
and export; one jobpakke with the employer's demand, its modules, the cohort's progress (one
click marks a module completed) and the funnel; the forms to create, edit, copy as a template,
arrange modules, enrol candidates and set outcomes.

Pages that show candidates write the access log: one row per person shown."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access_log, view_helpers
from accounts.decorators import requires
from candidates import selectors as candidate_selectors
from candidates.models import Candidate, CandidateStatus
from companies import selectors as company_selectors
from companies.models import Company, CompanyStatus, JobOpening, OpeningStatus
from partnerships import services, services_job_packages
from partnerships.forms import job_packages as forms
from partnerships.models import JobPackage, JobPackageParticipant
from partnerships.selectors import job_packages as selectors


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"partnerships:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _package_url(request: HttpRequest, package: JobPackage) -> str:
    return _url(request, "job_package_detail", public_id=package.public_id)


def _log_candidates(request: HttpRequest, candidates: list[Candidate], action: str) -> None:
    unique = list({c.pk: c for c in candidates}.values())
    if unique:
        access_log.record_many(user=view_helpers.actor(request), action=action, objs=unique)


def _get(request: HttpRequest, public_id: UUID) -> JobPackage:
    return selectors.job_package_get_for_user(user=view_helpers.actor(request), public_id=public_id)


# --- The list ------------------------------------------------------------------------------

COLUMNS = [
    ("title", gettext_lazy("Jobpakke")),
    ("company", gettext_lazy("Virksomhed")),
    ("", gettext_lazy("Fase")),
    ("", gettext_lazy("Stillinger")),
    ("enrolled", gettext_lazy("Optaget")),
    ("hired", gettext_lazy("Ansat")),
    ("created", gettext_lazy("Oprettet")),
]


def _filtered(request: HttpRequest) -> tuple[forms.JobPackageFilterForm, Any]:
    companies = list(selectors.job_package_companies())
    # From a company's page the filter names that company, also before it has a jobpakke.
    requested = view_helpers.parse_uuid(request.GET.get("company", ""))
    if requested and all(c.public_id != requested for c in companies):
        companies += list(Company.objects.filter(public_id=requested))
    filter_form = forms.JobPackageFilterForm(
        request.GET,
        companies=companies,
        consultants=list(company_selectors.consultants()),
    )
    return filter_form, selectors.job_package_list(filter_form.filters())


@requires("partnerships.view")
@require_http_methods(["GET"])
def job_package_list(request: HttpRequest) -> HttpResponse:
    filter_form, packages = _filtered(request)
    page, page_range = view_helpers.paginate(request, packages)
    partial = view_helpers.is_partial(request)
    context = {
        "filter_form": filter_form,
        "filtered": filter_form.chosen(),
        "page": page,
        "page_range": page_range,
        "columns": view_helpers.sort_columns(COLUMNS, filter_form.filters().ordering),
        "list_url": _url(request, "job_package_list"),
        "export_query": request.GET.urlencode(),
        "partial": partial,
    }
    template = "partnerships/job_packages/list.html"
    response = render(request, f"{template}#results" if partial else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


EXPORT_HEADER = [
    gettext_lazy("Jobpakke"),
    gettext_lazy("Virksomhed"),
    gettext_lazy("CVR-nummer"),
    gettext_lazy("Jobåbning"),
    gettext_lazy("Fase"),
    gettext_lazy("Stillinger"),
    gettext_lazy("Moduler"),
    gettext_lazy("Optaget"),
    gettext_lazy("Ansat"),
    gettext_lazy("Oprettet"),
]


@requires("partnerships.view")
@require_http_methods(["GET"])
def job_package_export(request: HttpRequest) -> HttpResponse:
    _form, packages = _filtered(request)
    rows = (
        [
            p.title,
            p.company.name,
            p.company.cvr,
            p.job_opening.title if p.job_opening else "",
            p.get_stage_display(),
            p.positions,
            p.module_count,
            p.enrolled_count,
            p.hired_count,
            timezone.localtime(p.created_at).strftime("%d.%m.%Y"),
        ]
        for p in packages
    )
    response = view_helpers.spreadsheet_response(
        header=[str(label) for label in EXPORT_HEADER],
        rows=rows,
        filename=f"jobpakker-{timezone.localdate().isoformat()}",
        sheet=_("Jobpakker"),
        xlsx=request.GET.get("format") == "xlsx",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- One jobpakke --------------------------------------------------------------------------


def _detail_context(request: HttpRequest, package: JobPackage) -> dict[str, Any]:
    modules = list(selectors.package_modules(package=package))
    cohort = selectors.package_cohort(package=package)
    _log_candidates(request, [p.candidate for p in cohort], "list")
    funnel = selectors.package_funnel(package=package)
    return {
        "package": package,
        "modules": modules,
        "cohort": cohort,
        "funnel": funnel,
    }


@requires("partnerships.view")
@require_http_methods(["GET"])
def job_package_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    package = _get(request, public_id)
    return render(
        request, "partnerships/job_packages/detail.html", _detail_context(request, package)
    )


def _row_context(
    request: HttpRequest, participant: JobPackageParticipant, error: str = ""
) -> dict[str, Any]:
    participant.completed = selectors.participant_completed(  # type: ignore[attr-defined]
        participant=participant
    )
    return {
        "package": participant.package,
        "modules": list(selectors.package_modules(package=participant.package)),
        "participant": participant,
        "error": error,
        # The funnel below the grid is swapped too (out of band), so its figures stay true.
        "funnel": selectors.package_funnel(package=participant.package),
        "oob": True,
    }


@requires("partnerships.change")
@require_POST
def participant_module(request: HttpRequest, public_id: UUID, position: int) -> HttpResponse:
    """One click marks a module completed for a participant (or, with `undo`, takes it back);
    htmx swaps the participant's row, without JavaScript the page reloads."""
    participant = selectors.participant_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    module = selectors.module_at(package=participant.package, position=position)
    actor = view_helpers.actor(request)
    error = ""
    try:
        if request.POST.get("undo"):
            services_job_packages.module_uncompleted(
                actor=actor, participant=participant, module=module
            )
        else:
            services.module_completed(actor=actor, participant=participant, module=module)
    except ValidationError as failure:
        error = " ".join(failure.messages)
    if view_helpers.is_partial(request):
        access_log.record(user=actor, action="view", obj=participant.candidate)
        return render(
            request,
            "partnerships/job_packages/detail.html#cohort_row",
            _row_context(request, participant, error),
        )
    if error:
        messages.error(request, error)
    return redirect(_package_url(request, participant.package) + "#deltagere")


# --- Create, edit, copy --------------------------------------------------------------------


def _package_form(
    request: HttpRequest, package: JobPackage, company: Company | None
) -> forms.JobPackageForm:
    companies = Company.objects.filter(status=CompanyStatus.ACTIVE).order_by("name")
    openings = (
        JobOpening.objects.select_related("company")
        .exclude(status=OpeningStatus.CLOSED)
        .order_by("company__name", "title")
    )
    if package.pk and package.company_id:
        # An existing package keeps its company even if it has since ceased.
        companies = Company.objects.filter(pk=package.company_id) | companies
    if company is not None:
        companies = Company.objects.filter(pk=company.pk)
        openings = openings.filter(company=company)
    if package.job_opening_id:
        openings = openings | JobOpening.objects.filter(pk=package.job_opening_id)
    return forms.JobPackageForm(
        view_helpers.posted(request), instance=package, companies=companies, openings=openings
    )


def _save_package(
    request: HttpRequest, form: forms.JobPackageForm, package: JobPackage
) -> JobPackage | None:
    if not form.is_valid():
        return None
    try:
        return services.job_package_save(
            actor=view_helpers.actor(request),
            package=package,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
    except ValidationError as error:
        view_helpers.attach(form, error)
        return None


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def job_package_new(request: HttpRequest) -> HttpResponse:
    """A new jobpakke; from a company's page (`?company=`) for that company only."""
    company = None
    company_id = view_helpers.parse_uuid(request.GET.get("company", ""))
    if company_id:
        company = Company.objects.filter(public_id=company_id, status=CompanyStatus.ACTIVE).first()
    package = JobPackage(company=company) if company else JobPackage()
    form = _package_form(request, package, company)
    if request.method == "POST":
        saved = _save_package(request, form, package)
        if saved is not None:
            messages.success(request, _("Jobpakken er oprettet. Tilføj nu modulerne."))
            return redirect(_url(request, "job_package_modules", public_id=saved.public_id))
    return render(
        request,
        "partnerships/job_packages/form.html",
        {"form": form, "package": None, "company": company},
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def job_package_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    package = _get(request, public_id)
    title = package.title
    form = _package_form(request, package, None)
    if request.method == "POST" and _save_package(request, form, package) is not None:
        messages.success(request, _("Jobpakken er gemt."))
        return redirect(_package_url(request, package))
    package.title = title
    return render(
        request,
        "partnerships/job_packages/form.html",
        {"form": form, "package": package, "company": None},
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def job_package_copy(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The jobpakke as a template for another company: profile and modules, not the cohort."""
    package = _get(request, public_id)
    companies = (
        Company.objects.filter(status=CompanyStatus.ACTIVE)
        .exclude(pk=package.company_id)
        .order_by("name")
    )
    form = forms.CopyForm(view_helpers.posted(request), companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            copied = services.job_package_copy(
                actor=view_helpers.actor(request),
                package=package,
                company=form.cleaned_data["company"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("Jobpakken er kopieret til %(company)s med modulerne, uden deltagere.")
                % {"company": copied.company.name},
            )
            return redirect(_package_url(request, copied))
    return render(
        request,
        "partnerships/job_packages/copy.html",
        {
            "package": package,
            "form": form,
            "module_count": package.modules.count(),
        },
    )


# --- Modules -------------------------------------------------------------------------------


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def job_package_modules(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The modules in order, with buttons to move and remove each, and a form to add one."""
    package = _get(request, public_id)
    form = forms.ModuleForm(view_helpers.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_add(
                actor=view_helpers.actor(request), package=package, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("%(title)s er tilføjet.") % {"title": module.title})
            return redirect(_url(request, "job_package_modules", public_id=package.public_id))
    return render(
        request,
        "partnerships/job_packages/modules.html",
        {
            "package": package,
            "modules": list(selectors.package_modules(package=package)),
            "form": form,
        },
    )


@requires("partnerships.change")
@require_POST
def job_package_module_move(request: HttpRequest, public_id: UUID, position: int) -> HttpResponse:
    package = _get(request, public_id)
    selectors.module_at(package=package, position=position)
    try:
        services_job_packages.module_move(
            actor=view_helpers.actor(request),
            package=package,
            position=position,
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url(request, "job_package_modules", public_id=package.public_id))


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def job_package_module_remove(request: HttpRequest, public_id: UUID, position: int) -> HttpResponse:
    """Removing a module asks first: the cohort's completions of it go with it."""
    package = _get(request, public_id)
    module = selectors.module_at(package=package, position=position)
    if request.method == "POST":
        try:
            services_job_packages.module_remove(
                actor=view_helpers.actor(request), package=package, position=position
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(title)s er fjernet.") % {"title": module.title})
        return redirect(_url(request, "job_package_modules", public_id=package.public_id))
    completed = next(
        m.completed_count
        for m in selectors.package_modules(package=package)
        if m.position == position
    )
    return render(
        request,
        "partnerships/job_packages/module_remove.html",
        {"package": package, "module": module, "completed": completed},
    )


# --- The cohort ----------------------------------------------------------------------------


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def job_package_enrol(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Find a candidate by name among the jobcenter's candidates and enrol them."""
    package = _get(request, public_id)
    actor = view_helpers.actor(request)
    search = forms.CandidateSearchForm(request.GET)
    search.is_valid()
    query = (search.cleaned_data.get("q") or "").strip()
    form = forms.EnrolForm(view_helpers.posted(request))
    if request.method == "POST" and form.is_valid():
        candidate = (
            candidate_selectors.candidate_list()
            .filter(public_id=form.cleaned_data["candidate"])
            .first()
        )
        if candidate is None:
            form.add_error(None, _("Kandidaten findes ikke."))
        else:
            try:
                services.participant_enrol(
                    actor=actor,
                    package=package,
                    candidate=candidate,
                    enrolled_on=form.cleaned_data["enrolled_on"],
                )
            except ValidationError as error:
                form.add_error(
                    None,
                    _("%(name)s kan ikke optages: %(reason)s")
                    % {"name": candidate.full_name, "reason": " ".join(error.messages)},
                )
            else:
                messages.success(
                    request,
                    _("%(name)s er optaget i jobpakken.") % {"name": candidate.full_name},
                )
                return redirect(_package_url(request, package) + "#deltagere")
    found: list[Candidate] = []
    if query:
        filters = candidate_selectors.CandidateFilters(search=query)
        found = list(candidate_selectors.candidate_list(filters)[:20])
        access_log.record(user=actor, action="search", criterion=filters.criterion())
        _log_candidates(request, found, "list")
    enrolled = set(
        JobPackageParticipant.objects.filter(package=package).values_list("candidate_id", flat=True)
    )
    return render(
        request,
        "partnerships/job_packages/enrol.html",
        {
            "package": package,
            "search": search,
            "query": query,
            "found": found,
            "enrolled": enrolled,
            "form": form,
            "closed": CandidateStatus.CLOSED,
            "today": timezone.localdate(),
        },
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def participant_outcome(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = selectors.participant_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    initial = {"outcome": participant.outcome, "reason": participant.outcome_reason}
    form = forms.OutcomeForm(view_helpers.posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_outcome(
                actor=view_helpers.actor(request),
                participant=participant,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("Resultatet for %(name)s er gemt.") % {"name": participant.candidate.full_name},
            )
            return redirect(_package_url(request, participant.package) + "#deltagere")
    access_log.record(user=view_helpers.actor(request), action="view", obj=participant.candidate)
    return render(
        request,
        "partnerships/job_packages/outcome.html",
        {"participant": participant, "package": participant.package, "form": form},
    )


urlpatterns = [
    path("jobpakker/", job_package_list, name="job_package_list"),
    path("jobpakker/eksport/", job_package_export, name="job_package_export"),
    path("jobpakker/ny/", job_package_new, name="job_package_new"),
    path("jobpakker/<uuid:public_id>/", job_package_detail, name="job_package_detail"),
    path("jobpakker/<uuid:public_id>/ret/", job_package_edit, name="job_package_edit"),
    path("jobpakker/<uuid:public_id>/kopier/", job_package_copy, name="job_package_copy"),
    path("jobpakker/<uuid:public_id>/moduler/", job_package_modules, name="job_package_modules"),
    path(
        "jobpakker/<uuid:public_id>/moduler/<int:position>/flyt/",
        job_package_module_move,
        name="job_package_module_move",
    ),
    path(
        "jobpakker/<uuid:public_id>/moduler/<int:position>/fjern/",
        job_package_module_remove,
        name="job_package_module_remove",
    ),
    path("jobpakker/<uuid:public_id>/optag/", job_package_enrol, name="job_package_enrol"),
    path(
        "jobpakker/deltagere/<uuid:public_id>/moduler/<int:position>/",
        participant_module,
        name="job_package_participant_module",
    ),
    path(
        "jobpakker/deltagere/<uuid:public_id>/resultat/",
        participant_outcome,
        name="job_package_participant_outcome",
    ),
]
