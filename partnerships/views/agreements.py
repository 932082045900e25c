from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import requires


@requires("partnerships.view")
def agreement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "partnerships/list.html")


# Filled in with the agreement pages (issue 7); partnerships/urls.py includes these.
urlpatterns: list[Any] = []
