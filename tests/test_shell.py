from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

SECTIONS = {
    "companies:list": "Virksomheder",
    "candidates:list": "Borgere",
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


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", SECTIONS)
def test_a_section_sends_a_visitor_to_sign_in(client: Client, url_name: str) -> None:
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "title"), SECTIONS.items())
def test_a_signed_in_user_sees_the_section_marked_in_the_navigation(
    client: Client, staff_user, url_name: str, title: str
) -> None:
    client.force_login(staff_user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f'href="{reverse(url_name)}" aria-current="page"' in " ".join(html.split())
    for other in SECTIONS.values():
        assert other in html
    assert staff_user.name in html


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
