"""Matching and presenting in the browser (issue 6, item 7): the candidates who fit a job
opening, the openings that fit a candidate, each with the five components of the score and the
reason for each, and presenting a candidate to a company with only what the candidate has
consented to share.

Every candidate shown is written to the access log (one row per person)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import access_log, view_helpers
from accounts.decorators import requires
from candidates import selectors as candidate_selectors
from candidates.models import ConsentCategory
from companies import selectors as company_selectors
from companies.models import ActivityType, Company, JobOpening
from placements import matching, presentations


@requires("placements.view")
def opening_matches(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The candidates who fit the job opening best, best first."""
    actor = view_helpers.actor(request)
    opening = company_selectors.job_opening_get_for_user(user=actor, public_id=public_id)
    matches = matching.candidates_for_opening(opening=opening)
    access_log.record_many(
        user=actor,
        action="list",
        objs=list({m.candidate.pk: m.candidate for m in matches}.values()),
    )
    return render(
        request,
        "placements/matches_for_opening.html",
        {
            "opening": opening,
            "company": opening.company,
            "matches": matches,
            "start_on": matching.start_day(opening),
            "weights": matching.WEIGHTS,
        },
    )


@requires("placements.view")
def candidate_matches(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The open job openings that fit the candidate best, best first."""
    actor = view_helpers.actor(request)
    candidate = candidate_selectors.candidate_get_for_user(user=actor, public_id=public_id)
    matches = matching.openings_for_candidate(candidate=candidate)
    access_log.record(user=actor, action="view", obj=candidate)
    return render(
        request,
        "placements/matches_for_candidate.html",
        {"candidate": candidate, "matches": matches},
    )


class PresentationForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Hvad deler du ud over fornavnet?"),
        choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Hvordan"),
        choices=[
            (ActivityType.PHONE, ActivityType.PHONE.label),
            (ActivityType.EMAIL, ActivityType.EMAIL.label),
            (ActivityType.VISIT, ActivityType.VISIT.label),
            (ActivityType.MEETING, ActivityType.MEETING.label),
        ],
        initial=ActivityType.PHONE,
    )
    contacts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Kontaktpersoner"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note til kontaktloggen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, company: Company, shared: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = company_selectors.company_contacts(
            company=company
        ).filter(is_active=True)
        # What the candidate has not agreed to share is marked so; the service refuses it if
        # it is ticked all the same.
        self.fields["categories"].widget.choices = [
            (
                value,
                label if value in shared else _("%(label)s (intet samtykke)") % {"label": label},
            )
            for value, label in ConsentCategory.choices
        ]


def _opening(request: HttpRequest, company: Company) -> JobOpening | None:
    value = request.GET.get("jobaabning") or request.POST.get("jobaabning")
    public_id = view_helpers.parse_uuid(value) if value else None
    if public_id is None:
        return None
    return company_selectors.company_openings(company=company).filter(public_id=public_id).first()


@requires("placements.change")
@require_http_methods(["GET", "POST"])
def present(request: HttpRequest, candidate_id: UUID, company_id: UUID) -> HttpResponse:
    """Present a candidate to a company: a contact-log entry and a record of what was shared."""
    actor = view_helpers.actor(request)
    candidate = candidate_selectors.candidate_get_for_user(user=actor, public_id=candidate_id)
    company = company_selectors.company_get_for_user(user=actor, public_id=company_id)
    opening = _opening(request, company)
    shared = candidate_selectors.shared_categories(candidate=candidate, company=company)
    form = PresentationForm(
        request.POST if request.method == "POST" else None, company=company, shared=shared
    )
    if request.method == "POST" and form.is_valid():
        try:
            presentations.presentation_create(
                actor=actor,
                candidate=candidate,
                company=company,
                categories=form.cleaned_data["categories"],
                job_opening=opening,
                type=form.cleaned_data["type"],
                contacts=form.cleaned_data["contacts"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        else:
            messages.success(
                request,
                _("%(name)s er præsenteret for %(company)s og skrevet i kontaktloggen.")
                % {"name": candidate.first_name, "company": company.name},
            )
            return redirect(
                reverse(
                    "companies:detail",
                    kwargs={
                        "jobcenter": view_helpers.tenant(request).slug,
                        "public_id": company.public_id,
                    },
                )
            )
    access_log.record(user=actor, action="view", obj=candidate)
    return render(
        request,
        "placements/present.html",
        {
            "candidate": candidate,
            "company": company,
            "opening": opening,
            "form": form,
            "shared": [
                ConsentCategory(value).label for value in ConsentCategory.values if value in shared
            ],
            "today": timezone.localdate(),
        },
    )


urlpatterns = [
    path("match/jobaabning/<uuid:public_id>/", opening_matches, name="opening_matches"),
    path("match/kandidat/<uuid:public_id>/", candidate_matches, name="candidate_matches"),
    path(
        "praesenter/<uuid:candidate_id>/<uuid:company_id>/",
        present,
        name="present",
    ),
]
