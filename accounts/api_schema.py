"""The OpenAPI schema says what the server enforces (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS).

drf-spectacular describes the serializers; on top of that:
- a strict input serializer (api_helpers.StrictSerializer) refuses unknown fields, so its
  schema has `additionalProperties: false`;
- a text that may not be blank has `minLength: 1`;
- a decimal is a number with its range and its decimal places (`multipleOf: 0.1`), or the
  same written as a string: 37.5 hours a week is accepted, 37.25 is not;
- a query parameter left empty (`?status=`) counts as not given, as DRF reads a query string
  like a form: `allowEmptyValue: true`;
- every operation lists the 4xx answers it can give, all with the one error shape
  (api_errors.ErrorOut): 400 and 404 everywhere (a refused request; no such jobcenter or
  object), 401 and 403 where a token is needed, 415 where a body is sent, and what a view
  declares in `error_statuses` (the token endpoint: 429).
"""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from accounts.api_errors import ErrorOut
from accounts.api_helpers import StrictSerializer, decimal_pattern

ERROR_DESCRIPTIONS = {
    400: "Refused: each field named with its errors, or the request as a whole "
    "(`non_field_errors`, `detail`).",
    401: "No token, or one that is unknown, revoked or of a person no longer active.",
    403: "The token's role may not do this, or a read-only token tried to write.",
    404: "No such jobcenter, or no such object in it (another jobcenter's token or object "
    "answers the same).",
    409: "The request clashes with the object's current state.",
    415: "The body is not JSON.",
    429: "Too many attempts; `retry_after` says when to try again.",
}
BODY_METHODS = {"POST", "PUT", "PATCH"}
# Each field's errors in a 400 (a list of messages, or per item/key for lists and objects),
# and a lockout's `code` and `retry_after`; a field may be called `code` too (POST tokens/).
FIELD_ERRORS = {
    "anyOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}, {"type": "integer"}]
}


class AutoSchema(openapi.AutoSchema):  # type: ignore[misc]
    def error_statuses(self) -> list[int]:
        statuses = {400, 404}
        if getattr(self.view, "authentication_classes", None):
            statuses |= {401, 403}
        if self.method in BODY_METHODS:
            statuses.add(415)
        statuses |= set(getattr(self.view, "error_statuses", ()))
        return sorted(statuses)

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            answer = OpenApiResponse(response=ErrorOut, description=ERROR_DESCRIPTIONS[status])
            documented = self._get_response_for_code(answer, str(status), direction=direction)
            declared = responses.setdefault(str(status), documented)
            # A view that describes its own 404 in words still answers in the error shape.
            declared.setdefault("content", documented["content"])
        return responses

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._get_parameters()
        for parameter in parameters:
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_serializer_field_meta(self, field: Any, direction: Any) -> dict[str, Any]:
        meta: dict[str, Any] = super()._get_serializer_field_meta(field, direction)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not field.allow_blank
            and not field.read_only
        ):
            meta.setdefault("minLength", 1)
        return meta

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and isinstance(field, serializers.DecimalField):
            schema = _decimal_number(field, schema)
        return schema

    def _map_serializer(
        self, serializer: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer(serializer, direction, bypass_extensions)
        serializer = force_instance(serializer)
        if isinstance(serializer, StrictSerializer) and schema.get("type") == "object":
            schema["additionalProperties"] = False
            if schema.get("description") == inspect.getdoc(StrictSerializer):
                del schema["description"]  # the base class's, not the endpoint's
        if isinstance(serializer, ErrorOut):
            schema["additionalProperties"] = FIELD_ERRORS
        return schema


def _decimal_number(field: serializers.DecimalField, schema: dict[str, Any]) -> dict[str, Any]:
    """A decimal as the server takes it (api_helpers.json_type_error): a number in the field's
    range with no more decimal places than the field keeps, or the same written as a string."""
    number: dict[str, Any] = {"type": "number", "format": "double"}
    if field.decimal_places is not None:
        number["multipleOf"] = float(Decimal(1).scaleb(-field.decimal_places))
    if field.max_whole_digits is not None:
        limit = 10**field.max_whole_digits
        number.update(maximum=limit, minimum=-limit, exclusiveMaximum=True, exclusiveMinimum=True)
    if field.max_value is not None:
        number["maximum"] = float(field.max_value)
        number.pop("exclusiveMaximum", None)
    if field.min_value is not None:
        number["minimum"] = float(field.min_value)
        number.pop("exclusiveMinimum", None)
    text = {"type": "string", "pattern": decimal_pattern(field)}
    kept = {
        key: value
        for key, value in schema.items()
        if key in {"nullable", "description", "title", "default", "readOnly", "writeOnly"}
    }
    return {"anyOf": [number, text], **kept}
