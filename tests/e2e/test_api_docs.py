"""The API documentation in the browser: /api/docs/ shows Swagger UI with every operation,
from our own static files only (under our strict CSP, and on a network without internet), and
passes the accessibility and CSP checks every page gets."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Route, expect

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_the_api_docs_list_the_operations_from_our_own_files(visitor) -> None:
    own_host = urlsplit(visitor.base_url).netloc
    outside: list[str] = []

    def only_our_server(route: Route) -> None:
        # A municipal network without internet: anything from elsewhere fails to load.
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    visitor.page.route("**/*", only_our_server)

    page = visitor.visit("/api/docs/")

    expect(page.get_by_role("heading", name="Jobbro API")).to_be_visible()
    candidates = page.locator(".opblock", has_text="/api/v1/{jobcenter}/candidates/{public_id}/")
    expect(candidates.first).to_be_visible()
    assert page.locator(".opblock").count() >= 40
    visitor.check_page("API documentation")
    assert outside == []
