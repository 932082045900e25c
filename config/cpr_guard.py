"""No CPR number in an address (DESIGN.md section 5), for every request.

An address ends up in the browser's history, in proxies' and the web server's access logs, in
the `next` of a sign-in redirect, in a list's pagination and export links, and (as a search's
criterion) in the access log kept for at least six months. So a query string that holds
something shaped like a CPR number (`candidates.cpr.contains_cpr_number`: in any parameter's
name or value, URL-decoded, on its own or among other words) is refused here, before the rest
of Jobbro sees it:

- The middleware comes first. It empties the query string at once, so nothing after it can
  echo the number: no redirect (https, sign-in, second factor, a missing slash) carries it, no
  view searches or logs it.
- The request then goes on as far as the view, so the answer is an ordinary page of Jobbro
  (session, language, the jobcenter's header, security headers), and instead of the view it
  gets 400: a page that offers "Find på CPR-nummer" (the look-up sent by POST), the API's
  JSON error under /api/, or for htmx a reload of the page without the search and a message.
  A signed-out visitor is sent to sign in, without the query string.

P-numbers (a workplace's number in the company register) are ten digits starting with 1, with
no date in them, and many real ones read as a date: 1003388394 reads as 10.03.38-8394. A bare
ten-digit number starting with 1 is therefore let through as the whole value of the parameter
that searches the company register (`P_NUMBER_SEARCHES`), and nowhere else: such a search is
not logged, and a CPR number written with a dash or a space, or among other words, is refused
there too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from candidates.cpr import contains_cpr_number


@dataclass(frozen=True)
class PNumberSearch:
    """The parameter that searches the company register, and (for a page that searches
    candidates first and companies next) the parameter that says it is the company step."""

    parameter: str
    when: str = ""


# URL names of the searches of the company register.
P_NUMBER_SEARCHES: dict[str, PNumberSearch] = {
    "companies:list": PNumberSearch("q"),
    "companies:export": PNumberSearch("q"),
    "api-companies:company-list": PNumberSearch("search"),
    "partnerships:centre_new": PNumberSearch("q"),
    "partnerships:agreement_new": PNumberSearch("q"),
    # "Nyt forløb" finds the candidate first (no P-number there) and then the company.
    "placements:new": PNumberSearch("q", when="kandidat"),
}
P_NUMBER = re.compile(r"\s*1\d{9}\s*")

# How many times a value is URL-decoded again: "%252D" is a dash sent encoded twice.
DECODE_ROUNDS = 3

REFUSED_ATTRIBUTE = "jobbro_cpr_in_query"


def _decoded(text: str) -> list[str]:
    """The text as parsed, and as decoded again while that changes it."""
    versions = [text]
    for _round in range(DECODE_ROUNDS):
        again = unquote(versions[-1])
        if again == versions[-1]:
            break
        versions.append(again)
    return versions


def _p_number_parameter(request: HttpRequest, pairs: list[tuple[str, str]]) -> str | None:
    """The parameter of this address that searches the company register, if it does."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    search = P_NUMBER_SEARCHES.get(match.view_name)
    if search is None:
        return None
    if search.when and not any(name == search.when and value for name, value in pairs):
        return None
    return search.parameter


def query_has_cpr_number(request: HttpRequest) -> bool:
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return False
    pairs = parse_qsl(raw, keep_blank_values=True)
    p_number_parameter: str | None = None
    p_number_checked = False
    for name, value in pairs:
        if any(contains_cpr_number(text) for text in _decoded(name)):
            return True
        if not any(contains_cpr_number(text) for text in _decoded(value)):
            continue
        if P_NUMBER.fullmatch(value):
            if not p_number_checked:
                p_number_parameter = _p_number_parameter(request, pairs)
                p_number_checked = True
            if name == p_number_parameter:
                continue
        return True
    # A query string parse_qsl cannot split (no "=", odd separators) is looked at whole.
    return not pairs and any(contains_cpr_number(text) for text in _decoded(raw))


def refusal(request: HttpRequest) -> HttpResponse:
    """The answer instead of the view. It never repeats the number: the query string is gone
    before anything renders."""
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": _(
                    "Et CPR-nummer må ikke stå i en adresse. Find en kandidat på CPR-nummer med "
                    "POST candidates/lookup/, hvor nummeret står i indholdet."
                )
            },
            status=400,
        )
    elif getattr(request, "htmx", False):
        # htmx swaps no 400 answer into the page: it reloads the page without the search.
        messages.warning(
            request,
            _(
                "Et CPR-nummer må ikke stå i en adresse, så søgningen blev afvist. Brug »Find "
                "på CPR-nummer« på Kandidater, som sender nummeret skjult."
            ),
        )
        response = HttpResponse(status=400, headers={"HX-Redirect": request.path})
    else:
        membership = getattr(request, "membership", None)
        lookup_url = None
        if membership is not None and membership.can("candidates.view"):
            jobcenter = request.tenant  # type: ignore[attr-defined]
            lookup_url = reverse("candidates:cpr_lookup", kwargs={"jobcenter": jobcenter.slug})
        response = render(request, "cpr_in_address.html", {"lookup_url": lookup_url}, status=400)
    response["Cache-Control"] = "no-store"
    # The page's own address still holds the number: a link or form on it must not send that
    # address on as its Referer (the origin alone keeps the form's CSRF check working).
    response["Referrer-Policy"] = "strict-origin"
    return response


class CprQueryGuardMiddleware:
    """First in MIDDLEWARE: takes a query string with a CPR number out of the request, and
    answers 400 in place of the view (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if query_has_cpr_number(request):
            request.META["QUERY_STRING"] = ""
            request.__dict__.pop("GET", None)  # parsed already? then parse the empty one
            setattr(request, REFUSED_ATTRIBUTE, True)
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if getattr(request, REFUSED_ATTRIBUTE, False):
            return refusal(request)
        return None
