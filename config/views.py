from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts import access_log, selectors
from companies import selectors as company_selectors
from placements import selectors as placement_selectors


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what Jobbro is. Signed in: straight into the one jobcenter, or a choice."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    memberships = selectors.memberships_of(user=request.user)
    if len(memberships) == 1:
        return redirect("dashboard", jobcenter=memberships[0].tenant.slug)
    return render(request, "pick_jobcenter.html", {"memberships": memberships})


def dashboard(request: HttpRequest) -> HttpResponse:
    """The jobcenter's front page for every member: what their role may open and, for staff
    who work with companies and placements, "Min dag": follow-ups due today and overdue, next
    steps from the contact log, job openings waiting for them, placements starting or ending
    this week."""
    context: dict[str, object] = {"today": timezone.localdate()}
    membership = getattr(request, "membership", None)
    if membership is not None and membership.can("companies.view"):
        context["next_steps"] = list(company_selectors.next_steps_for(user=request.user))
        context["openings"] = list(company_selectors.openings_waiting_for(user=request.user))
    if membership is not None and membership.can("placements.view"):
        day = placement_selectors.my_day(user=request.user)
        context["day"] = day
        shown = [f.placement.candidate for f in day.followups_due] + [
            p.candidate for p in day.placements_starting + day.placements_ending
        ]
        unique = list({candidate.pk: candidate for candidate in shown}.values())
        access_log.record_many(user=request.user, action="list", objs=unique)
    return render(request, "dashboard.html", context)
