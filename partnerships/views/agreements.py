"""The agreement pages (issue 7): the list with target against actual per row, filters and
export; one agreement with its parties, commitments counted against their targets and the
placements counted; the form; status changes, renewal and evaluation; the PDF (made by a
worker) and the signed scan. Every write goes through partnerships.services."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access_log, jobs, view_helpers
from accounts.decorators import requires
from companies import selectors as company_selectors
from companies.models import Company, CompanyStatus, ContactPerson, ContactPurpose, Workplace
from partnerships import actuals, services, services_agreements, tasks
from partnerships.forms import agreements as forms
from partnerships.models import PHASE_LABELS, Agreement, AgreementStatus, Commitment
from partnerships.selectors import agreements as selectors


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"partnerships:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _agreement_url(request: HttpRequest, agreement: Agreement) -> str:
    return _url(request, "agreement_detail", public_id=agreement.public_id)


def _action_page(
    request: HttpRequest,
    agreement: Agreement,
    form: Any,
    url_name: str,
    *,
    heading: str,
    lead: str,
    button: str,
) -> HttpResponse:
    """One step of an agreement on its own page (sign, terminate, renew, …): the form posts
    back to `url_name`."""
    return render(
        request,
        "partnerships/agreements/action.html",
        {
            "agreement": agreement,
            "form": form,
            "heading": heading,
            "lead": lead,
            "button": button,
            "action": _url(request, url_name, public_id=agreement.public_id),
        },
    )


# --- The list ------------------------------------------------------------------------------

COLUMNS = [
    ("title", gettext_lazy("Aftale")),
    ("company", gettext_lazy("Virksomhed")),
    ("", gettext_lazy("Type")),
    ("start", gettext_lazy("Fra")),
    ("end", gettext_lazy("Til")),
    ("", gettext_lazy("Status")),
    ("", gettext_lazy("Mål og resultat")),
]


def _filter_form(request: HttpRequest) -> forms.AgreementFilterForm:
    return forms.AgreementFilterForm(
        request.GET,
        actor=view_helpers.actor(request),
        types=list(selectors.agreement_types()),
        consultants=list(company_selectors.consultants()),
    )


@requires("partnerships.view")
@require_http_methods(["GET"])
def agreement_list(request: HttpRequest) -> HttpResponse:
    filter_form = _filter_form(request)
    filters = filter_form.filters()
    page, page_range = view_helpers.paginate(request, selectors.agreement_list(filters))
    selectors.with_summaries(list(page.object_list))
    chosen = {k for k, v in filter_form.cleaned_data.items() if v not in ("", None)} - {"sort"}
    partial = view_helpers.is_partial(request)
    context = {
        "filter_form": filter_form,
        "filtered": bool(chosen),
        "behind_only": filters.behind,
        "page": page,
        "page_range": page_range,
        "columns": view_helpers.sort_columns(COLUMNS, filters.ordering),
        "list_url": _url(request, "list"),
        "export_query": request.GET.urlencode(),
        "partial": partial,
    }
    template = (
        "partnerships/agreements/list.html#results"
        if partial
        else "partnerships/agreements/list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


EXPORT_HEADER = [
    gettext_lazy("Titel"),
    gettext_lazy("Virksomhed"),
    gettext_lazy("CVR-nummer"),
    gettext_lazy("Type"),
    gettext_lazy("Gælder fra"),
    gettext_lazy("Gælder til"),
    gettext_lazy("Status"),
    gettext_lazy("Kontaktperson i jobcentret"),
    gettext_lazy("Forpligtelser"),
    gettext_lazy("På sporet"),
    gettext_lazy("Bagud"),
    gettext_lazy("Næste evaluering"),
]


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


@requires("partnerships.view")
@require_http_methods(["GET"])
def agreement_export(request: HttpRequest) -> HttpResponse:
    filters = _filter_form(request).filters()
    agreements = selectors.with_summaries(list(selectors.agreement_list(filters)))
    rows = (
        [
            a.title,
            a.company.name,
            a.company.cvr,
            a.agreement_type.name,
            _day(a.starts_on),
            _day(a.ends_on),
            str(a.phase_label),  # type: ignore[attr-defined]
            a.jobcenter_contact.name or a.jobcenter_contact.email,
            a.summary.total,  # type: ignore[attr-defined]
            a.summary.on_track,  # type: ignore[attr-defined]
            a.summary.behind,  # type: ignore[attr-defined]
            _day(a.next_evaluation_on),
        ]
        for a in agreements
    )
    response = view_helpers.spreadsheet_response(
        header=[str(label) for label in EXPORT_HEADER],
        rows=rows,
        filename=f"aftaler-{timezone.localdate().isoformat()}",
        sheet=_("Aftaler"),
        xlsx=request.GET.get("format") == "xlsx",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- One agreement -------------------------------------------------------------------------


@requires("partnerships.view")
@require_http_methods(["GET"])
def agreement_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    today = timezone.localdate()
    placements = selectors.agreement_placements(agreement=agreement)
    access_log.record_many(
        user=view_helpers.actor(request),
        action="list",
        objs=list({p.candidate_id: p.candidate for p in placements}.values()),
    )
    deliveries = actuals.agreement_deliveries(agreement, today)
    phase = agreement.phase(today)
    context = {
        "agreement": agreement,
        "phase": phase,
        "phase_label": PHASE_LABELS[phase],
        "renewal": selectors.agreement_renewal(agreement=agreement),
        "workplaces": selectors.agreement_workplaces(agreement=agreement),
        "parties": selectors.agreement_parties(agreement=agreement),
        "signatories": selectors.agreement_signatories(agreement=agreement),
        "deliveries": deliveries,
        "placements": placements,
        "today": today,
        "can_renew": agreement.status != AgreementStatus.DRAFT,
    }
    return render(request, "partnerships/agreements/detail.html", context)


# --- The form ------------------------------------------------------------------------------


def _agreement_form(
    request: HttpRequest, agreement: Agreement, initial: dict[str, Any] | None = None
) -> forms.AgreementForm:
    company = agreement.company
    return forms.AgreementForm(
        view_helpers.posted(request),
        instance=agreement,
        initial=initial,
        types=selectors.agreement_types(active_only=True),
        consultants=company_selectors.consultants(),
        workplaces=Workplace.objects.filter(company=company).order_by("name"),
        parties=selectors.third_parties(exclude=company),
        signatories=ContactPerson.objects.filter(company=company, is_active=True).order_by("name"),
    )


def _links(form: forms.AgreementForm) -> dict[str, Any]:
    return {
        "workplaces": list(form.cleaned_data["workplaces"]),
        "parties": list(form.cleaned_data["parties"]),
        "signatories": list(form.cleaned_data["signatories"]),
    }


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    """Find the company (a GET search, as for a new placement), then fill in the agreement."""
    services.agreement_types_ensure_defaults()
    actor = view_helpers.actor(request)
    company = None
    if request.GET.get("virksomhed"):
        company = Company.objects.filter(
            public_id=view_helpers.parse_uuid(request.GET["virksomhed"]),
            status=CompanyStatus.ACTIVE,
        ).first()
    if company is None:
        query = request.GET.get("q", "").strip()
        found = (
            list(
                company_selectors.company_list(
                    company_selectors.CompanyFilters(search=query, status="active")
                )[:20]
            )
            if query
            else []
        )
        return render(
            request,
            "partnerships/agreements/new_choose.html",
            {"found": found, "query": query},
        )
    agreement = Agreement(company=company, jobcenter_contact=actor, starts_on=timezone.localdate())
    form = _agreement_form(request, agreement)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            created = services.agreement_create(
                actor=actor, company=company, **fields, **_links(form)
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request, _("Aftalen er oprettet. Tilføj nu de forpligtelser, den skal måles på.")
            )
            return redirect(_agreement_url(request, created))
    return render(
        request,
        "partnerships/agreements/form.html",
        {"form": form, "agreement": agreement, "company": company, "is_new": True},
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    initial = {
        "workplaces": selectors.agreement_workplaces(agreement=agreement),
        "parties": [p.organisation for p in selectors.agreement_parties(agreement=agreement)],
        "signatories": [s.contact for s in selectors.agreement_signatories(agreement=agreement)],
    }
    form = _agreement_form(request, agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.agreement_update(
                actor=view_helpers.actor(request),
                agreement=agreement,
                **fields,
                **_links(form),
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
            agreement = selectors.agreement_get(public_id=public_id)  # the unsaved values go
        else:
            messages.success(request, _("Aftalen er gemt."))
            return redirect(_agreement_url(request, agreement))
    return render(
        request,
        "partnerships/agreements/form.html",
        {"form": form, "agreement": agreement, "company": agreement.company, "is_new": False},
    )


# --- Commitments ---------------------------------------------------------------------------


def _commitment_page(
    request: HttpRequest, agreement: Agreement, commitment: Commitment
) -> HttpResponse:
    form = forms.CommitmentForm(
        view_helpers.posted(request),
        instance=commitment,
        purposes=ContactPurpose.objects.filter(is_active=True).order_by("sort_order", "name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commitment_save(
                actor=view_helpers.actor(request),
                commitment=commitment,
                area=data["area"],
                target=data["target"],
                per=data["per"],
                purpose=data["purpose"],
                note=data["note"] or "",
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Forpligtelsen er gemt."))
            return redirect(_agreement_url(request, agreement) + "#forpligtelser")
    return render(
        request,
        "partnerships/agreements/commitment_form.html",
        {"form": form, "agreement": agreement, "commitment": commitment},
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def commitment_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    return _commitment_page(request, agreement, Commitment(agreement=agreement))


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, public_id: UUID, commitment_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    commitment = selectors.commitment_get(agreement=agreement, public_id=commitment_id)
    return _commitment_page(request, agreement, commitment)


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def commitment_delete(request: HttpRequest, public_id: UUID, commitment_id: UUID) -> HttpResponse:
    """Asks first; the POST deletes."""
    agreement = selectors.agreement_get(public_id=public_id)
    commitment = selectors.commitment_get(agreement=agreement, public_id=commitment_id)
    if request.method == "POST":
        services.commitment_delete(actor=view_helpers.actor(request), commitment=commitment)
        messages.success(request, _("Forpligtelsen er slettet."))
        return redirect(_agreement_url(request, agreement) + "#forpligtelser")
    return render(
        request,
        "partnerships/agreements/commitment_delete.html",
        {"agreement": agreement, "commitment": commitment},
    )


# --- Status, renewal, evaluation -----------------------------------------------------------


def _set_status(request: HttpRequest, agreement: Agreement, form: Any, **kwargs: Any) -> bool:
    try:
        services.agreement_set_status(
            actor=view_helpers.actor(request), agreement=agreement, **kwargs
        )
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        else:
            view_helpers.attach(form, error)
        return False
    return True


@requires("partnerships.change")
@require_POST
def agreement_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Send for signature, or back to draft (the non-destructive steps, one button each)."""
    agreement = selectors.agreement_get(public_id=public_id)
    status = request.POST.get("status", "")
    if status not in (AgreementStatus.AWAITING_SIGNATURE, AgreementStatus.DRAFT):
        messages.error(request, _("Vælg en gyldig status."))
    elif _set_status(request, agreement, None, status=status):
        messages.success(
            request,
            _("Aftalen afventer nu underskrift.")
            if status == AgreementStatus.AWAITING_SIGNATURE
            else _("Aftalen er sat tilbage til udkast."),
        )
    return redirect(_agreement_url(request, agreement))


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_sign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    signatories = selectors.agreement_signatories(agreement=agreement)
    form = forms.SignForm(
        view_helpers.posted(request),
        initial={
            "signed_on": timezone.localdate(),
            "signed_by_company": ", ".join(s.contact.name for s in signatories),
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _set_status(
            request,
            agreement,
            form,
            status=AgreementStatus.SIGNED,
            signed_on=form.cleaned_data["signed_on"],
            signed_by_company=form.cleaned_data["signed_by_company"],
            signed_for_jobcenter_by=form.cleaned_data["signed_for_jobcenter_by"],
        )
    ):
        messages.success(request, _("Aftalen er registreret som underskrevet."))
        return redirect(_agreement_url(request, agreement))
    return _action_page(
        request,
        agreement,
        form,
        "agreement_sign",
        heading=_("Registrér underskriften"),
        lead=_(
            "Hvem skrev under for hver af parterne, og hvornår? Du står som den, der har "
            "registreret underskriften."
        ),
        button=_("Registrér underskriften"),
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_terminate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    form = forms.ReasonForm(view_helpers.posted(request))
    form.fields["reason"].label = _("Hvorfor opsiges aftalen?")
    if (
        request.method == "POST"
        and form.is_valid()
        and _set_status(
            request,
            agreement,
            form,
            status=AgreementStatus.TERMINATED,
            reason=form.cleaned_data["reason"],
        )
    ):
        messages.success(request, _("Aftalen er opsagt."))
        return redirect(_agreement_url(request, agreement))
    return _action_page(
        request,
        agreement,
        form,
        "agreement_terminate",
        heading=_("Opsig aftalen"),
        lead=_(
            "En opsagt aftale kan ikke ændres eller genoptages. Dens forpligtelser tælles "
            "ikke længere som bagud."
        ),
        button=_("Opsig aftalen"),
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_renew(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A successor with the same parties and promises; prefilled with the next period."""
    agreement = selectors.agreement_get(public_id=public_id)
    initial: dict[str, Any] = {}
    if agreement.ends_on:
        starts = agreement.ends_on + relativedelta(days=1)
        length = relativedelta(agreement.ends_on, agreement.starts_on)
        initial = {"starts_on": starts, "ends_on": starts + length}
    form = forms.RenewForm(view_helpers.posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.agreement_renew(
                actor=view_helpers.actor(request),
                agreement=agreement,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("Den nye aftale er oprettet som udkast med samme parter og forpligtelser."),
            )
            return redirect(_agreement_url(request, renewal))
    return _action_page(
        request,
        agreement,
        form,
        "agreement_renew",
        heading=_("Forny aftalen"),
        lead=_(
            "Der oprettes en ny aftale som udkast med samme parter, arbejdssteder og "
            "forpligtelser. Den nye aftale henviser til denne."
        ),
        button=_("Opret den nye aftale"),
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_not_renewed(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    form = forms.ReasonForm(
        view_helpers.posted(request), initial={"reason": agreement.not_renewed_reason}
    )
    form.fields["reason"].label = _("Hvorfor fornyes aftalen ikke?")
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_not_renewed(
                actor=view_helpers.actor(request),
                agreement=agreement,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Det er registreret, at aftalen ikke fornyes."))
            return redirect(_agreement_url(request, agreement))
    return _action_page(
        request,
        agreement,
        form,
        "agreement_not_renewed",
        heading=_("Aftalen fornyes ikke"),
        lead=_("Skriv årsagen, så den kan bruges ved næste samtale med virksomheden."),
        button=_("Gem"),
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_party_roles(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """What each third party does in the agreement (co-signatory, training partner …)."""
    agreement = selectors.agreement_get(public_id=public_id)
    parties = selectors.agreement_parties(agreement=agreement)
    if not parties:
        messages.info(request, _("Aftalen har ingen tredjeparter. Tilføj dem under »Ret aftale«."))
        return redirect(_agreement_url(request, agreement))
    form = forms.PartyRolesForm(view_helpers.posted(request), parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_party_roles_set(
                actor=view_helpers.actor(request), agreement=agreement, roles=form.roles()
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Tredjeparternes roller er gemt."))
            return redirect(_agreement_url(request, agreement))
    return _action_page(
        request,
        agreement,
        form,
        "agreement_party_roles",
        heading=_("Tredjeparternes roller"),
        lead=_("Skriv, hvad hver tredjepart bidrager med i aftalen. Tomt: ingen rolle."),
        button=_("Gem roller"),
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_evaluated(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    form = forms.EvaluatedForm(
        view_helpers.posted(request), initial={"evaluated_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["evaluated_on"]
        if day > timezone.localdate():
            form.add_error("evaluated_on", _("Datoen ligger i fremtiden."))
        else:
            services.agreement_evaluated(
                actor=view_helpers.actor(request), agreement=agreement, evaluated_on=day
            )
            messages.success(
                request,
                _("Evalueringen er registreret. Næste evaluering: %(day)s.")
                % {"day": f"{agreement.next_evaluation_on:%d.%m.%Y}"},
            )
            return redirect(_agreement_url(request, agreement))
    return _action_page(
        request,
        agreement,
        form,
        "agreement_evaluated",
        heading=_("Evalueringen er holdt"),
        lead=_("Næste evaluering sættes et evalueringsinterval frem fra datoen."),
        button=_("Registrér evalueringen"),
    )


# --- The PDF and the signed scan -----------------------------------------------------------


@requires("partnerships.view")
@require_POST
def agreement_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The agreement as a PDF: made by a worker; the job page shows progress, then the file."""
    agreement = selectors.agreement_get(public_id=public_id)
    job = jobs.job_start(
        kind=tasks.AGREEMENT_PDF_JOB,
        task=tasks.agreement_pdf,
        actor=view_helpers.actor(request),
        params={"agreement": agreement.pk},
        title=_("Aftalen »%(title)s« som PDF") % {"title": agreement.title},
    )
    return redirect(view_helpers.job_url(request, job))


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def agreement_scan(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    form = forms.ScanForm(view_helpers.posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["scan"]
        if upload.size > services_agreements.MAX_SCAN_BYTES:
            form.add_error("scan", _("Filen er større end 10 MB."))
        else:
            try:
                services_agreements.agreement_scan_store(
                    actor=view_helpers.actor(request),
                    agreement=agreement,
                    name=upload.name,
                    data=upload.read(),
                )
            except ValidationError as error:
                view_helpers.attach(form, error)
            else:
                messages.success(request, _("Den underskrevne aftale er gemt."))
                return redirect(_agreement_url(request, agreement))
    return render(
        request,
        "partnerships/agreements/scan.html",
        {"agreement": agreement, "form": form},
    )


@requires("partnerships.view")
@require_http_methods(["GET"])
def agreement_scan_download(request: HttpRequest, public_id: UUID) -> HttpResponse:
    agreement = selectors.agreement_get(public_id=public_id)
    try:
        handle, content_type = services_agreements.agreement_scan_open(agreement)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=agreement.signed_scan_name or "aftale",
        content_type=content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("eksport/", agreement_export, name="export"),
    path("ny/", agreement_new, name="agreement_new"),
    path("<uuid:public_id>/", agreement_detail, name="agreement_detail"),
    path("<uuid:public_id>/ret/", agreement_edit, name="agreement_edit"),
    path("<uuid:public_id>/status/", agreement_status, name="agreement_status"),
    path("<uuid:public_id>/underskrevet/", agreement_sign, name="agreement_sign"),
    path("<uuid:public_id>/opsig/", agreement_terminate, name="agreement_terminate"),
    path("<uuid:public_id>/forny/", agreement_renew, name="agreement_renew"),
    path("<uuid:public_id>/fornyes-ikke/", agreement_not_renewed, name="agreement_not_renewed"),
    path("<uuid:public_id>/evalueret/", agreement_evaluated, name="agreement_evaluated"),
    path("<uuid:public_id>/tredjeparter/", agreement_party_roles, name="agreement_party_roles"),
    path("<uuid:public_id>/pdf/", agreement_pdf, name="agreement_pdf"),
    path("<uuid:public_id>/scanning/", agreement_scan, name="agreement_scan"),
    path(
        "<uuid:public_id>/scanning/hent/",
        agreement_scan_download,
        name="agreement_scan_download",
    ),
    path("<uuid:public_id>/forpligtelser/ny/", commitment_add, name="commitment_add"),
    path(
        "<uuid:public_id>/forpligtelser/<uuid:commitment_id>/",
        commitment_edit,
        name="commitment_edit",
    ),
    path(
        "<uuid:public_id>/forpligtelser/<uuid:commitment_id>/slet/",
        commitment_delete,
        name="commitment_delete",
    ),
]
