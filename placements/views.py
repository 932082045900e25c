"""The placement pages: the list with filters and export, a new placement (find the candidate
and the company, then the form), one placement with its follow-ups, starting and ending it,
ticking follow-ups off, and the manager's view of who is behind.

Pages that show candidates write the access log: one row per person shown."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access_log, view_helpers
from accounts import exports as account_exports
from accounts.decorators import requires
from accounts.models import User
from candidates import selectors as candidate_selectors
from candidates.models import Candidate
from companies import selectors as company_selectors
from companies.models import Company, CompanyStatus, ContactPerson, JobOpening, Workplace
from partnerships import services_api
from partnerships.models import (
    Agreement,
    AgreementStatus,
    JobPackage,
    JobPackageStage,
)
from partnerships.selectors.centres import centre_list
from placements import exports, forms, selectors, services
from placements.models import CadenceStep, FollowUp, Placement, PlacementType


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"placements:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _placement_url(request: HttpRequest, placement: Placement) -> str:
    return _url(request, "detail", public_id=placement.public_id)


def _log_candidates(request: HttpRequest, candidates: list[Candidate], action: str) -> None:
    """One access-log row per person shown (a person shown twice on a page counts once)."""
    unique = list({c.pk: c for c in candidates}.values())
    access_log.record_many(user=view_helpers.actor(request), action=action, objs=unique)


# --- The list ------------------------------------------------------------------------------

COLUMNS = [
    ("", gettext_lazy("Kandidat")),
    ("", gettext_lazy("Virksomhed")),
    ("", gettext_lazy("Type")),
    ("start", gettext_lazy("Start")),
    ("end", gettext_lazy("Slut")),
    ("", gettext_lazy("Status")),
    ("", gettext_lazy("Ansvarlig")),
]


def _filtered(request: HttpRequest) -> tuple[forms.PlacementFilterForm, QuerySet[Placement], Any]:
    filter_form, placements = exports.filtered(actor=view_helpers.actor(request), query=request.GET)
    scope: dict[str, Any] = {}
    company_id = filter_form.cleaned_data.get("company")
    candidate_id = filter_form.cleaned_data.get("candidate")
    if company_id:
        scope["company"] = Company.objects.filter(public_id=company_id).first()
    if candidate_id:
        scope["candidate"] = (
            candidate_selectors.candidate_list().filter(public_id=candidate_id).first()
        )
    return filter_form, placements, scope


@requires("placements.view")
@require_http_methods(["GET"])
def placement_list(request: HttpRequest) -> HttpResponse:
    filter_form, placements, scope = _filtered(request)
    page, page_range = view_helpers.paginate(request, placements)
    _log_candidates(request, [p.candidate for p in page.object_list], "list")
    filters = filter_form.filters(company_id=None, candidate_id=None)
    chosen = {k for k, v in filter_form.cleaned_data.items() if v not in ("", None)} - {"sort"}
    partial = view_helpers.is_partial(request)
    context = {
        "filter_form": filter_form,
        "filtered": bool(chosen),
        "scope": scope,
        "page": page,
        "page_range": page_range,
        "columns": view_helpers.sort_columns(COLUMNS, filters.ordering),
        "list_url": _url(request, "list"),
        "export_query": request.GET.urlencode(),
        "partial": partial,
        "today": timezone.localdate(),
    }
    template = "placements/list.html#results" if partial else "placements/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("placements.view")
@require_http_methods(["GET"])
def placement_export(request: HttpRequest) -> HttpResponse:
    return account_exports.export_response(request, exports.PlacementExport)


# --- A new placement -----------------------------------------------------------------------


def _form(request: HttpRequest, placement: Placement) -> forms.PlacementForm:
    company = placement.company
    # The company's agreements, centres and jobpakker that are still running, and whatever
    # the placement is already linked to.
    return forms.PlacementForm(
        view_helpers.posted(request),
        instance=placement,
        types=selectors.placement_types(active_only=True),
        workplaces=Workplace.objects.filter(company=company).order_by("name"),
        openings=JobOpening.objects.filter(company=company).exclude(status="closed"),
        mentors=ContactPerson.objects.filter(company=company, is_active=True),
        consultants=company_selectors.consultants(),
        agreements=Agreement.objects.filter(company=company)
        .filter(~Q(status=AgreementStatus.TERMINATED) | Q(pk=placement.agreement_id))
        .order_by("-starts_on", "title"),
        centres=centre_list().filter(company=company).order_by("name"),
        packages=JobPackage.objects.filter(company=company)
        .filter(~Q(stage=JobPackageStage.CLOSED) | Q(pk=placement.job_package_id))
        .order_by("title"),
    )


@requires("placements.change")
@require_http_methods(["GET", "POST"])
def placement_new(request: HttpRequest) -> HttpResponse:
    """Find the candidate, find the company, then fill in the placement. The two look-ups are
    GET forms, so the page works without JavaScript; htmx only saves the reloads."""
    services.placement_types_ensure_defaults()
    actor = view_helpers.actor(request)
    candidate = company = None
    if request.GET.get("kandidat"):
        candidate = (
            candidate_selectors.candidate_list()
            .filter(public_id=view_helpers.parse_uuid(request.GET["kandidat"]))
            .first()
        )
    if request.GET.get("virksomhed"):
        company = Company.objects.filter(
            public_id=view_helpers.parse_uuid(request.GET["virksomhed"]),
            status=CompanyStatus.ACTIVE,
        ).first()
    query = request.GET.get("q", "").strip()
    if candidate is None or company is None:
        found: list[Any] = []
        if query and candidate is None:
            filters = candidate_selectors.CandidateFilters(search=query, status="active")
            found = list(candidate_selectors.candidate_list(filters)[:20])
            _log_candidates(request, found, "list")
            access_log.record(user=actor, action="search", criterion=filters.criterion())
        elif query:
            found = list(
                company_selectors.company_list(
                    company_selectors.CompanyFilters(search=query, status="active")
                )[:20]
            )
        if candidate is not None:
            access_log.record(user=actor, action="view", obj=candidate)
        return render(
            request,
            "placements/new_choose.html",
            {"candidate": candidate, "company": company, "found": found, "query": query},
        )
    placement = Placement(
        candidate=candidate,
        company=company,
        consultant=candidate.consultant or actor,
        planned_start=timezone.localdate(),
    )
    form = _form(request, placement)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            created = services_api.placement_create_seated(
                actor=actor, candidate=candidate, company=company, **fields
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("Forløbet er oprettet, og %(count)s opfølgninger er planlagt.")
                % {"count": created.followups.count()},
            )
            return redirect(_placement_url(request, created))
    access_log.record(user=actor, action="view", obj=candidate)
    return render(
        request,
        "placements/placement_form.html",
        {"form": form, "candidate": candidate, "company": company},
    )


# --- One placement -------------------------------------------------------------------------


def _detail_page(
    request: HttpRequest, placement: Placement, start_form: forms.StartForm
) -> HttpResponse:
    access_log.record(user=view_helpers.actor(request), action="view", obj=placement.candidate)
    return render(
        request,
        "placements/detail.html",
        {
            "placement": placement,
            "followups": selectors.placement_followups(placement=placement),
            "today": timezone.localdate(),
            "start_form": start_form,
        },
    )


@requires("placements.view")
@require_http_methods(["GET"])
def placement_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    return _detail_page(request, placement, forms.StartForm(placement=placement))


@requires("placements.change")
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    if not placement.is_open:
        messages.error(request, _("Forløbet er afsluttet og kan ikke ændres."))
        return redirect(_placement_url(request, placement))
    form = _form(request, placement)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services_api.placement_update_seated(
                actor=view_helpers.actor(request), placement=placement, **fields
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request, _("Forløbet er gemt, og de åbne opfølgninger er flyttet med.")
            )
            return redirect(_placement_url(request, placement))
    stored = selectors.placement_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    access_log.record(user=view_helpers.actor(request), action="view", obj=stored.candidate)
    return render(
        request,
        "placements/placement_form.html",
        {
            "form": form,
            "candidate": stored.candidate,
            "company": stored.company,
            "placement": stored,
        },
    )


@requires("placements.change")
@require_POST
def placement_start(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    form = forms.StartForm(request.POST, placement=placement)
    if form.is_valid():
        try:
            services.placement_start(
                actor=view_helpers.actor(request),
                placement=placement,
                started_on=form.cleaned_data["started_on"],
            )
        except ValidationError as error:
            # The start date is the only thing typed here; a rule on the planned dates is
            # told beside it too.
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {"started_on": [m for ms in error.message_dict.values() for m in ms]}
                )
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Forløbet er registreret som startet."))
            return redirect(_placement_url(request, placement))
    # The page again, with the date that was typed and what is wrong with it.
    stored = selectors.placement_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    return _detail_page(request, stored, form)


@requires("placements.change")
@require_http_methods(["GET", "POST"])
def placement_end(request: HttpRequest, public_id: UUID) -> HttpResponse:
    placement = selectors.placement_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    form = forms.EndForm(view_helpers.posted(request), placement=placement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_end(
                actor=view_helpers.actor(request),
                placement=placement,
                ended_on=data["ended_on"],
                outcome=data["outcome"],
                interrupted=data["interrupted"],
                reason=data["reason"],
                outcome_note=data["outcome_note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                renamed = {
                    {"interruption_reason": "reason", "actual_end": "ended_on"}.get(k, k): v
                    for k, v in error.error_dict.items()
                }
                error = ValidationError(renamed)
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Forløbet er afsluttet."))
            return redirect(_placement_url(request, placement))
    access_log.record(user=view_helpers.actor(request), action="view", obj=placement.candidate)
    return render(request, "placements/end.html", {"form": form, "placement": placement})


# --- Follow-ups ----------------------------------------------------------------------------


@requires("placements.change")
@require_POST
def followup_done(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One click marks a follow-up done; htmx swaps the item in place (on "Min dag" and on the
    placement's page), and without JavaScript the page reloads. On "Min dag" the row then
    asks for a note (the note field gets the focus); without JavaScript the note has a page of
    its own."""
    followup = selectors.followup_get_for_user(
        user=view_helpers.actor(request), public_id=public_id
    )
    form = forms.FollowUpDoneForm(request.POST)
    on_day = request.POST.get("context") == "day"
    error = ""
    if form.is_valid():
        try:
            followup = services.followup_complete(
                actor=view_helpers.actor(request),
                followup=followup,
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as failure:
            error = " ".join(failure.messages)
    if view_helpers.is_partial(request):
        context = {"followup": followup, "error": error, "today": timezone.localdate()}
        if on_day:  # the row names the candidate; on the placement's page nobody is named
            _log_candidates(request, [followup.placement.candidate], "view")
            context |= {
                "note_form": forms.FollowUpNoteForm(),
                "just_done": not error,
                "back": _back(request),
            }
            return render(request, "placements/includes/followup_row.html", context)
        return render(request, "placements/includes/followup_item.html", context)
    back = _back(request)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Opfølgningen er markeret som udført."))
        if on_day:
            note_url = _url(request, "followup_note", public_id=followup.public_id)
            return redirect(f"{note_url}?{urlencode({'next': back})}" if back else note_url)
    return redirect(back or _placement_url(request, followup.placement))


def _back(request: HttpRequest) -> str:
    """The page to go back to (`next` of the form or the address), if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@requires("placements.change")
@require_http_methods(["GET", "POST"])
def followup_note(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A note on a follow-up that was just ticked off: in the row on "Min dag" (htmx), or on
    this page without JavaScript."""
    actor = view_helpers.actor(request)
    followup = selectors.followup_get_for_user(user=actor, public_id=public_id)
    form = forms.FollowUpNoteForm(view_helpers.posted(request))
    partial = view_helpers.is_partial(request)
    if request.method == "POST" and form.is_valid():
        try:
            followup = services.followup_note_add(
                actor=actor, followup=followup, notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            if partial:
                _log_candidates(request, [followup.placement.candidate], "view")
                return render(
                    request,
                    "placements/includes/followup_row.html",
                    {"followup": followup, "noted": True, "today": timezone.localdate()},
                )
            messages.success(request, _("Noten er gemt."))
            return redirect(_back(request) or _placement_url(request, followup.placement))
    _log_candidates(request, [followup.placement.candidate], "view")  # the row or page names them
    if partial:
        return render(
            request,
            "placements/includes/followup_row.html",
            {"followup": followup, "note_form": form, "just_done": True, "back": _back(request)},
        )
    return render(
        request,
        "placements/followup_note.html",
        {"followup": followup, "form": form, "back": _back(request)},
    )


@requires("placements.change")
@require_http_methods(["GET", "POST"])
def followup_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Move a follow-up to another day or another owner, or cancel it."""
    actor = view_helpers.actor(request)
    followup = selectors.followup_get_for_user(user=actor, public_id=public_id)
    form = forms.FollowUpForm(
        view_helpers.posted(request),
        consultants=company_selectors.consultants(),
        initial={
            "label": followup.label,
            "due_on": followup.due_on,
            "owner": followup.owner.public_id,
            "channel": followup.channel,
        },
    )
    if request.method == "POST" and request.POST.get("cancel"):
        try:
            services.followup_cancel(actor=actor, followup=followup)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Opfølgningen er aflyst."))
        return redirect(_placement_url(request, followup.placement))
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_reschedule(
                actor=actor,
                followup=followup,
                due_on=form.cleaned_data["due_on"],
                owner=form.cleaned_data["owner"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Opfølgningen er flyttet."))
            return redirect(_placement_url(request, followup.placement))
    form.fields["label"].disabled = True
    form.fields["channel"].disabled = True
    _log_candidates(request, [followup.placement.candidate], "view")  # named in the trail
    return render(
        request,
        "placements/followup_form.html",
        {"form": form, "followup": followup, "placement": followup.placement},
    )


@requires("placements.change")
@require_http_methods(["GET", "POST"])
def followup_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = view_helpers.actor(request)
    placement = selectors.placement_get_for_user(user=actor, public_id=public_id)
    form = forms.FollowUpForm(
        view_helpers.posted(request),
        consultants=company_selectors.consultants(),
        initial={"owner": placement.consultant.public_id, "due_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_add(actor=actor, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Opfølgningen er tilføjet."))
            return redirect(_placement_url(request, placement))
    _log_candidates(request, [placement.candidate], "view")  # named in the trail
    return render(request, "placements/followup_form.html", {"form": form, "placement": placement})


@requires("placements.view")
@require_http_methods(["GET"])
def my_followups(request: HttpRequest) -> HttpResponse:
    """The person's open follow-ups, oldest first: all of them, or (`?frist=nu`, where Min
    dag's "Se alle" leads) the ones due today and overdue, the ones Min dag counts."""
    actor = view_helpers.actor(request)
    today = timezone.localdate()
    now_only = request.GET.get("frist") == "nu"
    followups = selectors.followups_for(
        user=actor, status="due", due_before=today if now_only else None
    )
    page, page_range = view_helpers.paginate(request, followups)
    _log_candidates(request, [f.placement.candidate for f in page.object_list], "list")
    return render(
        request,
        "placements/my_followups.html",
        {
            "page": page,
            "page_range": page_range,
            "days": selectors.by_day(list(page.object_list)),
            "today": today,
            "now_only": now_only,
        },
    )


# --- The manager's view --------------------------------------------------------------------


@requires("placements.view")
@require_http_methods(["GET"])
def overdue(request: HttpRequest) -> HttpResponse:
    """Who is behind with the follow-up that was promised, and on what."""
    behind = selectors.overdue_by_consultant()
    owner: User | None = None
    items: list[FollowUp] = []
    if request.GET.get("konsulent"):
        owner = next(
            (b.owner for b in behind if str(b.owner.public_id) == request.GET["konsulent"]), None
        )
        if owner is None:
            raise Http404
        items = list(selectors.overdue_of(owner=owner)[:200])
        _log_candidates(request, [f.placement.candidate for f in items], "list")
    return render(
        request,
        "placements/overdue.html",
        {
            "behind": behind,
            "owner": owner,
            "items": items,
            "days": selectors.by_day(items),
            "today": timezone.localdate(),
        },
    )


# --- The catalogue of placement types (Indstillinger) ----------------------------------------


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def types(request: HttpRequest) -> HttpResponse:
    """The jobcenter's placement types: the Danish defaults, renamed, retired or added to."""
    services.placement_types_ensure_defaults()
    form = forms.PlacementTypeForm(view_helpers.posted(request), instance=PlacementType())
    if request.method == "POST" and form.is_valid():
        try:
            created = services.placement_type_save(
                actor=view_helpers.actor(request),
                placement_type=PlacementType(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("%(name)s er tilføjet.") % {"name": created.name})
            return redirect(_url(request, "type_edit", public_id=created.public_id))
    return render(
        request,
        "placements/types.html",
        {
            "types": selectors.placement_types(),
            "form": form,
        },
    )


def _type(public_id: UUID) -> PlacementType:
    placement_type = PlacementType.objects.filter(public_id=public_id).first()
    if placement_type is None:
        raise Http404
    return placement_type


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def type_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One type: its name and flags, and the follow-ups it promises (its cadence)."""
    placement_type = _type(public_id)
    stored_name = placement_type.name
    actor = view_helpers.actor(request)
    is_step = request.method == "POST" and "step-label" in request.POST
    form = forms.PlacementTypeForm(
        request.POST if request.method == "POST" and not is_step else None,
        instance=placement_type,
    )
    step_form = forms.CadenceStepForm(
        request.POST if is_step else None,
        instance=CadenceStep(placement_type=placement_type),
        prefix="step",
    )
    if request.method == "POST" and request.POST.get("delete_step"):
        step = CadenceStep.objects.filter(
            placement_type=placement_type, pk=_int(request.POST["delete_step"])
        ).first()
        if step is not None:
            services.cadence_step_delete(actor=actor, step=step)
            messages.success(
                request, _("Opfølgningen %(label)s er fjernet fra rytmen.") % {"label": step.label}
            )
        return redirect(_url(request, "type_edit", public_id=public_id))
    if is_step and step_form.is_valid():
        try:
            services.cadence_step_save(
                actor=actor,
                step=CadenceStep(placement_type=placement_type),
                **step_form.cleaned_data,
            )
        except ValidationError as error:
            view_helpers.attach(step_form, error)
        else:
            messages.success(request, _("Opfølgningen er føjet til rytmen."))
            return redirect(_url(request, "type_edit", public_id=public_id))
    elif request.method == "POST" and not is_step and form.is_valid():
        try:
            services.placement_type_save(
                actor=actor, placement_type=placement_type, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("%(name)s er gemt.") % {"name": placement_type.name})
            return redirect(_url(request, "types"))
    return render(
        request,
        "placements/type_edit.html",
        {
            "placement_type": placement_type,
            "name": stored_name,
            "form": form,
            "step_form": step_form,
            "steps": CadenceStep.objects.filter(placement_type=placement_type),
        },
    )


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None
