"""The placement list's filters read from its query string (the same for the page and its
export, in a request or in a worker), and its export (accounts.exports)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from accounts import exports
from accounts.models import User
from candidates.models import Candidate
from companies import selectors as company_selectors
from placements import forms, selectors
from placements.models import Placement


def filtered(
    *, actor: User, query: QueryDict
) -> tuple[forms.PlacementFilterForm, QuerySet[Placement]]:
    filter_form = forms.PlacementFilterForm(
        query,
        actor=actor,
        types=list(selectors.placement_types()),
        consultants=list(company_selectors.consultants()),
    )
    filter_form.is_valid()
    filters = filter_form.filters(
        company_id=filter_form.cleaned_data.get("company"),
        candidate_id=filter_form.cleaned_data.get("candidate"),
    )
    return filter_form, selectors.placement_list(filters)


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


class PlacementExport(exports.ListExport):
    kind = "placements"
    capability = "placements.view"
    title = gettext_lazy("Eksport af forløb")
    filename = "forloeb"
    sheet = gettext_lazy("Forløb")
    header = [
        gettext_lazy("Kandidat"),
        gettext_lazy("Virksomhed"),
        gettext_lazy("CVR-nummer"),
        gettext_lazy("Type"),
        gettext_lazy("Planlagt start"),
        gettext_lazy("Planlagt slut"),
        gettext_lazy("Faktisk start"),
        gettext_lazy("Faktisk slut"),
        gettext_lazy("Timer pr. uge"),
        gettext_lazy("Status"),
        gettext_lazy("Resultat"),
        gettext_lazy("Ansvarlig konsulent"),
    ]

    def objects(self) -> QuerySet[Placement]:
        return filtered(actor=self.actor, query=self.query)[1]

    def row(self, placement: Placement) -> list[Any]:
        p = placement
        return [
            p.candidate.full_name,
            p.company.name,
            p.company.cvr,
            p.placement_type.name,
            _day(p.planned_start),
            _day(p.planned_end),
            _day(p.actual_start),
            _day(p.actual_end),
            p.hours_per_week,
            p.get_status_display(),
            p.get_outcome_display() if p.outcome else "",
            p.consultant.name or p.consultant.email,
        ]

    def shows(self, placement: Placement) -> Candidate:
        return placement.candidate
