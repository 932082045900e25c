"""The company register's pages: the list with search and export, the company page with its
one timeline, the contact log, key accounts, workplaces, contact persons and job openings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access_log, view_helpers
from accounts.decorators import requires
from accounts.models import Jobcenter
from accounts.pagination import SearchPaginator
from accounts.services import DomainError
from companies import forms, selectors, services
from companies.models import (
    ActivityType,
    Company,
    ContactPerson,
    ContactPurpose,
    JobOpening,
    OpeningStatus,
    Workplace,
)
from partnerships.selectors import agreements as agreement_selectors
from placements import selectors as placement_selectors


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"companies:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _company_url(request: HttpRequest, company: Company) -> str:
    return _url(request, "detail", public_id=company.public_id)


def _priority_label(jobcenter: Jobcenter, priority: int | None) -> str:
    labels = jobcenter.priority_labels
    if priority is None or not 1 <= priority <= len(labels):
        return ""
    return f"{priority} – {labels[priority - 1]}"


# --- The list ------------------------------------------------------------------------------

COLUMNS = [
    ("name", gettext_lazy("Navn")),
    ("cvr", gettext_lazy("CVR-nummer")),
    ("", gettext_lazy("By")),
    ("", gettext_lazy("Fast kontaktperson")),
    ("priority", gettext_lazy("Prioritet")),
    ("last_contact", gettext_lazy("Seneste kontakt")),
]


def _filtered_companies(request: HttpRequest) -> tuple[forms.CompanyFilterForm, QuerySet[Company]]:
    filter_form = forms.CompanyFilterForm(
        request.GET,
        priority_labels=view_helpers.tenant(request).priority_labels,
        consultants=list(selectors.consultants()),
    )
    filters = filter_form.filters()
    companies = selectors.company_list(filters)
    if filters.search and filter_form.sort_chosen:
        # A search is sorted by relevance unless the user clicked a column.
        companies = companies.order_by(*selectors.ORDERINGS[filters.ordering])
    return filter_form, companies


@requires("companies.view")
@require_http_methods(["GET"])
def company_list(request: HttpRequest) -> HttpResponse:
    filter_form, companies = _filtered_companies(request)
    filters = filter_form.filters()
    paginator = SearchPaginator if filters.search else Paginator
    page, page_range = view_helpers.paginate(request, companies, paginator=paginator)
    jobcenter = view_helpers.tenant(request)
    for company in page.object_list:
        company.priority_label = _priority_label(jobcenter, company.priority)
    partial = view_helpers.is_partial(request)
    chosen = {key for key, value in filters.__dict__.items() if value not in ("", None, False)} - {
        "ordering"
    }
    context = {
        "filter_form": filter_form,
        "filtered": bool(chosen),
        # The filter panel stays open while a filter other than the search is in use.
        "filters_open": bool(chosen - {"search"}),
        "page": page,
        "page_range": page_range,
        "columns": view_helpers.sort_columns(COLUMNS, filters.ordering),
        "list_url": _url(request, "list"),
        "export_query": request.GET.urlencode(),
        "partial": partial,
    }
    template = "companies/list.html#results" if partial else "companies/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


EXPORT_HEADER = [
    gettext_lazy("Navn"),
    gettext_lazy("CVR-nummer"),
    gettext_lazy("Adresse"),
    gettext_lazy("Postnummer"),
    gettext_lazy("By"),
    gettext_lazy("Kommunekode"),
    gettext_lazy("Branchekode"),
    gettext_lazy("Branche"),
    gettext_lazy("Antal ansatte"),
    gettext_lazy("Størrelse"),
    gettext_lazy("Prioritet"),
    gettext_lazy("Fast kontaktperson"),
    gettext_lazy("Status"),
    gettext_lazy("Seneste kontakt"),
]


def _export_rows(jobcenter: Jobcenter, companies: QuerySet[Company]) -> Any:
    for company in companies.iterator(chunk_size=2000):
        last = company.last_contact_at  # type: ignore[attr-defined]
        key_account = company.key_account
        yield [
            company.name,
            company.cvr,
            company.address,
            company.postcode,
            company.city,
            company.municipality_code,
            company.industry_code,
            company.industry_text,
            company.employee_count,
            company.get_size_band_display() if company.size_band else "",
            _priority_label(jobcenter, company.priority),
            (key_account.name or key_account.email) if key_account else "",
            company.get_status_display(),
            timezone.localtime(last).strftime("%d.%m.%Y") if last else "",
        ]


@requires("companies.view")
@require_http_methods(["GET"])
def company_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (semicolons and a BOM, as Danish Excel expects) or XLSX.

    Built in memory inside the request's tenant scope: a streamed body would be read after
    the scope has closed."""
    _form, companies = _filtered_companies(request)
    return view_helpers.spreadsheet_response(
        header=[str(label) for label in EXPORT_HEADER],
        rows=_export_rows(view_helpers.tenant(request), companies),
        filename=f"virksomheder-{timezone.localdate().isoformat()}",
        sheet=_("Virksomheder"),
        xlsx=request.GET.get("format") == "xlsx",
    )


# --- Manager lists -------------------------------------------------------------------------


@requires("companies.view")
@require_http_methods(["GET"])
def without_key_account(request: HttpRequest) -> HttpResponse:
    page, page_range = view_helpers.paginate(request, selectors.companies_without_key_account())
    jobcenter = view_helpers.tenant(request)
    for company in page.object_list:
        company.priority_label = _priority_label(jobcenter, company.priority)
    return render(
        request,
        "companies/without_key_account.html",
        {"page": page, "page_range": page_range},
    )


@requires("companies.view")
@require_http_methods(["GET"])
def openings_waiting(request: HttpRequest) -> HttpResponse:
    openings = selectors.openings_not_taken_up(jobcenter=view_helpers.tenant(request))
    page, page_range = view_helpers.paginate(request, openings)
    return render(
        request, "companies/openings_waiting.html", {"page": page, "page_range": page_range}
    )


# --- One company ---------------------------------------------------------------------------


@requires("companies.view")
@require_http_methods(["GET"])
def company_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    chosen_type = request.GET.get("type", "")
    if chosen_type not in ActivityType.values:
        chosen_type = ""
    timeline = selectors.company_timeline(company=company, type=chosen_type)
    page, page_range = view_helpers.paginate(request, timeline)
    page.object_list = list(page.object_list)
    # A presentation's entry names the candidate (by first name): a read of that person.
    access_log.record_many(
        user=view_helpers.actor(request),
        action=selectors.CONTACT_LOG_ACTION,
        objs=selectors.people_named_in(page.object_list),
    )
    context = {
        "company": company,
        "timeline": page,
        "page": page,
        "page_range": page_range,
        "activity_types": ActivityType.choices,
        "chosen_type": chosen_type,
        "detail_url": _company_url(request, company),
        "partial": view_helpers.is_partial(request),
        "today": timezone.localdate(),
    }
    if context["partial"]:
        response = render(request, "companies/detail.html#timeline", context)
    else:
        jobcenter = view_helpers.tenant(request)
        deputy_active = company.current_contact() == company.key_account_deputy_id and bool(
            company.key_account_deputy_id
        )
        context |= {
            "priority_label": _priority_label(jobcenter, company.priority),
            "deputy_active": deputy_active,
            "recent_contacts": selectors.recent_contacts(company=company),
            "workplaces": selectors.company_workplaces(company=company),
            "contacts": selectors.company_contacts(company=company),
            "openings": selectors.company_openings(company=company),
            "is_following": selectors.company_is_followed(
                company=company, user=view_helpers.actor(request)
            ),
            "last_handover": selectors.company_last_handover(company=company),
            "agreements": agreement_selectors.company_agreements(company=company),
        }
        if request.membership.can("placements.view"):  # type: ignore[attr-defined]
            overview = placement_selectors.placement_overview(company=company)
            access_log.record_many(
                user=view_helpers.actor(request), action="list", objs=overview.candidates
            )
            context["placements"] = overview
            context["placement_can_add"] = not company.is_ceased
        response = render(request, "companies/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _company_form(request: HttpRequest, company: Company | None) -> forms.CompanyForm:
    return forms.CompanyForm(
        view_helpers.posted(request),
        instance=company,
        priority_labels=view_helpers.tenant(request).priority_labels,
        consultants=selectors.consultants(),
    )


def _save_company(
    request: HttpRequest, form: forms.CompanyForm, company: Company | None
) -> tuple[Company | None, Company | None]:
    """(the saved company, or None) and (the company that already has the CVR, or None)."""
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        if company is None:
            saved = services.company_create(actor=view_helpers.actor(request), **fields)
        else:
            saved = services.company_update(
                actor=view_helpers.actor(request), company=company, **fields
            )
    except services.DuplicateCvr as error:
        view_helpers.attach(form, error)
        return None, error.existing
    except ValidationError as error:
        view_helpers.attach(form, error)
        return None, None
    return saved, None


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def company_add(request: HttpRequest) -> HttpResponse:
    form = _company_form(request, None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        company, duplicate = _save_company(request, form, None)
        if company is not None:
            messages.success(request, _("%(name)s er oprettet.") % {"name": company.name})
            return redirect(_company_url(request, company))
    return render(request, "companies/company_form.html", {"form": form, "duplicate": duplicate})


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    form = _company_form(request, company)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        saved, duplicate = _save_company(request, form, company)
        if saved is not None:
            messages.success(request, _("%(name)s er opdateret.") % {"name": saved.name})
            return redirect(_company_url(request, saved))
    # The page's heading keeps the stored name while the form shows what was typed.
    stored = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "company": stored, "duplicate": duplicate},
    )


# --- Workplaces and contact persons --------------------------------------------------------


def _child_form_page(
    request: HttpRequest,
    *,
    form: BaseForm,
    company: Company,
    title: str,
    save: Any,
    message: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, message % {"name": str(saved)})
            return redirect(_company_url(request, company))
    return render(
        request,
        "companies/child_form.html",
        {"form": form, "company": company, "title": title},
    )


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def workplace_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    form = forms.WorkplaceForm(view_helpers.posted(request), instance=Workplace(company=company))
    return _child_form_page(
        request,
        form=form,
        company=company,
        title=_("Tilføj arbejdssted"),
        save=lambda data: services.workplace_create(
            actor=view_helpers.actor(request), company=company, **data
        ),
        message=_("Arbejdsstedet %(name)s er tilføjet."),
    )


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def workplace_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    workplace = selectors.workplace_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    form = forms.WorkplaceForm(view_helpers.posted(request), instance=workplace)
    return _child_form_page(
        request,
        form=form,
        company=workplace.company,
        title=_("Ret arbejdssted"),
        save=lambda data: services.workplace_update(
            actor=view_helpers.actor(request), workplace=workplace, **data
        ),
        message=_("Arbejdsstedet %(name)s er opdateret."),
    )


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    form = forms.ContactPersonForm(
        view_helpers.posted(request), instance=ContactPerson(company=company)
    )
    return _child_form_page(
        request,
        form=form,
        company=company,
        title=_("Tilføj kontaktperson"),
        save=lambda data: services.contact_create(
            actor=view_helpers.actor(request), company=company, **data
        ),
        message=_("%(name)s er tilføjet som kontaktperson."),
    )


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    contact = selectors.contact_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    form = forms.ContactPersonForm(view_helpers.posted(request), instance=contact)
    return _child_form_page(
        request,
        form=form,
        company=contact.company,
        title=_("Ret kontaktperson"),
        save=lambda data: services.contact_update(
            actor=view_helpers.actor(request), contact=contact, **data
        ),
        message=_("Kontaktpersonen %(name)s er opdateret."),
    )


# --- The contact log -----------------------------------------------------------------------


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = view_helpers.actor(request)
    company = selectors.company_get_for_user(user=actor, public_id=public_id)
    services.purposes_ensure_defaults()
    form = forms.ActivityForm(
        view_helpers.posted(request),
        actor=actor,
        consultants=selectors.consultants(),
        contacts=selectors.company_contacts(company=company).filter(is_active=True),
        purposes=ContactPurpose.objects.filter(is_active=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_create(actor=actor, company=company, **form.service_kwargs())
        except ValidationError as error:
            if hasattr(error, "error_dict") and "occurred_at" in error.error_dict:
                error.error_dict["occurred_date"] = error.error_dict.pop("occurred_at")
            view_helpers.attach(form, error)
        else:
            messages.success(
                request, _("Kontakten med %(name)s er logget.") % {"name": company.name}
            )
            return redirect(_company_url(request, company))
    warning = selectors.colleague_contact_warning(
        company=company, actor=actor, jobcenter=view_helpers.tenant(request)
    )
    return render(
        request,
        "companies/activity_form.html",
        {"form": form, "company": company, "warning": warning},
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@requires("companies.change")
@require_POST
def next_step_done(request: HttpRequest, public_id: UUID) -> HttpResponse:
    activity = selectors.activity_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    activity = services.activity_complete_next_step(
        actor=view_helpers.actor(request), activity=activity
    )
    if getattr(request, "htmx", False):
        fragment = "next_step_inline" if request.POST.get("fragment") == "inline" else "next_step"
        return render(
            request,
            f"companies/includes/next_steps.html#{fragment}",
            {"step": activity, "just_done": True},
        )
    messages.success(
        request, _("Næste skridt »%(step)s« er udført.") % {"step": activity.next_step}
    )
    return redirect(_safe_next(request, _company_url(request, activity.company)))


# --- Key account and followers -------------------------------------------------------------


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    form = forms.HandoverForm(view_helpers.posted(request), consultants=selectors.consultants())
    if request.method == "POST" and form.is_valid():
        to_user = form.cleaned_data["to_user"]
        until = form.cleaned_data["until"]
        try:
            services.company_hand_over(
                actor=view_helpers.actor(request),
                company=company,
                to_user=to_user,
                until=until,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            who = to_user.name or to_user.email
            if until:
                message = _("%(who)s er stedfortræder for %(name)s til og med %(until)s.") % {
                    "who": who,
                    "name": company.name,
                    "until": until.strftime("%d.%m.%Y"),
                }
            else:
                message = _("%(who)s er nu fast kontaktperson for %(name)s.") % {
                    "who": who,
                    "name": company.name,
                }
            messages.success(request, message)
            return redirect(_company_url(request, company))
    return render(request, "companies/handover.html", {"form": form, "company": company})


@requires("companies.change")
@require_POST
def follow(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    following = request.POST.get("follow", "1") == "1"
    services.company_follow(actor=view_helpers.actor(request), company=company, follow=following)
    if following:
        text = _("Du følger nu %(name)s.") % {"name": company.name}
    else:
        text = _("Du følger ikke længere %(name)s.") % {"name": company.name}
    messages.success(request, text)
    return redirect(_company_url(request, company))


# --- Job openings --------------------------------------------------------------------------


def _opening_page(request: HttpRequest, opening: JobOpening, *, title: str) -> HttpResponse:
    company = opening.company
    form = forms.JobOpeningForm(
        view_helpers.posted(request),
        instance=opening,
        consultants=selectors.consultants(),
        workplaces=selectors.company_workplaces(company=company),
    )
    creating = opening.pk is None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in [*form.Meta.fields, "workplace"]}
        try:
            if creating:
                saved = services.job_opening_create(
                    actor=view_helpers.actor(request), company=company, **fields
                )
            else:
                saved = services.job_opening_update(
                    actor=view_helpers.actor(request), opening=opening, **fields
                )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            if creating:
                message = _("Jobåbningen %(name)s er oprettet.")
            else:
                message = _("Jobåbningen %(name)s er opdateret.")
            messages.success(request, message % {"name": saved.title})
            return redirect(_company_url(request, company))
    return render(
        request, "companies/child_form.html", {"form": form, "company": company, "title": title}
    )


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def opening_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    company = selectors.company_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    opening = JobOpening(company=company, owner=company.key_account)
    return _opening_page(request, opening, title=_("Tilføj jobåbning"))


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def opening_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    opening = selectors.job_opening_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    return _opening_page(request, opening, title=_("Ret jobåbning"))


@requires("companies.change")
@require_http_methods(["GET", "POST"])
def opening_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    opening = selectors.job_opening_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    allowed = services.OPENING_TRANSITIONS[OpeningStatus(opening.status)]
    form = forms.OpeningStatusForm(view_helpers.posted(request), allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.job_opening_set_status(
                actor=view_helpers.actor(request),
                opening=opening,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "closed_reason" in error.error_dict:
                error = ValidationError({"reason": error.error_dict["closed_reason"]})
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("Jobåbningen %(name)s har nu status »%(status)s«.")
                % {"name": opening.title, "status": opening.get_status_display()},
            )
            return redirect(_company_url(request, opening.company))
    return render(
        request,
        "companies/opening_status.html",
        {"form": form, "company": opening.company, "opening": opening, "allowed": allowed},
    )


@requires("companies.change")
@require_POST
def opening_take_up(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """ "Tag op": the person takes the waiting opening on in one click and owns it."""
    actor = view_helpers.actor(request)
    opening = selectors.job_opening_get_for_user(user=actor, public_id=public_id)
    try:
        services.job_opening_take_up(actor=actor, opening=opening)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Du har taget jobåbningen %(title)s hos %(company)s op og er nu ansvarlig for den.")
            % {"title": opening.title, "company": opening.company.name},
        )
    return redirect(_safe_next(request, _company_url(request, opening.company)))


# --- The purpose catalogue (Indstillinger) ---------------------------------------------------


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def purposes(request: HttpRequest) -> HttpResponse:
    """The jobcenter's list of purposes a contact may have: add one, rename or retire one."""
    form = forms.PurposeForm(view_helpers.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.purpose_save(
                actor=view_helpers.actor(request), purpose=None, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Formålet er tilføjet."))
            return redirect(_url(request, "purposes"))
    items = services.purposes_ensure_defaults(include_inactive=True)
    return render(request, "companies/purposes.html", {"form": form, "purposes": items})


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def purpose_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    purpose = selectors.purpose_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    form = forms.PurposeForm(
        view_helpers.posted(request), initial={"name": purpose.name, "is_active": purpose.is_active}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.purpose_save(
                actor=view_helpers.actor(request), purpose=purpose, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Formålet er gemt."))
            return redirect(_url(request, "purposes"))
    return render(request, "companies/purpose_edit.html", {"form": form, "purpose": purpose})
