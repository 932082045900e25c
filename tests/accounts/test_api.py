from __future__ import annotations

import hashlib
import io

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework import serializers

from accounts import services
from accounts.api_errors import exception_handler
from accounts.models import AccessLog, ApiToken, Membership, PlatformAudit
from accounts.tenancy import tenant_scope
from candidates import selectors as candidate_selectors
from tests.candidates.factories import make_candidate
from tests.factories import PASSWORD, TOTP_SECRET, sign_in

pytestmark = pytest.mark.django_db


def token_for(jobcenter, user, *, read_only: bool = False) -> str:
    with tenant_scope(jobcenter):
        membership = Membership.objects.get(user=user)
        _token, plain = services.api_token_create_by_operator(
            operator="tests",
            reason="a token for the test",
            membership=membership,
            name="test",
            read_only=read_only,
        )
    return plain


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def current_code() -> str:
    import time

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def test_a_token_speaks_for_its_membership(client: Client, personas) -> None:
    token = token_for(personas.roskilde, personas.consultant_a)

    response = client.get("/api/v1/roskilde/me/", headers=bearer(token))

    assert response.status_code == 200
    body = response.json()
    assert body["jobcenter"] == "roskilde"
    assert body["email"] == "consultant@roskilde.example"
    assert body["role"] == "consultant"
    assert "companies.view" in body["capabilities"]
    assert "jobcenter.manage_users" not in body["capabilities"]


def test_without_a_token_the_api_answers_401(client: Client, personas) -> None:
    response = client.get("/api/v1/roskilde/me/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_browser_session_is_not_an_api_credential(client: Client, personas) -> None:
    from tests.factories import sign_in

    sign_in(client, personas.consultant_a)

    assert client.get("/api/v1/roskilde/me/").status_code == 401


def test_a_token_of_another_jobcenter_answers_404(client: Client, personas) -> None:
    aalborg_token = token_for(personas.aalborg, personas.consultant_b)

    assert client.get("/api/v1/roskilde/me/", headers=bearer(aalborg_token)).status_code == 404
    assert client.get("/api/v1/aalborg/me/", headers=bearer(aalborg_token)).status_code == 200


def test_a_revoked_or_unknown_token_answers_401(client: Client, personas) -> None:
    token = token_for(personas.roskilde, personas.consultant_a)
    with tenant_scope(personas.roskilde):
        services.api_token_revoke(actor=None, token=ApiToken.objects.get())

    assert client.get("/api/v1/roskilde/me/", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/roskilde/me/", headers=bearer("jb_nonsense")).status_code == 401


def test_a_read_only_token_may_not_write(client: Client, personas) -> None:
    read_only = token_for(personas.roskilde, personas.consultant_a, read_only=True)
    full = token_for(personas.roskilde, personas.manager_a)

    assert client.post("/api/v1/roskilde/me/", headers=bearer(read_only)).status_code == 403
    # The full token gets past the permission check to "method not allowed".
    assert client.post("/api/v1/roskilde/me/", headers=bearer(full)).status_code == 405


def test_a_deactivated_user_s_token_stops_working(client: Client, personas) -> None:
    token = token_for(personas.roskilde, personas.consultant_a)
    personas.consultant_a.is_active = False
    personas.consultant_a.save()

    assert client.get("/api/v1/roskilde/me/", headers=bearer(token)).status_code == 401


def test_only_the_hash_of_a_token_is_stored(personas) -> None:
    token = token_for(personas.roskilde, personas.consultant_a)

    with tenant_scope(personas.roskilde):
        stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.key_hash, stored.prefix, stored.name}
    assert token.startswith(stored.prefix)


def test_create_api_token_prints_a_working_token(client: Client, personas) -> None:
    out = io.StringIO()
    call_command(
        "create_api_token", "consultant@aalborg.example", "aalborg", "--read-only", stdout=out
    )
    token = out.getvalue().strip()

    response = client.get("/api/v1/aalborg/me/", headers=bearer(token))
    assert response.status_code == 200
    assert response.json()["read_only"] is True


def test_create_api_token_writes_the_platform_audit_with_a_reason(personas) -> None:
    before = set(PlatformAudit.objects.values_list("pk", flat=True))

    call_command(
        "create_api_token", "consultant@roskilde.example", "roskilde", stdout=io.StringIO()
    )
    call_command(
        "create_api_token",
        "consultant@roskilde.example",
        "roskilde",
        "--name=Lønsystem",
        "--reason=Sag 2026-118: integration til lønsystemet",
        stdout=io.StringIO(),
    )

    audits = list(PlatformAudit.objects.exclude(pk__in=before).order_by("pk"))
    assert len(audits) == 2
    for audit in audits:
        assert "manage.py create_api_token" in audit.actor
        assert "consultant@roskilde.example" in audit.reason
        assert "roskilde" in audit.reason
    assert "made on the command line" in audits[0].reason
    assert "'Lønsystem'" in audits[1].reason
    assert "Sag 2026-118: integration til lønsystemet" in audits[1].reason
    with tenant_scope(personas.roskilde):
        tokens = list(ApiToken.objects.order_by("created_at"))
    # The operator made them, not a member: no member is named as their creator.
    assert [token.created_by_id for token in tokens] == [None, None]
    assert tokens[1].prefix in audits[1].reason


def test_create_api_token_refuses_an_empty_reason(personas) -> None:
    with pytest.raises(CommandError):
        call_command(
            "create_api_token",
            "consultant@roskilde.example",
            "roskilde",
            "--reason= ",
            stdout=io.StringIO(),
        )
    with tenant_scope(personas.roskilde):
        assert not ApiToken.objects.exists()


def test_a_read_through_a_token_names_the_token_in_the_access_log(client: Client, personas) -> None:
    with tenant_scope(personas.roskilde):
        sofie = make_candidate(first_name="Sofie")
        membership = Membership.objects.get(user=personas.consultant_a)
        token, plain = services.api_token_create(
            actor=personas.consultant_a, membership=membership, name="Karens CRM", read_only=True
        )

    read = client.get(f"/api/v1/roskilde/candidates/{sofie.public_id}/", headers=bearer(plain))
    # The same person reads the same citizen in the browser, on the same thread, right after.
    browser = sign_in(Client(), personas.admin_a)
    history = browser.get(f"/roskilde/borgere/{sofie.public_id}/opslagshistorik/")

    assert read.status_code == 200
    assert history.status_code == 200
    with tenant_scope(personas.roskilde):
        rows = list(
            AccessLog.objects.filter(object_id=str(sofie.public_id))
            .order_by("pk")
            .values_list("action", "user__email", "api_token_id")
        )
    assert rows == [
        ("view", "consultant@roskilde.example", token.pk),
        ("lookup_history_view", "admin@roskilde.example", None),
    ]
    page = history.content.decode()
    assert f"API-nøgle {token.prefix}…" in page
    with tenant_scope(personas.roskilde):
        (day,) = candidate_selectors.lookup_history_by_day(candidate=sofie)
    assert "Kandidatens side er vist (gennem API'et)" in [item["action"] for item in day["what"]]
    assert "Karens CRM" not in page and "Karen" not in page.split("<main")[-1]


def test_signing_in_to_the_api_needs_the_password_and_the_second_factor(
    client: Client, personas
) -> None:
    url = "/api/v1/roskilde/tokens/"
    credentials = {"email": "consultant@roskilde.example", "password": PASSWORD}

    without_code = client.post(url, credentials, content_type="application/json")
    with_code = client.post(
        url,
        {**credentials, "code": current_code(), "name": "Power BI"},
        content_type="application/json",
    )

    assert without_code.status_code == 401
    assert with_code.status_code == 201
    token = with_code.json()["token"]
    assert client.get("/api/v1/roskilde/me/", headers=bearer(token)).status_code == 200


def test_a_member_of_another_jobcenter_cannot_sign_in_to_this_one(client: Client, personas) -> None:
    response = client.post(
        "/api/v1/roskilde/tokens/",
        {"email": "consultant@aalborg.example", "password": PASSWORD, "code": current_code()},
        content_type="application/json",
    )

    assert response.status_code == 404


def test_the_openapi_schema_describes_the_tenant_api(client: Client) -> None:
    response = client.get("/api/schema/", headers={"accept": "application/json"})

    assert response.status_code == 200
    assert "/api/v1/{jobcenter}/me/" in response.content.decode()


@pytest.mark.parametrize(
    ("error", "body"),
    [
        (DjangoValidationError("Allerede gjort."), {"non_field_errors": ["Allerede gjort."]}),
        (
            DjangoValidationError({"__all__": ["Passer ikke sammen."], "name": ["Mangler."]}),
            {"non_field_errors": ["Passer ikke sammen."], "name": ["Mangler."]},
        ),
        # Raised by a view outside any serializer field: still an object, not a bare list.
        (
            serializers.ValidationError("Ingen kollega med denne e-mail."),
            {"non_field_errors": ["Ingen kollega med denne e-mail."]},
        ),
    ],
)
def test_a_service_s_validation_error_answers_400_with_named_fields(error, body) -> None:
    response = exception_handler(error, {})

    assert response is not None
    assert response.status_code == 400
    assert response.data == body
