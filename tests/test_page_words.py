"""What every page says, read aloud: every page under /<jobcenter>/ (built from the URL
configuration, with the isolation matrix's objects), opened by a member who may see it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import Personas, sign_in
from tests.test_isolation import OBJECT_URLS, TENANT_PAGES, split_by_capability

# Django's empty choice in a select; a screen reader reads it as "minus minus minus …".
DJANGO_DASHES = "---------"


@pytest.mark.django_db
def test_no_select_on_any_page_offers_django_s_dashes(personas: Personas) -> None:
    pages = 0
    offenders = []
    objects: dict[object, dict[str, object]] = {}  # one set of objects per kind, made once
    for route in TENANT_PAGES:
        case = OBJECT_URLS.get(route.name)
        if case and case.method != "get":
            continue
        mine: dict[str, object] = {}
        if case and case.ids:
            if case.ids not in objects:
                objects[case.ids] = case.ids(personas)[0]
            mine = objects[case.ids]
        _without, allowed = split_by_capability(personas, route.capability)
        response = sign_in(Client(), allowed).get(route.path("roskilde", mine))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        for select in re.findall(r"<select[^>]*>.*?</select>", response.content.decode(), re.S):
            if DJANGO_DASHES in select:
                name = re.search(r'name="([^"]*)"', select)
                offenders.append(f"{route.name}: {name.group(1) if name else select[:80]}")
    assert pages > 80, pages
    assert not offenders, "Selects whose empty choice says nothing:\n" + "\n".join(offenders)
