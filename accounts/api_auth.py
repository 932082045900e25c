"""Bearer tokens, capabilities and one error vocabulary for the REST API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts import access_log
from accounts.models import ApiToken, Membership, User
from accounts.tenancy import set_db_token
from accounts.tokens import hash_token

LAST_USED_RESOLUTION = timedelta(minutes=5)


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`. The tenant middleware has already put the request in
    the jobcenter of the URL; a token of another jobcenter answers 404, as if the jobcenter
    did not exist."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != b"bearer":
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøgle."))
        key_hash = hash_token(header[1].decode(errors="replace"))
        tenant = getattr(request._request, "tenant", None)
        if tenant is None:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøgle."))
        set_db_token(key_hash)
        token = ApiToken.by_hash.filter(key_hash=key_hash, revoked_at__isnull=True).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ugyldig eller tilbagekaldt API-nøgle."))
        if token.tenant_id != tenant.pk:
            raise exceptions.NotFound()
        membership = (
            Membership.objects.select_related("user", "team")
            .filter(pk=token.membership_id, is_active=True, user__is_active=True)
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(_("Brugeren er ikke længere aktiv."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request._request.membership = membership  # type: ignore[attr-defined]
        access_log.note_api_token(token)
        return membership.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="jobbro"'


class HasCapability(permissions.BasePermission):
    """The view's `required_capability` (None: any member); read-only tokens only read. A
    view whose POST only reads (`reads_only`, e.g. a look-up by CPR number, which must never
    be in a URL) is a read."""

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated()
        writes = request.method not in permissions.SAFE_METHODS
        if token.read_only and writes and not getattr(view, "reads_only", False):
            raise exceptions.PermissionDenied(_("Denne API-nøgle må kun læse."))
        capability = getattr(view, "required_capability", None)
        membership = request._request.membership
        if capability is not None and not membership.can(capability):
            raise exceptions.PermissionDenied()
        return True


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[misc]
    """Describes the bearer token in the OpenAPI schema."""

    target_class = "accounts.api_auth.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}
