from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import requires


@requires("placements.view")
def placement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "placements/list.html")
