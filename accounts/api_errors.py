"""One error vocabulary for the REST API (STYLE.md): services raise Django's ValidationError,
PermissionDenied or DomainError, and this maps them to DRF's answers.

Every error under /api/ is JSON in one shape (`ErrorOut`, the `Error` component of the
schema): `detail` says what went wrong, a 400 names each field it refuses (`{"name": ["…"]}`,
nested for lists and objects) with `non_field_errors` for the whole; a lockout adds `code` and
`retry_after`. That holds for answers no API view made too (a path id that is not a UUID, an
unknown jobcenter, a crash): `ApiErrorsMiddleware` turns them into the same JSON. The messages
are Danish, like every other message, also those DRF's own Danish catalogue lacks
(`use_danish_messages`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import exceptions, fields, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.services import DomainError

API_PREFIX = "/api/"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        # Errors that belong to no field answer as a serializer's do: under non_field_errors.
        general = api_settings.NON_FIELD_ERRORS_KEY
        detail: dict[str, Any]
        if hasattr(exc, "error_dict"):
            detail = {
                general if name == NON_FIELD_ERRORS else name: messages
                for name, messages in exc.message_dict.items()
            }
        else:
            detail = {general: exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError({"detail": str(exc)})
    elif isinstance(exc, PermissionDenied):
        # A service's reason, when it gives one, says what the person may not do.
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A ValidationError raised outside a serializer's fields: still an object.
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response


# --- the shape, for the schema ----------------------------------------------------------------


@extend_schema_serializer(component_name="Error")
class ErrorOut(serializers.Serializer):
    """The body of every error answer. `detail` says what went wrong, in Danish; a 400 names
    each field it refuses with its messages (per item or key for lists and objects), and
    `non_field_errors` what is wrong with the request as a whole. A blocked sign-in (429) adds
    `code` (`account_locked`) and `retry_after` (seconds)."""

    detail = serializers.CharField(
        required=False,
        help_text="What went wrong, in Danish. Absent only from a 400 that names its fields.",
    )
    non_field_errors = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="400: what is wrong with the request as a whole.",
    )


# --- errors no API view made ------------------------------------------------------------------

STATUS_MESSAGES = {
    400: exceptions.ParseError.default_detail,
    401: exceptions.NotAuthenticated.default_detail,
    403: exceptions.PermissionDenied.default_detail,
    404: exceptions.NotFound.default_detail,
    405: _("Metoden er ikke tilladt."),
    500: _("Der skete en fejl på serveren. Prøv igen senere."),
}
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class ApiErrorsMiddleware:
    """An error answer under /api/ that is not JSON becomes the JSON error shape: Django's 404
    page for a URL that matches nothing (a path id that is not a UUID gets the same answer as
    an unknown id), its 500 page or debug page for a crash, its 400 and 403 pages. The crash
    itself is logged and signalled by Django as always, before this sees the answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or _is_json(response)
        ):
            return response
        status = response.status_code
        message = STATUS_MESSAGES.get(status) or STATUS_MESSAGES[500 if status >= 500 else 400]
        answer = JsonResponse({"detail": str(message)}, status=status)
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer


# --- Danish for what DRF's own catalogue leaves in English ------------------------------------

# Django's msgids here are Danish, like every other string of Jobbro (the English catalogue
# translates them back). Each key is a message the class itself declares.
FIELD_MESSAGES: dict[tuple[type[serializers.Field], str], Any] = {
    (fields.BooleanField, "invalid"): _("Skal være true eller false."),
    (fields.CharField, "invalid"): _("Skal være en tekst."),
    (fields.UUIDField, "invalid"): _("Skal være et gyldigt UUID."),
    (fields.BigIntegerField, "invalid"): _("Et gyldigt heltal er påkrævet."),
    (fields.FloatField, "overflow"): _("Tallet er for stort."),
    (fields.DateTimeField, "make_aware"): _('Ugyldigt tidspunkt i tidszonen "{timezone}".'),
    (fields.DateTimeField, "overflow"): _("Tidspunktet ligger uden for det mulige."),
    (fields.DictField, "empty"): _("Må ikke være tom."),
    (fields.ListField, "empty"): _("Listen må ikke være tom."),
    (fields.ListField, "min_length"): _("Listen skal have mindst {min_length} elementer."),
    (fields.ListField, "max_length"): _("Listen må højst have {max_length} elementer."),
    (serializers.ListSerializer, "empty"): _("Listen må ikke være tom."),
    (serializers.ListSerializer, "min_length"): _(
        "Listen skal have mindst {min_length} elementer."
    ),
    (serializers.ListSerializer, "max_length"): _("Listen må højst have {max_length} elementer."),
    (fields.SlugField, "invalid_unicode"): _(
        "Skal bestå af bogstaver, tal, bundstreger og bindestreger."
    ),
}


def use_danish_messages() -> None:
    """Put the Danish messages on DRF's field classes and exceptions (AccountsConfig.ready).
    Fields copy their class's messages when a serializer is made, so every request uses them.
    A key DRF no longer declares fails here, at start-up, instead of answering in English."""
    for (field_class, key), message in FIELD_MESSAGES.items():
        declared = vars(field_class)["default_error_messages"]
        if key not in declared:
            raise LookupError(f"{field_class.__name__} declares no {key!r} message")
        declared[key] = message
    exceptions.ValidationError.default_detail = _("Ugyldige data.")
    exceptions.Throttled.extra_detail_singular = _("Prøv igen om {wait} sekund.")
    exceptions.Throttled.extra_detail_plural = _("Prøv igen om {wait} sekunder.")
