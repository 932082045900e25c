from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import authenticate
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import security, services
from accounts.api_helpers import StrictSerializer
from accounts.capabilities import STAFF_ROLES
from accounts.models import ApiToken, Membership


class MeApi(APIView):
    """Who the token speaks for: the jobcenter, the person, the role and its capabilities."""

    required_capability = None

    @extend_schema_serializer(component_name="Me")
    class OutputSerializer(serializers.Serializer):
        jobcenter = serializers.CharField()
        jobcenter_name = serializers.CharField()
        email = serializers.EmailField()
        role = serializers.CharField()
        capabilities = serializers.ListField(child=serializers.CharField())
        read_only = serializers.BooleanField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, **kwargs: object) -> Response:
        membership = request._request.membership
        token: ApiToken = request.auth
        data = {
            "jobcenter": membership.tenant.slug,
            "jobcenter_name": membership.tenant.name,
            "email": membership.user.email,
            "role": membership.role,
            "capabilities": sorted(membership.capabilities),
            "read_only": token.read_only,
        }
        return Response(self.OutputSerializer(data).data)


class TokenCreateApi(APIView):
    """Sign in with e-mail, password and (for staff) the code from the authenticator app, and
    get a new token for this jobcenter. The token is shown once. Failed attempts count towards
    the lockout like any other sign-in, and towards a limit per address: past it, or on a
    blocked account, the answer is 429 with Retry-After. Only roles that may use the API (staff
    who work with the records) get a token."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    # A wrong password or code; a blocked account or too many attempts from one address.
    error_statuses = (401, 429)

    @extend_schema_serializer(component_name="TokenRequest")
    class InputSerializer(StrictSerializer):
        email = serializers.EmailField()
        password = serializers.CharField(trim_whitespace=False)
        code = serializers.CharField(required=False, allow_blank=True)
        name = serializers.CharField(max_length=100, required=False, default="API")
        read_only = serializers.BooleanField(default=False)

    @extend_schema_serializer(component_name="NewToken")
    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        name = serializers.CharField()
        read_only = serializers.BooleanField()

    def get_authenticate_header(self, request: Request) -> str:
        # A failed sign-in answers 401 with a challenge, not 403.
        return 'Bearer realm="jobbro"'

    @extend_schema(
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            429: OpenApiResponse(
                description="Too many failed attempts: the account is blocked, or this address "
                "has failed too often. The Retry-After header says when to try again."
            ),
        },
    )
    def post(self, request: Request, **kwargs: object) -> Response | HttpResponse:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Too many failures from this address: refused before the password is even looked at,
        # so a script cannot go on blocking one account after another.
        retry_after = security.api_signin_retry_after(request._request)
        if retry_after is not None:
            return security.api_signin_limited_response(retry_after)
        user = authenticate(
            request._request,
            email=data.validated_data["email"],
            password=data.validated_data["password"],
        )
        if user is None:
            security.api_signin_failed(request._request)
            raise exceptions.AuthenticationFailed(_("Forkert e-mail eller adgangskode."))
        membership = Membership.objects.filter(user=user, is_active=True).first()
        if membership is None:
            raise exceptions.NotFound()
        if membership.role in STAFF_ROLES:
            authenticator = Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).first()
            code = data.validated_data.get("code") or ""
            if authenticator is None or not TOTP(authenticator).validate_code(code):
                # A wrong code counts towards the lockout like a wrong password.
                security.record_signin_failure(request._request, account=user.email, method="mfa")
                security.api_signin_failed(request._request)
                raise exceptions.AuthenticationFailed(
                    _("Koden fra godkenderappen mangler eller er forkert.")
                )
        security.clear_signin_failures(account=user.email)
        if not membership.can("api.own_tokens"):
            raise exceptions.PermissionDenied(_("Din rolle i jobcentret kan ikke bruge API'et."))
        token, plain = services.api_token_create(
            actor=user,
            membership=membership,
            name=data.validated_data["name"],
            read_only=data.validated_data["read_only"],
        )
        out = {"token": plain, "name": token.name, "read_only": token.read_only}
        return Response(self.OutputSerializer(out).data, status=status.HTTP_201_CREATED)
