"""One error vocabulary for the REST API (STYLE.md): services raise Django's ValidationError,
PermissionDenied or DomainError, and this maps them to DRF's answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.services import DomainError


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
    return drf_exception_handler(exc, context)
