"""Every error the REST API answers is JSON in the one error shape, and Danish: also a URL
that matches no endpoint, an unknown jobcenter, a crash (never Django's debug page), a body
that is not JSON, and the messages DRF's own Danish catalogue lacks."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import include, path
from django.utils import translation
from rest_framework import fields, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import api_errors
from accounts.api_helpers import CapabilityApiView
from tests.companies.test_api import token_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/roskilde"
NOT_FOUND = {"detail": "Ikke fundet."}


class CrashApi(CapabilityApiView):
    """Stands for any bug in an endpoint."""

    def get(self, request: Request, **kwargs: object) -> Response:
        raise RuntimeError("a bug in the endpoint, with internals: SECRET-INTERNAL-STATE")


urlpatterns = [
    path("api/v1/<slug:jobcenter>/crash/", CrashApi.as_view()),
    path("", include("config.urls")),
]


@pytest.fixture
def client(personas) -> Client:
    token = token_for(personas.roskilde, personas.consultant_a)
    return Client(headers={"authorization": f"Bearer {token}"}, raise_request_exception=False)


def assert_json(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/candidates/not-a-uuid/",
        f"{BASE}/placements/1234/followups/",
        f"{BASE}/virksomhedscentre/%C3%A6%C3%B8%C3%A5/",
        f"{BASE}/no-such-endpoint/",
        "/api/v1/no-such-jobcenter/me/",
    ],
)
def test_a_url_that_matches_nothing_answers_the_json_404_of_an_unknown_id(client, url) -> None:
    unknown_id = client.get(f"{BASE}/candidates/{uuid.uuid4()}/")

    assert assert_json(client.get(url), 404) == assert_json(unknown_id, 404) == NOT_FOUND


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True])
def test_a_crash_answers_json_500_and_never_the_debug_page(client, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = client.get(f"{BASE}/crash/")

    assert assert_json(response, 500) == {
        "detail": "Der skete en fejl på serveren. Prøv igen senere."
    }
    assert b"SECRET-INTERNAL-STATE" not in response.content
    assert b"Traceback" not in response.content


def test_pages_outside_the_api_keep_their_html_404(client) -> None:
    response = client.get("/roskilde/borgere/not-a-uuid/")

    assert response.status_code in (302, 404)
    assert response["Content-Type"].startswith("text/html")


def test_drf_s_english_messages_answer_in_danish(client) -> None:
    not_a_uuid = client.get(f"{BASE}/placements/", {"company": "not-a-uuid"})
    not_a_string = client.post(
        f"{BASE}/candidates/", {"first_name": 5, "last_name": ["B"]}, "application/json"
    )
    not_a_boolean = client.get(f"{BASE}/virksomhedscentre/", {"current": "maybe"})
    english_browser = client.get(
        f"{BASE}/placements/", {"company": "x"}, headers={"accept-language": "en"}
    )

    assert assert_json(not_a_uuid, 400) == {"company": ["Skal være et gyldigt UUID."]}
    assert assert_json(not_a_string, 400) == {
        "first_name": ["Skal være en tekst."],
        "last_name": ["Skal være en tekst."],
    }
    assert assert_json(not_a_boolean, 400) == {"current": ["Skal være true eller false."]}
    assert assert_json(english_browser, 400) == {"company": ["Skal være et gyldigt UUID."]}


def test_a_body_that_is_not_json_answers_in_danish(client) -> None:
    broken = client.post(f"{BASE}/candidates/", "{not json", content_type="application/json")
    form = client.post(f"{BASE}/candidates/", {"first_name": "A", "last_name": "B"})

    assert assert_json(broken, 400) == {"detail": "Indholdet er ikke gyldig JSON."}
    assert assert_json(form, 415)["detail"].startswith("Forespørgslens media type")


def test_every_message_of_drf_s_fields_is_danish() -> None:
    english = []
    for field_class in _all_subclasses(serializers.Field):
        if not field_class.__module__.startswith("rest_framework."):
            continue
        for key, message in vars(field_class).get("default_error_messages", {}).items():
            with translation.override("da"):
                danish = str(message)
            with translation.override(None):
                source = str(message)
            if danish == source and (field_class, key) not in api_errors.FIELD_MESSAGES:
                english.append(f"{field_class.__name__}.{key}: {source}")

    assert not english, "\n".join(english)


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found | {cls}


def test_a_new_key_in_drf_would_not_be_hidden() -> None:
    # use_danish_messages refuses a message DRF no longer declares, instead of answering
    # in English without anyone noticing.
    api_errors.FIELD_MESSAGES[(fields.UUIDField, "no-such-key")] = "x"
    try:
        with pytest.raises(LookupError):
            api_errors.use_danish_messages()
    finally:
        del api_errors.FIELD_MESSAGES[(fields.UUIDField, "no-such-key")]
