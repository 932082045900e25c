"""The candidate list's filters read from its query string (the same for the page and its
export, in a request or in a worker), and its export (accounts.exports): no CPR number and
nothing from the sensitive part, only ordinary fields."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from accounts import access_log, exports
from accounts.models import User
from candidates import forms, selectors
from candidates.models import Candidate
from companies import selectors as company_selectors


def filter_form(*, actor: User, query: QueryDict) -> forms.CandidateFilterForm:
    return forms.CandidateFilterForm(
        query,
        actor=actor,
        consultants=list(company_selectors.consultants()),
        teams=list(selectors.teams()),
        target_groups=list(selectors.target_groups()),
        assessment_values=selectors.assessment_values(),
        occupations=list(selectors.occupations()),
    )


def filtered(
    *, actor: User, query: QueryDict
) -> tuple[forms.CandidateFilterForm, QuerySet[Candidate]]:
    form = filter_form(actor=actor, query=query)
    filters = form.filters()
    candidates = selectors.candidate_list(filters)
    if filters.search and query.get("sort") in selectors.ORDERINGS:
        # A search is sorted by relevance unless the user clicked a column.
        candidates = candidates.order_by(*selectors.ORDERINGS[filters.ordering])
    return form, candidates


class CandidateExport(exports.ListExport):
    kind = "candidates"
    capability = "candidates.view"
    title = gettext_lazy("Eksport af kandidater")
    filename = "kandidater"
    sheet = gettext_lazy("Kandidater")
    header = [
        gettext_lazy("Fornavn"),
        gettext_lazy("Efternavn"),
        gettext_lazy("Sagsnummer"),
        gettext_lazy("E-mail"),
        gettext_lazy("Telefon"),
        gettext_lazy("Postnummer"),
        gettext_lazy("By"),
        gettext_lazy("Status"),
        gettext_lazy("Målgruppe"),
        gettext_lazy("Seneste vurdering"),
        gettext_lazy("Ansvarlig konsulent"),
        gettext_lazy("Team"),
        gettext_lazy("Timer pr. uge"),
        gettext_lazy("Kan rejse (km)"),
        gettext_lazy("Oprettet"),
    ]

    @cached_property
    def _filtered(self) -> tuple[forms.CandidateFilterForm, QuerySet[Candidate]]:
        return filtered(actor=self.actor, query=self.query)

    def objects(self) -> QuerySet[Candidate]:
        return self._filtered[1]

    def searched(self) -> None:
        filters = self._filtered[0].filters()
        if filters.is_search:
            access_log.record(user=self.actor, action="search", criterion=filters.criterion())

    def row(self, candidate: Candidate) -> list[Any]:
        assessment = candidate.latest_assessment
        consultant = candidate.consultant
        return [
            candidate.first_name,
            candidate.last_name,
            candidate.case_reference,
            candidate.email,
            candidate.phone,
            candidate.postcode,
            candidate.city,
            candidate.get_status_display(),
            candidate.target_group.name if candidate.target_group else "",
            assessment.value if assessment else "",
            (consultant.name or consultant.email) if consultant else "",
            candidate.team.name if candidate.team else "",
            candidate.hours_per_week,
            candidate.max_travel_km,
            timezone.localtime(candidate.created_at).strftime("%d.%m.%Y"),
        ]

    def shows(self, candidate: Candidate) -> Candidate:
        return candidate
