from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import sign_in

pytestmark = pytest.mark.django_db

SECTIONS = {
    "companies:list": "Virksomheder",
    "candidates:list": "Kandidater",
    "partnerships:list": "Aftaler",
    "placements:list": "Forløb",
    "networks:list": "Netværk",
    "reports:list": "Rapporter",
}


@pytest.mark.django_db
def test_the_front_page_offers_sign_in_to_a_visitor(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="da"' in html
    assert reverse("account_login") in html
    assert 'href="#main-content"' in html


@pytest.mark.parametrize(("url_name", "title"), SECTIONS.items())
def test_a_consultant_sees_the_section_marked_in_the_navigation(
    client: Client, personas, url_name: str, title: str
) -> None:
    sign_in(client, personas.consultant_a)
    url = reverse(url_name, kwargs={"jobcenter": "roskilde"})

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f'href="{url}" aria-current="page"' in " ".join(html.split())
    for other in SECTIONS.values():
        assert other in html
    assert personas.consultant_a.name in html
    assert "Jobcenter Roskilde" in html


def test_a_page_below_a_section_is_not_announced_as_the_section_s_page(
    client: Client, personas
) -> None:
    sign_in(client, personas.consultant_a)
    list_url = reverse("companies:list", kwargs={"jobcenter": "roskilde"})
    below = reverse("companies:without_key_account", kwargs={"jobcenter": "roskilde"})

    html = " ".join(client.get(below).content.decode().split())

    assert f'<li class="active current"><a href="{list_url}" class="nav-link">' in html  # seen
    assert f'href="{list_url}" aria-current="page"' not in html  # but not "this page"


def test_a_board_member_sees_only_the_reports_in_the_navigation(client: Client, personas) -> None:
    sign_in(client, personas.board_a)

    html = client.get(reverse("dashboard", kwargs={"jobcenter": "roskilde"})).content.decode()

    assert "/roskilde/rapporter/" in html
    assert "/roskilde/virksomheder/" not in html
    assert "/roskilde/borgere/" not in html


def test_a_member_of_one_jobcenter_goes_straight_in(client: Client, personas) -> None:
    sign_in(client, personas.consultant_a)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/roskilde/"


def test_a_member_of_two_jobcenters_picks_one(client: Client, personas) -> None:
    from accounts.models import Role
    from tests.factories import make_member

    make_member(personas.aalborg, personas.consultant_a.email, Role.MANAGER)
    sign_in(client, personas.consultant_a)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/roskilde/"' in html
    assert 'href="/aalborg/"' in html


@pytest.mark.django_db
def test_every_page_carries_a_strict_csp_with_a_nonce_on_its_scripts(client: Client) -> None:
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "'nonce-" in script_src
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    nonce = script_src.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count(f'nonce="{nonce}"') >= 3
    assert "<script>" not in html
    assert ' style="' not in html


@pytest.mark.django_db
def test_the_language_switch_remembers_english(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Sign in" in html or "Log in" in html


@pytest.mark.django_db
def test_danish_is_the_default_whatever_the_browser_prefers(client: Client) -> None:
    html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()

    assert 'lang="da"' in html


def test_platform_staff_without_a_jobcenter_are_shown_the_way_to_the_admin(client: Client) -> None:
    from accounts.models import User

    staff = User.objects.create_superuser("platform@jobbro.example", "unused-password-2026")
    sign_in(client, staff)

    html = client.get("/").content.decode()

    assert f'href="{reverse("admin:index")}"' in html
    assert "Gå til administrationen" in html
    assert "Kontakt jobcentrets administrator" not in html
