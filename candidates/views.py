"""The candidate pages: the list with search and export, the candidate page with assessments,
consents and the staircase plan, the sensitive part, and the admin's look-up history.

Every page that shows a candidate's personal data writes the access log: one row per person
shown (`_shown`), and one row per search. A CPR number is only ever typed into a POST form and
is never put in a URL, a redirect or a log line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access_log, jobs, view_helpers
from accounts import exports as account_exports
from accounts.decorators import requires
from accounts.models import Membership
from accounts.pagination import SearchPaginator
from candidates import access, exports, forms, selectors, services, tasks
from candidates.models import (
    AssessmentScheme,
    Candidate,
    CandidateOccupation,
    StaircaseStep,
    SubGoalStatus,
    TargetGroup,
)
from companies import selectors as company_selectors
from placements import selectors as placement_selectors


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"candidates:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _candidate_url(request: HttpRequest, candidate: Candidate) -> str:
    return _url(request, "detail", public_id=candidate.public_id)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined,no-any-return]


def _get(request: HttpRequest, public_id: UUID) -> Candidate:
    return selectors.candidate_get_for_user(user=view_helpers.actor(request), public_id=public_id)


def _shown(request: HttpRequest, candidate: Candidate, action: str = "view") -> None:
    """One access-log row for a page that shows this candidate's personal data."""
    access_log.record(user=view_helpers.actor(request), action=action, obj=candidate)


def _render_candidate_page(
    request: HttpRequest, template: str, candidate: Candidate, context: dict[str, Any]
) -> HttpResponse:
    _shown(request, candidate)
    return render(request, template, {"candidate": candidate, **context})


# --- The list ------------------------------------------------------------------------------

COLUMNS = [
    ("name", gettext_lazy("Navn")),
    ("", gettext_lazy("Målgruppe")),
    ("", gettext_lazy("Seneste vurdering")),
    ("", gettext_lazy("Ansvarlig")),
    ("hours", gettext_lazy("Timer pr. uge")),
    ("", gettext_lazy("Status")),
]


def _filtered(request: HttpRequest) -> tuple[forms.CandidateFilterForm, QuerySet[Candidate]]:
    return exports.filtered(actor=view_helpers.actor(request), query=request.GET)


def _list_context(
    request: HttpRequest,
    filter_form: forms.CandidateFilterForm,
    candidates: QuerySet[Candidate],
    cpr_form: forms.CprLookupForm,
) -> dict[str, Any]:
    filters = filter_form.filters()
    page, page_range = view_helpers.paginate(
        request, candidates, paginator=SearchPaginator if filters.search else Paginator
    )
    actor = view_helpers.actor(request)
    access_log.record_many(user=actor, action="list", objs=page.object_list)
    if filters.is_search:
        access_log.record(user=actor, action="search", criterion=filters.criterion())
    chosen = {k for k, v in filters.__dict__.items() if v not in ("", None)} - {"ordering"}
    return {
        "filter_form": filter_form,
        "cpr_form": cpr_form,
        "filtered": bool(chosen),
        "filters_open": bool(chosen - {"search", "consultant"}),
        "mine": filter_form.mine,
        "page": page,
        "page_range": page_range,
        "columns": view_helpers.sort_columns(COLUMNS, filters.ordering),
        "list_url": _url(request, "list"),
        "export_query": request.GET.urlencode(),
        "partial": view_helpers.is_partial(request),
    }


@requires("candidates.view")
@require_http_methods(["GET"])
def candidate_list(request: HttpRequest) -> HttpResponse:
    filter_form, candidates = _filtered(request)
    context = _list_context(request, filter_form, candidates, forms.CprLookupForm())
    template = "candidates/list.html#results" if context["partial"] else "candidates/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("candidates.view")
@require_POST
@never_cache
def cpr_lookup(request: HttpRequest) -> HttpResponse:
    """Find a candidate by an exact CPR number typed into a POST form: the number never
    reaches a URL or a log line. The search is logged as "CPR-opslag", not the number."""
    cpr_form = forms.CprLookupForm(request.POST)
    actor = view_helpers.actor(request)
    if cpr_form.is_valid():
        access_log.record(user=actor, action="search", criterion="CPR-opslag")
        found = selectors.candidate_by_cpr(cpr_form.cleaned_data["cpr"])
        if found is not None:
            return redirect(_candidate_url(request, found))
        cpr_form.add_error("cpr", _("Ingen kandidat i jobcentret har det CPR-nummer."))
    # The number typed is not written back into the page.
    cpr_form.data = cpr_form.data.copy()
    cpr_form.data["cpr"] = ""
    filter_form, candidates = _filtered(request)
    context = _list_context(request, filter_form, candidates, cpr_form)
    return render(request, "candidates/list.html", context, status=200)


@requires("candidates.view")
@require_http_methods(["GET"])
def candidate_export(request: HttpRequest) -> HttpResponse:
    return account_exports.export_response(request, exports.CandidateExport)


# --- One candidate -------------------------------------------------------------------------


@requires("candidates.view")
@require_http_methods(["GET"])
def candidate_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    occupations = list(selectors.candidate_occupations(candidate=candidate))
    context = {
        "wished": [o for o in occupations if o.kind == CandidateOccupation.Kind.WISHED],
        "held": [o for o in occupations if o.kind == CandidateOccupation.Kind.HELD],
        "assessments": selectors.candidate_assessments(candidate=candidate),
        "consents": selectors.candidate_consents(candidate=candidate),
        "plan": selectors.staircase_plan(candidate=candidate),
        "works_with": access.works_with(_membership(request), candidate),
        "today": timezone.localdate(),
    }
    if _membership(request).can("placements.view"):
        # Who is busy where, before an overlap error says so.
        context["placements"] = placement_selectors.placement_overview(candidate=candidate)
        context["placement_can_add"] = candidate.status == "active"
    return _render_candidate_page(request, "candidates/detail.html", candidate, context)


def _candidate_form(request: HttpRequest, candidate: Candidate | None) -> forms.CandidateForm:
    return forms.CandidateForm(
        view_helpers.posted(request),
        instance=candidate,
        consultants=company_selectors.consultants(),
        teams=selectors.teams(),
        target_groups=selectors.target_groups(),
        # Anyone may register a new candidate with themselves (or anyone) as consultant.
        may_reassign=candidate is None
        or services.may_reassign(actor=view_helpers.actor(request), candidate=candidate),
    )


def _fields(form: forms.CandidateForm) -> dict[str, Any]:
    return {
        name: form.cleaned_data[name]
        for name in form.Meta.fields
        if name != "cpr" and name in form.fields
    }


def _duplicate_shown(request: HttpRequest, error: services.DuplicateCpr) -> Candidate:
    """The form names the candidate who holds the CPR number already: a read of that person."""
    _shown(request, error.existing)
    return error.existing


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest) -> HttpResponse:
    services.target_groups_ensure_defaults()
    form = _candidate_form(request, None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(
                actor=view_helpers.actor(request), cpr=form.cleaned_data["cpr"], **_fields(form)
            )
        except services.DuplicateCpr as error:
            view_helpers.attach(form, error)
            duplicate = _duplicate_shown(request, error)
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("%(name)s er oprettet.") % {"name": candidate.full_name})
            return redirect(_candidate_url(request, candidate))
    if form.is_bound:
        form.data = form.data.copy()
        form.data["cpr"] = ""  # a typed CPR number is never written back into the page
    return render(request, "candidates/candidate_form.html", {"form": form, "duplicate": duplicate})


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def candidate_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    form = _candidate_form(request, candidate)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(
                actor=view_helpers.actor(request),
                candidate=candidate,
                cpr=form.cleaned_data["cpr"] or None,
                **_fields(form),
            )
        except services.DuplicateCpr as error:
            view_helpers.attach(form, error)
            duplicate = _duplicate_shown(request, error)
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("%(name)s er opdateret.") % {"name": candidate.full_name})
            return redirect(_candidate_url(request, candidate))
    if form.is_bound:
        form.data = form.data.copy()
        form.data["cpr"] = ""
    stored = _get(request, public_id)  # the heading keeps the stored name
    return _render_candidate_page(
        request, "candidates/candidate_form.html", stored, {"form": form, "duplicate": duplicate}
    )


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def candidate_profile(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    occupations = list(selectors.candidate_occupations(candidate=candidate))
    form = forms.ProfileForm(
        view_helpers.posted(request),
        instance=candidate,
        occupations=selectors.occupations(),
        wished=[o.occupation.code for o in occupations if o.kind == "wished"],
        held=[o.occupation.code for o in occupations if o.kind == "held"],
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        wished, held = list(data.pop("wished")), list(data.pop("held"))
        actor = view_helpers.actor(request)
        try:
            services.candidate_update(actor=actor, candidate=candidate, **data)
            services.candidate_set_occupations(
                actor=actor, candidate=candidate, wished=wished, held=held
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Profilen er gemt."))
            return redirect(_candidate_url(request, candidate))
    return _render_candidate_page(
        request,
        "candidates/child_form.html",
        _get(request, public_id),
        {"form": form, "title": _("Profil til match"), "submit": _("Gem profil")},
    )


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def candidate_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    form = forms.StatusForm(
        view_helpers.posted(request),
        initial={"status": candidate.status, "closed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.candidate_set_status(
                actor=view_helpers.actor(request),
                candidate=candidate,
                status=data["status"],
                closed_on=data["closed_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "closed_reason" in error.error_dict:
                error = ValidationError({"reason": error.error_dict["closed_reason"]})
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("%(name)s har nu status »%(status)s«.")
                % {"name": candidate.full_name, "status": candidate.get_status_display()},
            )
            return redirect(_candidate_url(request, candidate))
    return _render_candidate_page(
        request,
        "candidates/child_form.html",
        _get(request, public_id),
        {
            "form": form,
            "title": _("Skift status"),
            "submit": _("Gem status"),
            "intro": _(
                "En afsluttet kandidat anonymiseres automatisk, når jobcentrets "
                "opbevaringsfrist er gået."
            ),
        },
    )


@requires("candidates.view")
@require_http_methods(["GET", "POST"])
@never_cache
def cpr_reveal(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Show the full CPR number: an explicit action with a purpose, logged. Only for people
    who work with the candidate."""
    candidate = _get(request, public_id)
    if not candidate.has_cpr:
        raise Http404
    if not access.works_with(_membership(request), candidate):
        raise PermissionDenied
    form = forms.RevealForm(view_helpers.posted(request))
    revealed = ""
    if request.method == "POST" and form.is_valid():
        revealed = services.candidate_reveal_cpr(
            actor=view_helpers.actor(request),
            membership=_membership(request),
            candidate=candidate,
            purpose=form.cleaned_data["purpose"],
        )
    else:
        _shown(request, candidate)
    return render(
        request,
        "candidates/cpr_reveal.html",
        {"candidate": candidate, "form": form, "revealed": revealed},
    )


# --- Assessments and consents --------------------------------------------------------------


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def assessment_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    services.schemes_ensure_defaults()
    form = forms.AssessmentForm(
        view_helpers.posted(request), schemes=selectors.assessment_schemes()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                actor=view_helpers.actor(request), candidate=candidate, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Vurderingen er registreret."))
            return redirect(_candidate_url(request, candidate) + "#vurderinger")
    return _render_candidate_page(
        request,
        "candidates/child_form.html",
        candidate,
        {
            "form": form,
            "title": _("Registrér vurdering"),
            "submit": _("Registrér"),
            "intro": _(
                "En vurdering ændres aldrig bagefter: en ny vurdering bliver en ny, dateret "
                "række, og de gamle kan stadig læses."
            ),
        },
    )


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    form = forms.ConsentForm(
        view_helpers.posted(request),
        companies=company_selectors.company_list().filter(status="active").order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=view_helpers.actor(request), candidate=candidate, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Samtykket er registreret."))
            return redirect(_candidate_url(request, candidate) + "#samtykker")
    return _render_candidate_page(
        request,
        "candidates/child_form.html",
        candidate,
        {"form": form, "title": _("Registrér samtykke"), "submit": _("Registrér")},
    )


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consent = selectors.consent_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    candidate = consent.candidate
    form = forms.WithdrawForm(view_helpers.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=view_helpers.actor(request),
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("Samtykket er trukket tilbage."))
            return redirect(_candidate_url(request, candidate) + "#samtykker")
    return _render_candidate_page(
        request,
        "candidates/consent_withdraw.html",
        candidate,
        {"form": form, "consent": consent},
    )


# --- The sensitive part --------------------------------------------------------------------


@requires("candidates.view")
@require_http_methods(["GET", "POST"])
@never_cache
def sensitive(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Health, barriers and other sensitive notes: 404 for anyone who does not work with the
    candidate. The notes are shown only after the person has said why, and every showing is
    logged with that purpose."""
    candidate = _get(request, public_id)
    membership = _membership(request)
    notes = selectors.sensitive_notes_for(membership=membership, candidate=candidate)
    actor = view_helpers.actor(request)
    purpose_form = forms.SensitivePurposeForm(request.GET if "formaal" in request.GET else None)
    note_form = forms.SensitiveNoteForm(view_helpers.posted(request))
    if request.method == "POST":
        if not membership.can("candidates.change"):
            raise PermissionDenied
        if note_form.is_valid():
            services.sensitive_note_add(
                actor=actor, membership=membership, candidate=candidate, **note_form.cleaned_data
            )
            messages.success(request, _("Notatet er gemt."))
            return redirect(_url(request, "sensitive", public_id=candidate.public_id))
    purpose = purpose_form.cleaned_data["formaal"] if purpose_form.is_valid() else ""
    if purpose:
        access_log.record(user=actor, action="view_sensitive", obj=candidate, purpose=purpose)
    else:
        _shown(request, candidate)
    return render(
        request,
        "candidates/sensitive.html",
        {
            "candidate": candidate,
            "purpose_form": purpose_form,
            "note_form": note_form,
            "purpose": purpose,
            "notes": list(notes) if purpose else [],
            "note_count": notes.count(),
        },
    )


# --- The staircase plan --------------------------------------------------------------------


@requires("candidates.change")
@require_http_methods(["GET", "POST"])
def staircase(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    steps = selectors.staircase_steps()
    services.steps_ensure_defaults()
    actor = view_helpers.actor(request)
    plan = selectors.staircase_plan(candidate=candidate)
    is_move = request.method == "POST" and "move-to_step" in request.POST
    is_goal = request.method == "POST" and "goal-text" in request.POST
    move_form = forms.StaircaseMoveForm(request.POST if is_move else None, steps=steps)
    goal_form = forms.SubGoalForm(request.POST if is_goal else None)
    if is_move and move_form.is_valid():
        try:
            services.staircase_move(
                actor=actor,
                candidate=candidate,
                to_step=move_form.cleaned_data["to_step"],
                moved_on=move_form.cleaned_data["moved_on"],
                note=move_form.cleaned_data["note"],
            )
        except ValidationError as error:
            view_helpers.attach(move_form, error)
        else:
            messages.success(request, _("Trappeplanen er opdateret."))
            return redirect(_url(request, "staircase", public_id=candidate.public_id))
    if is_goal and goal_form.is_valid():
        if plan is None:
            goal_form.add_error(None, _("Sæt først kandidaten på et trin."))
        else:
            services.sub_goal_add(actor=actor, plan=plan, **goal_form.cleaned_data)
            messages.success(request, _("Delmålet er tilføjet."))
            return redirect(_url(request, "staircase", public_id=candidate.public_id))
    return _render_candidate_page(
        request,
        "candidates/staircase.html",
        candidate,
        {
            "plan": plan,
            "steps": steps,
            "move_form": move_form,
            "goal_form": goal_form,
            "statuses": SubGoalStatus.choices,
        },
    )


@requires("candidates.change")
@require_POST
def sub_goal_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    goal = selectors.sub_goal_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    try:
        services.sub_goal_set_status(
            actor=view_helpers.actor(request), goal=goal, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Delmålet er opdateret."))
    return redirect(_url(request, "staircase", public_id=goal.plan.candidate.public_id))


# --- The citizen's look-up history (jobcenter admin) ---------------------------------------


@requires("accesslog.export")
@require_http_methods(["GET"])
@never_cache
def lookup_history(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = _get(request, public_id)
    actor = view_helpers.actor(request)
    as_csv = request.GET.get("format") == "csv"
    access_log.record(
        user=actor,
        action="lookup_history_export" if as_csv else "lookup_history_view",
        obj=candidate,
    )
    rows = selectors.lookup_history_rows(candidate=candidate)
    if as_csv:
        response = view_helpers.spreadsheet_response(
            header=[_("Dato"), _("Klokkeslæt"), _("Hvad"), _("Formål"), _("Gennem")],
            rows=(
                [
                    row["at"].strftime("%d.%m.%Y"),
                    row["at"].strftime("%H:%M"),
                    row["action"],
                    row["purpose"],
                    row["through"],
                ]
                for row in rows
            ),
            filename=f"opslagshistorik-{timezone.localdate().isoformat()}",
            sheet=_("Opslag"),
            xlsx=False,
        )
        response["Cache-Control"] = "no-store"
        return response
    page, page_range = view_helpers.paginate(request, rows[::-1], per_page=50)
    # The print below is the same history summed up per day, made by a worker.
    return render(
        request,
        "candidates/lookup_history.html",
        {"candidate": candidate, "page": page, "page_range": page_range, "total": len(rows)},
    )


# --- The jobcenter's catalogues (Indstillinger) ----------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    model: type[Any]
    form: type[Any]
    title: Any
    intro: Any
    ensure: Any


CATALOGUES = {
    "target_groups": Catalogue(
        TargetGroup,
        forms.TargetGroupForm,
        gettext_lazy("Målgrupper"),
        gettext_lazy(
            "Ydelses- og målgrupper, som kandidater kan høre til. En gruppe, der ikke gælder "
            "længere, får en slutdato; kandidater, der hørte til den, beholder den."
        ),
        services.target_groups_ensure_defaults,
    ),
    "schemes": Catalogue(
        AssessmentScheme,
        forms.SchemeForm,
        gettext_lazy("Vurderingsskemaer"),
        gettext_lazy(
            "Skemaer til at vurdere, hvor tæt en kandidat er på arbejde, fx jobparat / "
            "aktivitetsparat. Et skema, der er afløst, får en slutdato; gamle vurderinger "
            "kan stadig læses."
        ),
        services.schemes_ensure_defaults,
    ),
    "steps": Catalogue(
        StaircaseStep,
        forms.StepForm,
        gettext_lazy("Trin i trappemodellen"),
        gettext_lazy(
            "Jobcentrets egne trin på vejen mod arbejde. Trinene her er et forslag: omdøb "
            "dem, tilføj jeres egne, eller tag dem ud af brug, så de passer til den måde, I "
            "arbejder på."
        ),
        services.steps_ensure_defaults,
    ),
}


def _catalogue_form(catalogue: Catalogue, request: HttpRequest, entry: Any) -> Any:
    return catalogue.form(view_helpers.posted(request), instance=entry)


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest, kind: str) -> HttpResponse:
    spec = CATALOGUES[kind]
    spec.ensure()
    form = _catalogue_form(spec, request, spec.model())
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_entry_save(
                actor=view_helpers.actor(request), entry=spec.model(), **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request, _("%(name)s er tilføjet.") % {"name": form.cleaned_data["name"]}
            )
            return redirect(_url(request, kind))
    return render(
        request,
        "candidates/catalogue.html",
        {"spec": spec, "kind": kind, "entries": spec.model.objects.all(), "form": form},
    )


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def catalogue_edit(request: HttpRequest, kind: str, public_id: UUID) -> HttpResponse:
    spec = CATALOGUES[kind]
    entry = spec.model.objects.filter(public_id=public_id).first()
    if entry is None:
        raise Http404
    stored_name = entry.name
    form = _catalogue_form(spec, request, entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_entry_save(
                actor=view_helpers.actor(request), entry=entry, **form.cleaned_data
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(request, _("%(name)s er gemt.") % {"name": entry.name})
            return redirect(_url(request, kind))
    return render(
        request,
        "candidates/catalogue_edit.html",
        {"spec": spec, "kind": kind, "entry": entry, "name": stored_name, "form": form},
    )


@requires("accesslog.export")
@require_POST
def lookup_history_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The look-up history as a PDF: made by a worker, the job page shows its progress."""
    candidate = _get(request, public_id)
    actor = view_helpers.actor(request)
    access_log.record(user=actor, action="lookup_history_print", obj=candidate)
    job = jobs.job_start(
        kind=tasks.LOOKUP_HISTORY_JOB,
        task=tasks.lookup_history_pdf,
        actor=actor,
        params={"candidate": candidate.pk},
        # Never the name: the job's page shows its title, and the row outlives the page.
        title=_("Opslagshistorik"),
    )
    return redirect(view_helpers.job_url(request, job))


@requires("candidates.subject_access")
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Everything Jobbro holds about the candidate, as JSON and PDF (a request for access)."""
    candidate = _get(request, public_id)
    actor = view_helpers.actor(request)
    if request.method == "POST":
        access_log.record(user=actor, action="subject_access", obj=candidate)
        job = jobs.job_start(
            kind=tasks.SUBJECT_ACCESS_JOB,
            task=tasks.subject_access_export,
            actor=actor,
            params={"candidate": candidate.pk},
            title=_("Indsigt"),
        )
        return redirect(view_helpers.job_url(request, job))
    return _render_candidate_page(request, "candidates/subject_access.html", candidate, {})
