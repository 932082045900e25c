"""REST API for virksomhedscentre and their waiting lists under /api/v1/<jobcenter>/ (issue 7,
item 8).

Occupancy is counted in SQL as partnerships.services.seats_taken counts it (open placements
linked to the contract that hold a seat today, planned ones included), for a whole page at
once. Seats are taken by placements: POST a placement with `virksomhedscenter` to the
placements API (the contract's row is locked while its seats are counted, so it can never be
overbooked). Waiting-list answers show candidates, so they write the access log as the
candidate API does."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import access_log
from accounts.api_helpers import PageParams, StrictSerializer, page_of, paginate
from candidates.models import Candidate, TargetGroup
from companies.models import Company, ContactPerson, Workplace
from partnerships import services, services_api
from partnerships.api.serializers import (
    CentreOut,
    PartnershipsApiView,
    WaitingListEntryOut,
    by_public_id,
)
from partnerships.models import (
    Agreement,
    CentreContract,
    CentreMentor,
    CentreTargetGroup,
    WaitingListEntry,
    WaitingStatus,
)
from partnerships.selectors.centres import seat_holders

CentrePage = page_of(CentreOut, "CentrePage")


def _count(qs: QuerySet[Any], link: str) -> Coalesce:
    counted = qs.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def centre_queryset() -> QuerySet[CentreContract]:
    """Contracts with their occupancy today (`taken`, `waiting`) and what the answer shows."""
    today = timezone.localdate()
    holding = seat_holders(today)  # the page's rule (services.seats_taken)
    waiting = WaitingListEntry.objects.filter(status=WaitingStatus.WAITING)
    return (
        CentreContract.objects.select_related("company", "workplace", "agreement")
        .annotate(
            taken=_count(holding, "centre_contract"),
            waiting=_count(waiting, "contract"),
        )
        .prefetch_related(
            Prefetch(
                "centretargetgroup_set",
                queryset=CentreTargetGroup.objects.select_related("target_group").order_by("pk"),
                to_attr="target_group_links",
            ),
            Prefetch(
                "mentors", queryset=CentreMentor.objects.select_related("contact").order_by("pk")
            ),
        )
    )


def centre_get(public_id: Any) -> CentreContract:
    contract = centre_queryset().filter(public_id=public_id).first()
    if contract is None:
        raise Http404
    return contract


def _target_group(value: str) -> TargetGroup | None:
    value = value.strip()
    for group in TargetGroup.objects.all():
        if str(group.public_id) == value or group.name.casefold() == value.casefold():
            return group
    return None


@extend_schema_serializer(component_name="CentreMentorInput")
class MentorIn(StrictSerializer):
    contact = serializers.UUIDField(help_text="public_id of a contact person of the company.")
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=99, coerce_to_string=False
    )


class CentreFields(StrictSerializer):
    company = serializers.UUIDField(help_text="The company's public_id.")
    workplace = serializers.UUIDField(
        required=False, allow_null=True, help_text="public_id of one of the company's workplaces."
    )
    agreement = serializers.UUIDField(
        required=False, allow_null=True, help_text="public_id of the company's agreement."
    )
    name = serializers.CharField(max_length=200)
    seats = serializers.IntegerField(min_value=1, max_value=500)
    work_areas = serializers.CharField(required=False, allow_blank=True)
    mentor_hours_per_week = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, required=False, coerce_to_string=False
    )
    payment_per_seat_month = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, required=False, coerce_to_string=False
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    target_groups = serializers.ListField(
        child=serializers.CharField(max_length=120),
        required=False,
        max_length=50,
        help_text="Target groups by name or public_id.",
    )
    mentors = MentorIn(many=True, required=False)

    def validate_company(self, value: Any) -> Company:
        return by_public_id(
            Company.objects.all(), value, _("Ingen virksomhed med dette public_id.")
        )

    def validate_workplace(self, value: Any) -> Workplace | None:
        return by_public_id(
            Workplace.objects.all(), value, _("Intet arbejdssted med dette public_id.")
        )

    def validate_agreement(self, value: Any) -> Agreement | None:
        return by_public_id(Agreement.objects.all(), value, _("Ingen aftale med dette public_id."))

    def validate_target_groups(self, value: list[str]) -> list[TargetGroup]:
        found, unknown = [], []
        for reference in value:
            group = _target_group(reference)
            if group is None:
                unknown.append(reference)
            else:
                found.append(group)
        if unknown:
            raise serializers.ValidationError(
                [_("Ukendt målgruppe: %(name)s.") % {"name": name} for name in unknown]
            )
        return found

    def validate_mentors(self, value: list[dict[str, Any]]) -> list[tuple[ContactPerson, Any]]:
        contacts = {
            str(c.public_id): c
            for c in ContactPerson.objects.filter(public_id__in=[m["contact"] for m in value])
        }
        missing = [str(m["contact"]) for m in value if str(m["contact"]) not in contacts]
        if missing:
            raise serializers.ValidationError(
                [_("Ingen kontaktperson med public_id %(id)s.") % {"id": i} for i in missing]
            )
        return [(contacts[str(m["contact"])], m["hours_per_week"]) for m in value]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("starts_on"), attrs.get("ends_on")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"ends_on": [_("Slutdatoen ligger før startdatoen.")]}
            )
        return attrs


def _save(request: Request, contract: CentreContract, fields: dict[str, Any]) -> CentreContract:
    links = {name: fields.pop(name) for name in ("target_groups", "mentors") if name in fields}
    with transaction.atomic():
        contract = services.centre_save(actor=request.user, contract=contract, **fields)
        services_api.centre_links_set(actor=request.user, contract=contract, **links)
    return contract


class CentreListApi(PartnershipsApiView):
    """The jobcenter's virksomhedscentre by name, each with its occupancy today (seats, taken,
    free, waiting); POST registers a contract."""

    @extend_schema_serializer(component_name="CentreFilters")
    class FilterSerializer(PageParams):
        search = serializers.CharField(
            required=False, max_length=200, allow_blank=True, help_text="Name or company name."
        )
        company = serializers.UUIDField(required=False, help_text="The company's public_id.")
        current = serializers.BooleanField(
            required=False,
            allow_null=True,
            default=None,
            help_text="true: contracts whose period holds today; false: the others.",
        )
        has_free_seats = serializers.BooleanField(required=False, allow_null=True, default=None)

    @extend_schema(
        operation_id="centres_list",
        tags=["virksomhedscentre"],
        parameters=[FilterSerializer],
        responses=CentrePage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        qs = centre_queryset()
        if q.get("search", "").strip():
            term = q["search"].strip()
            qs = qs.filter(Q(name__icontains=term) | Q(company__name__icontains=term))
        if q.get("company"):
            qs = qs.filter(company__public_id=q["company"])
        if q.get("current") is not None:
            today = timezone.localdate()
            now = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            qs = qs.filter(now) if q["current"] else qs.exclude(now)
        if q.get("has_free_seats") is not None:
            free = Q(taken__lt=F("seats"))
            qs = qs.filter(free) if q["has_free_seats"] else qs.exclude(free)
        paginator, page = paginate(request, self, qs.order_by("name", "pk"))
        return paginator.get_paginated_response(CentreOut(page, many=True).data)

    @extend_schema_serializer(component_name="CentreInput")
    class InputSerializer(CentreFields):
        pass

    @extend_schema(
        operation_id="centres_create",
        tags=["virksomhedscentre"],
        request=InputSerializer,
        responses={201: CentreOut},
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = _save(request, CentreContract(), dict(data.validated_data))
        return Response(
            CentreOut(centre_get(contract.public_id)).data, status=status.HTTP_201_CREATED
        )


class CentreDetailApi(PartnershipsApiView):
    """One virksomhedscenter with its occupancy today: seats, taken, free and waiting. PATCH
    changes the fields it is given; a contract cannot have fewer seats than are taken."""

    @extend_schema_serializer(component_name="CentrePatch")
    class InputSerializer(CentreFields):
        pass

    @extend_schema(operation_id="centres_retrieve", tags=["virksomhedscentre"], responses=CentreOut)
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        return Response(CentreOut(centre_get(public_id)).data)

    @extend_schema(
        operation_id="centres_partial_update",
        tags=["virksomhedscentre"],
        request=InputSerializer,
        responses=CentreOut,
    )
    def patch(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        contract = centre_get(public_id)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        _save(request, contract, dict(data.validated_data))
        return Response(CentreOut(centre_get(public_id)).data)


def waiting_entries(contract: CentreContract) -> list[WaitingListEntry]:
    """The candidates waiting, next in line first, numbered."""
    entries = list(
        WaitingListEntry.objects.filter(contract=contract, status=WaitingStatus.WAITING)
        .select_related("candidate", "added_by")
        .order_by("added_at", "pk")
    )
    for number, entry in enumerate(entries, start=1):
        entry.position = number  # type: ignore[attr-defined]
    return entries


class CentreWaitingListApi(PartnershipsApiView):
    """The candidates waiting for the next free seat, next in line first; POST puts a
    candidate (by public_id) at the end of the list. Seat them by POSTing a placement with
    `virksomhedscenter` to the placements API."""

    @extend_schema_serializer(component_name="WaitingListInput")
    class InputSerializer(StrictSerializer):
        candidate = serializers.UUIDField(help_text="The candidate's public_id.")
        note = serializers.CharField(max_length=300, required=False, allow_blank=True)

        def validate_candidate(self, value: Any) -> Candidate:
            candidate = Candidate.objects.filter(
                public_id=value, anonymised_at__isnull=True
            ).first()
            if candidate is None:
                raise serializers.ValidationError(_("Ingen kandidat med dette public_id."))
            return candidate

    @extend_schema(
        operation_id="centres_waiting_list",
        tags=["virksomhedscentre"],
        responses=WaitingListEntryOut(many=True),
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        contract = centre_get(public_id)
        entries = waiting_entries(contract)
        access_log.record_many(
            user=request.user, action="list", objs=[entry.candidate for entry in entries]
        )
        return Response(WaitingListEntryOut(entries, many=True).data)

    @extend_schema(
        operation_id="centres_waiting_list_add",
        tags=["virksomhedscentre"],
        request=InputSerializer,
        responses={201: WaitingListEntryOut},
    )
    def post(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        contract = centre_get(public_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            entry = services.waiting_list_add(
                actor=request.user,
                contract=contract,
                note=data.validated_data.get("note", ""),
                candidate=data.validated_data["candidate"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise ValidationError({"candidate": error.messages}) from None
            raise
        shown = next(e for e in waiting_entries(contract) if e.pk == entry.pk)
        access_log.record(user=request.user, action="view", obj=shown.candidate)
        return Response(WaitingListEntryOut(shown).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("virksomhedscentre/", CentreListApi.as_view(), name="centre-list"),
    path("virksomhedscentre/<uuid:public_id>/", CentreDetailApi.as_view(), name="centre-detail"),
    path(
        "virksomhedscentre/<uuid:public_id>/waiting-list/",
        CentreWaitingListApi.as_view(),
        name="centre-waiting-list",
    ),
]
