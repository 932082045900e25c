from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import requires


@requires("companies.view")
def company_list(request: HttpRequest) -> HttpResponse:
    return render(request, "companies/list.html")
