from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import selectors


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what Jobbro is. Signed in: straight into the one jobcenter, or a choice."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    memberships = selectors.memberships_of(user=request.user)
    if len(memberships) == 1:
        return redirect("dashboard", jobcenter=memberships[0].tenant.slug)
    return render(request, "pick_jobcenter.html", {"memberships": memberships})


def dashboard(request: HttpRequest) -> HttpResponse:
    """The jobcenter's front page for every member; it shows what their role may open."""
    return render(request, "dashboard.html")
