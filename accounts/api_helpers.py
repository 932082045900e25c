"""Building blocks every app's REST API uses (companies/api.py, candidates/api.py, …): strict
input serializers, named enums in the schema, pagination, query parameters checked like a
body, people named by e-mail, and the read/write capability check."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors
from accounts.models import Membership, User
from accounts.pagination import SearchPaginator

MAX_PAGE_SIZE = 100
MAX_INT = 2_147_483_647


class EnumField(serializers.ChoiceField):
    """A choice field whose choice set is one named schema component (e.g. `CompanyStatusEnum`),
    so two fields called `status` with different choices never collide in the schema."""

    def __init__(self, choices: Any, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(choices=choices, **kwargs)


class EnumFieldSchema(OpenApiSerializerFieldExtension):  # type: ignore[misc]
    target_class = "accounts.api_helpers.EnumField"

    def get_name(self) -> str:
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        values = list(self.target.choices)
        if self.target.allow_blank and "" not in values:
            values.append("")
        return {"type": "string", "enum": values}


def json_type_error(field: serializers.Field, value: Any) -> Any:
    """The error for a JSON value of the wrong type for `field`, or None. DRF reads a body as
    leniently as a form (the number 5 for a text, "true" for a boolean, "5" for a number);
    the API takes what its schema says, so a client learns of its mistake at once."""
    if value is None:
        return None  # the field itself knows whether it may be null
    if isinstance(field, serializers.ListField | serializers.MultipleChoiceField):
        if not isinstance(value, list):
            return None  # the field's own "not a list" message
        child = getattr(field, "child", None) or serializers.ChoiceField(choices=field.choices)
        errors = {str(i): json_type_error(child, item) for i, item in enumerate(value)}
        return {i: error for i, error in errors.items() if error} or None
    if isinstance(field, serializers.BooleanField):
        fits = isinstance(value, bool)
        message = _("Skal være true eller false.")
    elif isinstance(field, serializers.IntegerField):
        fits = isinstance(value, int) and not isinstance(value, bool)
        message = _("Skal være et heltal.")
    elif isinstance(field, serializers.DecimalField):
        # A number, or the same number written as a string ("37.5": exact, no rounding).
        fits = (isinstance(value, int | float) and not isinstance(value, bool)) or (
            isinstance(value, str) and re.fullmatch(decimal_pattern(field), value) is not None
        )
        message = ngettext(
            "Skal være et tal med højst %(places)s decimal.",
            "Skal være et tal med højst %(places)s decimaler.",
            field.decimal_places,
        ) % {"places": field.decimal_places}
    elif isinstance(field, serializers.FloatField):
        fits = isinstance(value, int | float) and not isinstance(value, bool)
        message = _("Skal være et tal.")
    elif isinstance(field, serializers.ChoiceField):
        kinds = tuple({type(key) for key in field.choices} or {str})
        fits = isinstance(value, kinds) and not isinstance(value, bool)
        message = _("Skal være en af de tilladte værdier.")
    elif isinstance(field, TEXT_FIELDS):
        fits = isinstance(value, str)
        message = _("Skal være en tekst.")
    else:
        return None
    return None if fits else [str(message)]


def decimal_pattern(field: serializers.DecimalField) -> str:
    """A decimal written as a string: digits, a point and at most the field's decimal places;
    a minus only where the field takes negative numbers."""
    sign = "-?" if field.min_value is None or field.min_value < 0 else ""
    whole = f"{{1,{field.max_whole_digits}}}" if field.max_whole_digits else "+"
    places = f"{{1,{field.decimal_places}}}" if field.decimal_places else "+"
    return rf"^{sign}\d{whole}(\.\d{places})?$"


TEXT_FIELDS = (
    serializers.CharField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.TimeField,
    serializers.DurationField,
    serializers.UUIDField,
)


class StrictSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know instead of ignoring them, and
    values of another JSON type than its schema says (json_type_error).

    Nested in another (a list of mentors, of modules), it is a whole item even when the outer
    one is a PATCH: DRF's `partial` reaches every nested field and would let an item through
    without its required fields; here they are required, and defaults are filled in."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = sorted(name for name, f in self.fields.items() if not f.read_only)
            unknown = sorted(set(data) - set(writable))
            if unknown:
                message = _("Ukendt felt. Tilladte felter: %(fields)s.") % {
                    "fields": ", ".join(writable)
                }
                raise serializers.ValidationError({name: [message] for name in unknown})
            wrong = {
                name: error
                for name, field in self.fields.items()
                if name in data and not field.read_only
                for error in [json_type_error(field, data[name])]
                if error
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        value = super().to_internal_value(data)
        if self.parent is not None and getattr(self.root, "partial", False):
            self._complete_item(data, value)
        return value

    def _complete_item(self, data: Mapping[str, Any], value: dict[str, Any]) -> None:
        missing: dict[str, list[str]] = {}
        for name, field in self.fields.items():
            if field.read_only or name in data:
                continue
            if field.required:
                missing[name] = [str(field.error_messages["required"])]
            elif field.default is not empty:
                default = field.default
                if callable(default):
                    needs_field = getattr(default, "requires_context", False)
                    default = default(field) if needs_field else default()
                self.set_value(value, field.source_attrs, default)
        if missing:
            raise serializers.ValidationError(missing)


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class PageParams(serializers.Serializer):
    """`page` and `page_size` (at most 100), checked so a wrong type answers 400."""

    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)


def page_of(item: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The schema of one page of a list: count, next, previous and results."""

    @extend_schema_serializer(component_name=name)
    class Page(serializers.Serializer):
        count = serializers.IntegerField()
        next = serializers.URLField(allow_null=True)
        previous = serializers.URLField(allow_null=True)
        results = item(many=True)

    return Page


class SearchPagination(Pagination):
    """A search's page and its number of matches in one pass (accounts.pagination)."""

    django_paginator_class = SearchPaginator


def paginate(
    request: Request, view: APIView, qs: QuerySet[Any], pagination: type[Pagination] = Pagination
) -> tuple[Pagination, list[Any]]:
    """One page of `qs` and its paginator, for a view that does something with the rows
    before it answers (e.g. writes the access log). A search passes SearchPagination."""
    paginator = pagination()
    page = paginator.paginate_queryset(qs, request, view=view)
    return paginator, list(page or [])


def paginated(
    request: Request,
    view: APIView,
    qs: QuerySet[Any],
    out: Any,
    pagination: type[Pagination] = Pagination,
) -> Response:
    paginator, page = paginate(request, view, qs, pagination)
    return paginator.get_paginated_response(out(page, many=True).data)


def read_query(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def colleague_by_email(email: str) -> User:
    """A consultant, manager or admin of the current jobcenter by e-mail; 400 otherwise."""
    user = selectors.colleagues().filter(email__iexact=email.strip()).first()
    if user is None:
        raise serializers.ValidationError(
            _("%(email)s er ikke konsulent, leder eller administrator i jobcentret.")
            % {"email": email}
        )
    return user


def person_filter(value: str, user: User) -> int:
    """A list filter naming a person: `me`, or the e-mail of anyone who is or was a member of
    the jobcenter (a former colleague's placements are still theirs)."""
    if value.strip().lower() == "me":
        return int(user.pk)
    user_id = (
        Membership.objects.filter(user__email__iexact=value.strip())
        .values_list("user_id", flat=True)
        .first()
    )
    if user_id is None:
        raise serializers.ValidationError(_("Ingen i jobcentret har denne e-mail."))
    return int(user_id)


class CapabilityApiView(APIView):
    """Reads need `required_capability` (HasCapability checks it, and the isolation matrix
    reads it); every other method needs `write_capability` too. Read-only tokens are refused
    writes by HasCapability. A view whose POST only reads (a look-up with its criterion in the
    body, never in the URL) sets `reads_only`."""

    required_capability: str | None = None
    write_capability: str | None = None
    reads_only = False

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if request.method in SAFE_METHODS or self.reads_only or self.write_capability is None:
            return
        membership = request._request.membership  # type: ignore[attr-defined]
        if not membership.can(self.write_capability):
            self.permission_denied(request)
