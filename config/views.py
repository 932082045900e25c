from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts import selectors
from companies import selectors as company_selectors


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what Jobbro is. Signed in: straight into the one jobcenter, or a choice."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    memberships = selectors.memberships_of(user=request.user)
    if len(memberships) == 1:
        return redirect("dashboard", jobcenter=memberships[0].tenant.slug)
    return render(request, "pick_jobcenter.html", {"memberships": memberships})


def dashboard(request: HttpRequest) -> HttpResponse:
    """The jobcenter's front page for every member; it shows what their role may open, and a
    consultant's open next steps (their tasks from the contact log)."""
    context: dict[str, object] = {}
    membership = getattr(request, "membership", None)
    if membership is not None and membership.can("companies.view"):
        context = {
            "next_steps": list(company_selectors.next_steps_for(user=request.user)),
            "today": timezone.localdate(),
        }
    return render(request, "dashboard.html", context)
