"""Links and buttons a screen reader can tell apart: on a page, two that act on different things
never have the same name (their text, screen-reader text included, or their aria-label)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tenancy import tenant_scope
from companies import services as company_services
from partnerships import services as partnership_services
from partnerships.models import Commitment
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company, purpose
from tests.factories import Personas, sign_in
from tests.partnerships.factories import make_agreement, make_centre
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


class Controls(HTMLParser):
    """Every link and submit button inside <main>: its accessible name and what it acts on."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.form_action = ""
        self.stack: list[dict[str, object]] = []  # the open link or button, and hidden depth
        self.hidden_depth = 0
        self.depth = 0
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        self.depth += 1
        if a.get("aria-hidden") == "true" and not self.hidden_depth:
            self.hidden_depth = self.depth
        if tag == "form":
            self.form_action = a.get("action") or ""
        if (tag == "a" and a.get("href")) or (tag == "button" and a.get("type") != "button"):
            target = a.get("href") if tag == "a" else self.form_action
            self.stack.append(
                {"target": target, "label": a.get("aria-label"), "text": [], "depth": self.depth}
            )

    def handle_endtag(self, tag: str) -> None:
        if not self.in_main:
            return
        if tag == "main":
            self.in_main = False
        if self.hidden_depth == self.depth:
            self.hidden_depth = 0
        if self.stack and self.stack[-1]["depth"] == self.depth and tag in ("a", "button"):
            control = self.stack.pop()
            name = control["label"] or " ".join("".join(control["text"]).split())  # type: ignore[arg-type]
            self.found.append((str(name), str(control["target"])))
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.stack and not self.hidden_depth:
            self.stack[-1]["text"].append(data)  # type: ignore[union-attr]


def same_name_different_target(html: str) -> dict[str, set[str]]:
    parser = Controls()
    parser.feed(html)
    targets: dict[str, set[str]] = defaultdict(set)
    for name, target in parser.found:
        targets[name].add(target)
    return {name: found for name, found in targets.items() if len(found) > 1}


@time_machine.travel(TODAY)
def test_an_agreement_s_commitment_links_name_which_commitment(personas: Personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
        for target in (3, 5, 5):  # one line per agreement year, as agreements are written
            partnership_services.commitment_save(
                actor=None,
                commitment=Commitment(agreement=agreement),
                area="internships",
                target=target,
                per="year",
            )
    client = sign_in(Client(), personas.consultant_a)

    html = client.get(
        reverse(
            "partnerships:agreement_detail",
            kwargs={"jobcenter": "roskilde", "public_id": agreement.public_id},
        )
    ).content.decode()

    assert len(re.findall(r'href="[^"]*/forpligtelser/[0-9a-f-]{36}/', html)) == 6
    assert same_name_different_target(html) == {}


@time_machine.travel(TODAY)
def test_min_dag_and_who_is_behind_name_the_follow_up_and_the_person(personas: Personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret A/S")
        for first_name in ("Omar", "Sara", "Bo"):
            make_placement(
                personas.consultant_a,
                candidate=make_candidate(first_name=first_name, last_name="Hansen"),
                company=company,
                planned_start=TODAY - timedelta(days=20),
            )
        for name in ("Bageriet ApS", "Kantinen ApS"):  # the same next step at two companies
            company_services.activity_create(
                actor=personas.consultant_a,
                company=make_company(name=name),
                type="phone",
                purpose=purpose(),
                next_step="Send forslag til praktik",
                next_step_due=TODAY + timedelta(days=3),
                next_step_owner=personas.consultant_a,
            )
    consultant = sign_in(Client(), personas.consultant_a)
    manager = sign_in(Client(), personas.manager_a)

    day = consultant.get(reverse("dashboard", kwargs={"jobcenter": "roskilde"})).content.decode()
    behind = manager.get(
        reverse("placements:overdue", kwargs={"jobcenter": "roskilde"}),
        {"konsulent": str(personas.consultant_a.public_id)},
    ).content.decode()

    assert day.count("Udført<span") >= 8  # six follow-ups and two next steps
    assert same_name_different_target(day) == {}
    assert behind.count("Udført<span") >= 6
    assert same_name_different_target(behind) == {}


@time_machine.travel(TODAY)
def test_a_centre_s_waiting_list_names_whom_each_link_acts_on(personas: Personas) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre()
        for first_name in ("Omar", "Sara", "Bo"):
            partnership_services.waiting_list_add(
                actor=None,
                contract=centre,
                candidate=make_candidate(first_name=first_name, last_name="Hansen"),
            )
    client = sign_in(Client(), personas.consultant_a)

    html = client.get(
        reverse(
            "partnerships:centre_detail",
            kwargs={"jobcenter": "roskilde", "public_id": centre.public_id},
        )
    ).content.decode()

    assert html.count("Tag af listen<span") == 3
    assert same_name_different_target(html) == {}
