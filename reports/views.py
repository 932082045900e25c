from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import requires


@requires("reports.packs")
def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/list.html")
