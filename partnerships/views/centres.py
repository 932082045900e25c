"""The virksomhedscenter pages: the list with occupancy and export, a contract with its seats,
its occupancy over time (a chart and its table) and its waiting list, the contract form, and
filling a seat from the waiting list through services.seat_assign (which cannot overbook).

Pages that show candidates write the access log: one row per person shown."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import access_log, view_helpers
from accounts.decorators import requires
from candidates import selectors as candidate_selectors
from candidates.models import Candidate, TargetGroup
from companies import selectors as company_selectors
from companies.models import Company, CompanyStatus, ContactPerson, Workplace
from partnerships import services, services_centres
from partnerships.forms.centres import CentreFilterForm, CentreForm, SeatAssignForm, WaitingAddForm
from partnerships.models import Agreement, CentreContract, CentreMentor, WaitingStatus
from partnerships.selectors import centres as selectors
from placements import selectors as placement_selectors
from placements import services as placement_services


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    slug = view_helpers.tenant(request).slug
    return reverse(f"partnerships:{name}", kwargs={"jobcenter": slug, **kwargs})


def _centre_url(request: HttpRequest, contract: CentreContract) -> str:
    return _url(request, "centre_detail", public_id=contract.public_id)


def _log_candidates(request: HttpRequest, candidates: list[Candidate], action: str) -> None:
    unique = list({c.pk: c for c in candidates}.values())
    access_log.record_many(user=view_helpers.actor(request), action=action, objs=unique)


# --- The list ------------------------------------------------------------------------------

COLUMNS = [
    ("name", gettext_lazy("Virksomhedscenter")),
    ("", gettext_lazy("Virksomhed")),
    ("seats", gettext_lazy("Pladser")),
    ("occupancy", gettext_lazy("Belægning")),
    ("", gettext_lazy("Venteliste")),
    ("end", gettext_lazy("Gælder til")),
]


def _filtered(request: HttpRequest) -> tuple[CentreFilterForm, Any, dict[int, list[Decimal]]]:
    form = CentreFilterForm(
        request.GET,
        actor=view_helpers.actor(request),
        consultants=list(company_selectors.consultants()),
    )
    filters = form.filters()
    under = selectors.underused()
    return form, selectors.centre_list(filters, underused_ids=set(under)), under


@requires("partnerships.view")
@require_http_methods(["GET"])
def centre_list(request: HttpRequest) -> HttpResponse:
    form, centres, under = _filtered(request)
    page, page_range = view_helpers.paginate(request, centres)
    for contract in page.object_list:
        contract.underused_weeks = under.get(contract.pk)
    chosen = {k for k, v in form.cleaned_data.items() if v not in ("", None)} - {"sort"}
    partial = view_helpers.is_partial(request)
    context = {
        "filter_form": form,
        "filtered": bool(chosen),
        "page": page,
        "page_range": page_range,
        "columns": view_helpers.sort_columns(COLUMNS, form.filters().ordering),
        "list_url": _url(request, "centre_list"),
        "export_query": request.GET.urlencode(),
        "partial": partial,
        "alerts": selectors.unread_alerts(user=view_helpers.actor(request)),
        "today": timezone.localdate(),
    }
    template = (
        "partnerships/centres/list.html#results" if partial else "partnerships/centres/list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


EXPORT_HEADER = [
    gettext_lazy("Virksomhedscenter"),
    gettext_lazy("Virksomhed"),
    gettext_lazy("CVR-nummer"),
    gettext_lazy("Arbejdssted"),
    gettext_lazy("Pladser"),
    gettext_lazy("Besatte pladser"),
    gettext_lazy("Belægning (%)"),
    gettext_lazy("På venteliste"),
    gettext_lazy("Underudnyttet"),
    gettext_lazy("Betaling pr. plads pr. måned (kr.)"),
    gettext_lazy("Mentortimer pr. uge"),
    gettext_lazy("Gælder fra"),
    gettext_lazy("Gælder til og med"),
    gettext_lazy("Fast kontaktperson"),
]


def _day(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


@requires("partnerships.view")
@require_http_methods(["GET"])
def centre_export(request: HttpRequest) -> HttpResponse:
    _form, centres, under = _filtered(request)
    rows = (
        [
            c.name,
            c.company.name,
            c.company.cvr,
            c.workplace.name if c.workplace else "",
            c.seats,
            c.taken,
            round(c.occupancy, 1),
            c.waiting_count,
            _("Ja") if c.pk in under else _("Nej"),
            c.payment_per_seat_month,
            c.mentor_hours_per_week,
            _day(c.starts_on),
            _day(c.ends_on),
            (c.company.key_account.name or c.company.key_account.email)
            if c.company.key_account
            else "",
        ]
        for c in centres
    )
    response = view_helpers.spreadsheet_response(
        header=[str(label) for label in EXPORT_HEADER],
        rows=rows,
        filename=f"virksomhedscentre-{timezone.localdate().isoformat()}",
        sheet=_("Virksomhedscentre"),
        xlsx=request.GET.get("format") == "xlsx",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- One contract --------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A bar chart of the occupancy, drawn as SVG by the template."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    bars: list[dict[str, Any]]
    ticks: list[dict[str, Any]]
    labels: list[dict[str, Any]]
    share_y: float
    share: int


CHART_WIDTH, CHART_HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56


def _bucket_label(bucket: selectors.Bucket, unit: str) -> str:
    if unit == "week":
        return _("uge %(week)s") % {"week": bucket.start.isocalendar()[1]}
    return date_format(bucket.start, "M Y")


def _chart(occupancy: selectors.Occupancy, share: int) -> Chart | None:
    buckets = occupancy.buckets
    if not buckets:
        return None
    plot_w = CHART_WIDTH - LEFT - RIGHT
    plot_h = CHART_HEIGHT - TOP - BOTTOM
    top_value = max(Decimal(100), *(b.occupancy for b in buckets))
    slot = plot_w / len(buckets)
    bars, labels = [], []
    every = max(1, round(len(buckets) / 12))
    for i, bucket in enumerate(buckets):
        h = float(bucket.occupancy / top_value) * plot_h
        bars.append(
            {
                "x": round(LEFT + i * slot + slot * 0.1, 1),
                "y": round(TOP + plot_h - h, 1),
                "width": round(slot * 0.8, 1),
                "height": round(h, 1),
                "under": bucket.occupancy < share,
                "bucket": bucket,
                "label": _bucket_label(bucket, occupancy.unit),
            }
        )
        if i % every == 0:
            labels.append(
                {
                    "x": round(LEFT + i * slot + slot / 2, 1),
                    "y": TOP + plot_h + 18,
                    "text": _bucket_label(bucket, occupancy.unit),
                }
            )
    ticks = [
        {"value": value, "y": round(TOP + plot_h - float(value / top_value) * plot_h, 1)}
        for value in (Decimal(0), Decimal(25), Decimal(50), Decimal(75), Decimal(100))
    ]
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        left=LEFT,
        top=TOP,
        plot_width=plot_w,
        plot_height=plot_h,
        bars=bars,
        ticks=ticks,
        labels=labels,
        share_y=round(TOP + plot_h - float(Decimal(share) / top_value) * plot_h, 1),
        share=share,
    )


@requires("partnerships.view")
@require_http_methods(["GET"])
def centre_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = view_helpers.actor(request)
    contract = selectors.centre_get_for_user(user=actor, public_id=public_id)
    today = timezone.localdate()
    seats = selectors.centre_seats(contract=contract, today=today)
    waiting = selectors.centre_waiting_list(contract=contract)
    occupancy = selectors.centre_occupancy(contract=contract, today=today)
    under = selectors.underused(today=today, contract=contract).get(contract.pk)
    _log_candidates(request, [p.candidate for p in seats] + [w.candidate for w in waiting], "list")
    services_centres.centre_alerts_mark_read(user=actor, contract=contract)
    return render(
        request,
        "partnerships/centres/detail.html",
        {
            "contract": contract,
            "seats": seats,
            "free": max(contract.seats - contract.taken, 0),
            "waiting": waiting,
            "occupancy": occupancy,
            "chart": _chart(occupancy, contract.underuse_share),
            "underused_weeks": under,
            "target_groups": selectors.centre_target_groups(contract=contract),
            "mentors": selectors.centre_mentors(contract=contract),
            "today": today,
        },
    )


# --- The contract form ---------------------------------------------------------------------


def _form(request: HttpRequest, contract: CentreContract, company: Company) -> CentreForm:
    contacts = list(ContactPerson.objects.filter(company=company, is_active=True).order_by("name"))
    mentor_hours: dict[int, Decimal] = {}
    chosen: list[TargetGroup] = []
    if contract.pk:
        for mentor in CentreMentor.objects.filter(contract=contract).select_related("contact"):
            mentor_hours[mentor.contact_id] = mentor.hours_per_week
            if mentor.contact not in contacts:
                contacts.append(mentor.contact)
        chosen = selectors.centre_target_groups(contract=contract)
    return CentreForm(
        view_helpers.posted(request),
        instance=contract,
        workplaces=Workplace.objects.filter(company=company).order_by("name"),
        agreements=Agreement.objects.filter(company=company).order_by("-starts_on"),
        target_groups=TargetGroup.objects.order_by("sort_order", "name"),
        contacts=contacts,
        mentor_hours=mentor_hours,
        chosen_groups=chosen,
    )


def _save(request: HttpRequest, form: CentreForm, contract: CentreContract) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services_centres.centre_contract_save(
            actor=view_helpers.actor(request),
            contract=contract,
            target_groups=list(data["target_groups"]),
            mentors=form.mentors(),
            underuse_share=data["underuse_share"],
            underuse_weeks=data["underuse_weeks"],
            **form.contract_fields(),
        )
    except ValidationError as error:
        view_helpers.attach(form, error)
        return False
    return True


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def centre_new(request: HttpRequest) -> HttpResponse:
    """Find the company (a GET search), then fill in the contract."""
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
            request, "partnerships/centres/choose_company.html", {"query": query, "found": found}
        )
    contract = CentreContract(company=company, starts_on=timezone.localdate())
    form = _form(request, contract, company)
    if request.method == "POST" and _save(request, form, contract):
        messages.success(request, _("Virksomhedscentret er oprettet."))
        return redirect(_centre_url(request, contract))
    return render(
        request,
        "partnerships/centres/form.html",
        {"form": form, "company": company, "contract": None},
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def centre_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = view_helpers.actor(request)
    contract = selectors.centre_get_for_user(user=actor, public_id=public_id)
    stored_name = contract.name
    form = _form(request, contract, contract.company)
    if request.method == "POST" and _save(request, form, contract):
        messages.success(request, _("%(name)s er gemt.") % {"name": contract.name})
        return redirect(_centre_url(request, contract))
    return render(
        request,
        "partnerships/centres/form.html",
        {"form": form, "company": contract.company, "contract": contract, "name": stored_name},
    )


# --- The waiting list and the seats ---------------------------------------------------------


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def centre_waiting_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Find a candidate by name (a GET search), and put them at the end of the list."""
    actor = view_helpers.actor(request)
    contract = selectors.centre_get_for_user(user=actor, public_id=public_id)
    form = WaitingAddForm(view_helpers.posted(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        candidate = (
            candidate_selectors.candidate_list()
            .filter(public_id=form.cleaned_data["candidate"])
            .first()
        )
        if candidate is None:
            error = _("Kandidaten findes ikke.")
        else:
            try:
                services.waiting_list_add(
                    actor=actor,
                    contract=contract,
                    candidate=candidate,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as failure:
                error = " ".join(failure.messages)
            else:
                messages.success(
                    request,
                    _("%(name)s står nu på ventelisten.") % {"name": candidate.full_name},
                )
                return redirect(_centre_url(request, contract) + "#venteliste")
    elif request.method == "POST":
        error = _("Vælg en kandidat.")
    query = request.GET.get("q", "").strip()
    found: list[Candidate] = []
    if query:
        filters = candidate_selectors.CandidateFilters(search=query, status="active")
        found = list(candidate_selectors.candidate_list(filters)[:20])
        _log_candidates(request, found, "list")
        access_log.record(user=actor, action="search", criterion=filters.criterion())
    return render(
        request,
        "partnerships/centres/waiting_add.html",
        {"contract": contract, "query": query, "found": found, "error": error, "form": form},
        status=400 if error else 200,
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def centre_waiting_withdraw(request: HttpRequest, public_id: UUID, entry_id: UUID) -> HttpResponse:
    """Take a candidate off the waiting list, after a confirmation."""
    actor = view_helpers.actor(request)
    contract = selectors.centre_get_for_user(user=actor, public_id=public_id)
    entry = selectors.waiting_entry_get_for_user(user=actor, contract=contract, public_id=entry_id)
    if request.method == "POST":
        try:
            services.waiting_list_withdraw(actor=actor, entry=entry)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s er taget af ventelisten.") % {"name": entry.candidate.full_name},
            )
        return redirect(_centre_url(request, contract) + "#venteliste")
    access_log.record(user=actor, action="view", obj=entry.candidate)
    return render(
        request,
        "partnerships/centres/withdraw_confirm.html",
        {"contract": contract, "entry": entry},
    )


@requires("partnerships.change")
@require_http_methods(["GET", "POST"])
def centre_seat_assign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Tildel plads: to the candidate of a waiting-list entry (?venteliste=) or to a candidate
    found by name (?kandidat=). The placement is made by services.seat_assign, which locks the
    contract while it counts the seats: a full centre refuses and nothing is saved."""
    actor = view_helpers.actor(request)
    contract = selectors.centre_get_for_user(user=actor, public_id=public_id)
    entry = candidate = None
    if request.GET.get("venteliste"):
        entry = selectors.waiting_entry_get_for_user(
            user=actor,
            contract=contract,
            public_id=view_helpers.parse_uuid(request.GET["venteliste"]),
        )
        if entry.status != WaitingStatus.WAITING:
            messages.error(request, _("Kandidaten står ikke længere på ventelisten."))
            return redirect(_centre_url(request, contract) + "#venteliste")
        candidate = entry.candidate
    elif request.GET.get("kandidat"):
        candidate = (
            candidate_selectors.candidate_list()
            .filter(public_id=view_helpers.parse_uuid(request.GET["kandidat"]))
            .first()
        )
    if candidate is None:
        query = request.GET.get("q", "").strip()
        found: list[Candidate] = []
        if query:
            filters = candidate_selectors.CandidateFilters(search=query, status="active")
            found = list(candidate_selectors.candidate_list(filters)[:20])
            _log_candidates(request, found, "list")
            access_log.record(user=actor, action="search", criterion=filters.criterion())
        return render(
            request,
            "partnerships/centres/assign_choose.html",
            {"contract": contract, "query": query, "found": found},
        )
    placement_services.placement_types_ensure_defaults()
    form = SeatAssignForm(
        view_helpers.posted(request),
        types=placement_selectors.placement_types(active_only=True),
        consultants=company_selectors.consultants(),
        consultant=candidate.consultant or actor,
        today=timezone.localdate(),
    )
    full = ""
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.seat_assign(
                actor=actor, contract=contract, candidate=candidate, **form.cleaned_data
            )
        except services.CentreFull as error:
            full = " ".join(error.messages)
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("%(name)s har fået en plads i %(centre)s fra %(day)s.")
                % {
                    "name": candidate.full_name,
                    "centre": contract.name,
                    "day": placement.planned_start.strftime("%d.%m.%Y"),
                },
            )
            return redirect(_centre_url(request, contract))
    access_log.record(user=actor, action="view", obj=candidate)
    status = 409 if full else 400 if form.errors else 200
    return render(
        request,
        "partnerships/centres/assign.html",
        {
            "contract": contract,
            "candidate": candidate,
            "entry": entry,
            "form": form,
            "full": full,
            "free": max(contract.seats - contract.taken, 0),
        },
        status=status,
    )


urlpatterns = [
    path("virksomhedscentre/", centre_list, name="centre_list"),
    path("virksomhedscentre/eksport/", centre_export, name="centre_export"),
    path("virksomhedscentre/ny/", centre_new, name="centre_new"),
    path("virksomhedscentre/<uuid:public_id>/", centre_detail, name="centre_detail"),
    path("virksomhedscentre/<uuid:public_id>/rediger/", centre_edit, name="centre_edit"),
    path(
        "virksomhedscentre/<uuid:public_id>/venteliste/",
        centre_waiting_add,
        name="centre_waiting_add",
    ),
    path(
        "virksomhedscentre/<uuid:public_id>/venteliste/<uuid:entry_id>/fjern/",
        centre_waiting_withdraw,
        name="centre_waiting_withdraw",
    ),
    path(
        "virksomhedscentre/<uuid:public_id>/tildel/", centre_seat_assign, name="centre_seat_assign"
    ),
]
