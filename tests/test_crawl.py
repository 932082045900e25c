"""Every persona walks the demo jobcenter: from the front page it opens every page it is linked
to (same origin, GET only, inside the jobcenter; platform staff inside /admin/) and no page
may answer with a server error. The demo data holds the awkward cases real users meet (a job
opening nobody owns, a closed candidate, an agreement with third parties …), so a template
that trips over one of them fails here."""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import Jobcenter, Membership, Role, User
from accounts.tenancy import tenant_scope
from companies.models import Company, ContactPerson
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

SLUG = "roskilde"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# How many pages of one kind (one URL name) a persona opens. The persona who sees everything
# opens every record's own page (every company, candidate, placement, agreement …: a template
# trips over one record's data, e.g. a job opening nobody owns); the rest is bounded so the walk
# stays fast: other personas' record pages, the forms and sub-pages of a record, and the filter,
# sort and page variants of a list.
RECORD_PAGES = 2
VARIANTS = 2


def _bound(name: str, path: str, query: str, *, sees_all: bool) -> int:
    if query:
        return VARIANTS
    if sees_all and name.endswith("detail") and len(UUID.findall(path)) == 1:
        return 10_000
    return RECORD_PAGES if UUID.search(path) else VARIANTS


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(client: Client, start: str, inside: str, *, sees_all: bool) -> tuple[int, list[str]]:
    """Breadth first from `start` through the links under `inside`; returns the number of pages
    opened and the server errors met (the address and what went wrong)."""
    seen = {start}
    queue = deque([start])
    per_name: Counter[str] = Counter()
    errors: list[str] = []
    opened = 0
    while queue:
        url = queue.popleft()
        try:
            response = client.get(url)
        except Exception as exc:  # a view that raises is the 500 the user would see
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
            continue
        opened += 1
        if response.status_code >= 500:
            errors.append(f"{url}: HTTP {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        for link in _links(url, response.content.decode()):
            path, _, query = link.partition("?")
            if link in seen or not path.startswith(inside):
                continue
            try:
                name = resolve(path).view_name
            except Resolver404:
                continue
            kind = f"{name}?" if query else name
            if "logout" in name or per_name[kind] >= _bound(name, path, query, sees_all=sees_all):
                continue
            seen.add(link)
            per_name[kind] += 1
            queue.append(link)
    return opened, errors


@pytest.fixture
def demo(settings) -> Jobcenter:
    settings.DEBUG = True
    call_command("seed_demo", "--no-signins")
    settings.DEBUG = False
    jobcenter = Jobcenter.objects.get(slug=SLUG)
    # The demo has no employer contact who signs in; give one company's contact person one.
    with tenant_scope(jobcenter):
        company = Company.objects.filter(contacts__isnull=False).order_by("name").first()
        contact = ContactPerson.objects.filter(company=company).order_by("pk").first()
        user = User.objects.create_user(contact.email or "kontakt@demo.example", "x" * 20)
        Membership.objects.create(user=user, role=Role.EMPLOYER, company=company)
    return jobcenter


def test_no_persona_meets_a_server_error_anywhere_in_the_demo(demo: Jobcenter) -> None:
    people = {
        "admin": (f"admin@{SLUG}.example", f"/{SLUG}/", f"/{SLUG}/"),
        "manager": (f"manager@{SLUG}.example", f"/{SLUG}/", f"/{SLUG}/"),
        "consultant": (f"consultant@{SLUG}.example", f"/{SLUG}/", f"/{SLUG}/"),
        "board member": (f"board@{SLUG}.example", f"/{SLUG}/", f"/{SLUG}/"),
        "employer contact": (None, f"/{SLUG}/", f"/{SLUG}/"),
        "platform staff": ("staff@jobbro.example", "/admin/", "/admin/"),
    }
    report: dict[str, int] = {}
    errors: list[str] = []
    started = time.monotonic()
    for persona, (email, start, inside) in people.items():
        if email is None:
            with tenant_scope(demo):
                user = Membership.objects.get(role=Role.EMPLOYER).user
        else:
            user = User.objects.get(email=email)
        client = sign_in(Client(), user)
        opened, found = _crawl(client, start, inside, sees_all=persona == "admin")
        report[persona] = opened
        errors += [f"{persona}: {error}" for error in found]
    print(report, f"{time.monotonic() - started:.1f} s")
    assert not errors, "\n".join(errors)
    # The walk reached the jobcenter's pages, not just a front page.
    assert report["manager"] > 100
    assert report["platform staff"] > 10
