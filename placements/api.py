"""REST API for placements, follow-ups and matching under /api/v1/<jobcenter>/ (issue 6,
item 9).

One APIView per URL, over the same selectors and services as the HTML pages, built from the
blocks in accounts/api_helpers.py. Reading needs `placements.view`; writing needs
`placements.change` too; read-only tokens only read.

Candidates appear by public_id, first and last name only (never a CPR number), and every
answer that shows a candidate writes the access log as the candidate API does: list answers one
`list` row per person shown (one statement) plus a `search` row with the filters when there are
any; everything else one `view` row for the placement's candidate. Answers that show nobody
(400, 403, 404) write nothing.

References: candidates, companies, workplaces, job openings, contact persons (mentors) and
placements by public_id; placement types by code or public_id; people by e-mail (`me` for the
token's owner in filters). A reference to something of another jobcenter answers 400 as if it
did not exist.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import access_log
from accounts.api_helpers import (
    CapabilityApiView,
    EnumField,
    PageParams,
    StrictSerializer,
    colleague_by_email,
    page_of,
    paginate,
    person_filter,
    read_query,
)
from accounts.models import User
from candidates.models import Candidate
from companies import selectors as company_selectors
from companies.models import Company, ContactPerson, JobOpening, Workplace
from partnerships import services_api
from placements import matching, selectors, services
from placements.models import (
    Anchor,
    Channel,
    FollowUp,
    FollowUpStatus,
    Outcome,
    Placement,
    PlacementStatus,
)
from placements.services import OverlappingPlacement

# The placement's links to issue 7 (agreement, virksomhedscenter, jobpakke): the API's names
# for the services' fields.
LINK_FIELDS = {
    "agreement": "agreement",
    "virksomhedscenter": "centre_contract",
    "jobpakke": "job_package",
}
API_NAMES = {field: name for name, field in LINK_FIELDS.items()}


def _links_renamed(error: ValidationError) -> ValidationError:
    """A service's errors on centre_contract and job_package under the API's names."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {API_NAMES.get(name, name): messages for name, messages in error.error_dict.items()}
    )


def _link_models() -> dict[str, Any]:
    from partnerships.models import Agreement, CentreContract, JobPackage

    return {
        "agreement": (Agreement, _("Ingen aftale med dette public_id.")),
        "virksomhedscenter": (CentreContract, _("Intet virksomhedscenter med dette public_id.")),
        "jobpakke": (JobPackage, _("Ingen jobpakke med dette public_id.")),
    }


# Access-log actions, as the candidate API writes them (candidates/api.py).
VIEW = "view"
LIST = "list"
SEARCH = "search"


class PlacementsApiView(CapabilityApiView):
    required_capability = "placements.view"
    write_capability = "placements.change"


def _log_list(request: Request, candidates: list[Candidate], criterion: str) -> None:
    """A `search` row when the list was filtered, and one `list` row per person shown."""
    if criterion:
        access_log.record(user=request.user, action=SEARCH, criterion=criterion)
    unique = list({c.pk: c for c in candidates}.values())
    access_log.record_many(user=request.user, action=LIST, objs=unique)


def _field_errors(error: ValidationError, field: str) -> ValidationError:
    """A service's error that belongs to no field, as an error on `field`."""
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({field: error.messages})


# --- output shapes ----------------------------------------------------------------------------


@extend_schema_serializer(component_name="CandidateRef")
class CandidateRefOut(serializers.Serializer):
    """A candidate as the placement answers show one: never a CPR number."""

    public_id = serializers.UUIDField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


@extend_schema_serializer(component_name="CompanyRef")
class CompanyRefOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()


@extend_schema_serializer(component_name="CadenceStep")
class CadenceStepOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    anchor = EnumField(Anchor.choices, enum_name="CadenceAnchorEnum")
    offset_days = serializers.IntegerField(
        help_text="Days after (positive) or before (negative) the start, the middle or the end."
    )
    channel = EnumField(Channel.choices, enum_name="FollowUpChannelEnum")


@extend_schema_serializer(component_name="PlacementType")
class PlacementTypeOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_employment = serializers.BooleanField()
    is_ordinary = serializers.BooleanField()
    is_subsidised = serializers.BooleanField()
    is_education = serializers.BooleanField()
    is_exclusive = serializers.BooleanField(
        help_text="A candidate cannot hold two overlapping placements of such types."
    )
    max_weeks = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField()
    cadence = CadenceStepOut(many=True, source="cadence.all")


@extend_schema_serializer(component_name="Placement")
class PlacementOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    candidate = CandidateRefOut()
    company = CompanyRefOut()
    workplace = serializers.UUIDField(source="workplace.public_id", allow_null=True)
    type = serializers.CharField(source="placement_type.code", help_text="The type's code.")
    type_name = serializers.CharField(source="placement_type.name")
    job_opening = serializers.UUIDField(source="job_opening.public_id", allow_null=True)
    predecessor = serializers.UUIDField(source="predecessor.public_id", allow_null=True)
    planned_start = serializers.DateField()
    planned_end = serializers.DateField(allow_null=True)
    actual_start = serializers.DateField(allow_null=True)
    actual_end = serializers.DateField(allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    tasks = serializers.CharField()
    mentor = serializers.UUIDField(
        source="mentor.public_id", allow_null=True, help_text="A contact person's public_id."
    )
    mentor_hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    agreement = serializers.UUIDField(
        source="agreement.public_id",
        allow_null=True,
        help_text="The partnership agreement the placement counts towards.",
    )
    virksomhedscenter = serializers.UUIDField(
        source="centre_contract.public_id",
        allow_null=True,
        help_text="The virksomhedscenter whose seat the placement takes.",
    )
    jobpakke = serializers.UUIDField(
        source="job_package.public_id", allow_null=True, help_text="The jobpakke it is part of."
    )
    consultant = serializers.EmailField(source="consultant.email")
    status = EnumField(PlacementStatus.choices, enum_name="PlacementStatusEnum")
    interruption_reason = serializers.CharField()
    outcome = EnumField(Outcome.choices, enum_name="PlacementOutcomeEnum", allow_blank=True)
    outcome_note = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="FollowUpPlacement")
class FollowUpPlacementOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    candidate = CandidateRefOut()
    company = CompanyRefOut()
    type_name = serializers.CharField(source="placement_type.name")


@extend_schema_serializer(component_name="FollowUp")
class FollowUpOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    placement = FollowUpPlacementOut()
    kind = serializers.CharField(help_text="The cadence step it came from; empty: added by hand.")
    label = serializers.CharField()
    due_on = serializers.DateField()
    owner = serializers.EmailField(source="owner.email")
    channel = EnumField(Channel.choices, enum_name="FollowUpChannelEnum")
    status = EnumField(FollowUpStatus.choices, enum_name="FollowUpStatusEnum")
    done_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()
    employer_answer = serializers.CharField()
    employer_answered_at = serializers.DateTimeField(allow_null=True)
    is_overdue = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


PlacementPage = page_of(PlacementOut, "PlacementPage")
FollowUpPage = page_of(FollowUpOut, "FollowUpPage")


# --- placement types --------------------------------------------------------------------------


class PlacementTypeListApi(PlacementsApiView):
    """The jobcenter's placement types with their follow-up cadence, retired ones included
    (`is_active` false): old placements keep them."""

    @extend_schema(
        operation_id="placement_types_list",
        tags=["placements"],
        responses=PlacementTypeOut(many=True),
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        services.placement_types_ensure_defaults()
        return Response(PlacementTypeOut(selectors.placement_types(), many=True).data)


# --- placements -------------------------------------------------------------------------------


def _by_public_id(qs: Any, value: Any, message: str) -> Any:
    if value is None:
        return None
    found = qs.filter(public_id=value).first()
    if found is None:
        raise serializers.ValidationError(message)
    return found


class PlacementFields(StrictSerializer):
    """What both POST and PATCH take. References to the company's workplaces, openings and
    contact persons are checked against the company in `resolve()`."""

    workplace = serializers.UUIDField(
        required=False, allow_null=True, help_text="public_id of one of the company's workplaces."
    )
    job_opening = serializers.UUIDField(
        required=False, allow_null=True, help_text="public_id of the company's job opening."
    )
    planned_start = serializers.DateField()
    planned_end = serializers.DateField(required=False, allow_null=True)
    actual_start = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=60,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    tasks = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    mentor = serializers.UUIDField(
        required=False, allow_null=True, help_text="public_id of a contact person of the company."
    )
    mentor_hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=40,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    consultant = serializers.EmailField(
        required=False,
        help_text="E-mail of the responsible consultant; default: the token's owner.",
    )
    agreement = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="public_id of one of the company's partnership agreements; null: none.",
    )
    virksomhedscenter = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="public_id of one of the company's virksomhedscenter contracts: the "
        "placement takes one of its seats (400 when all are taken); null: none.",
    )
    jobpakke = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="public_id of one of the company's jobpakker; null: none.",
    )

    def validate_consultant(self, value: str) -> User:
        return colleague_by_email(value)

    def resolve(self, attrs: dict[str, Any], company: Company) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        lookups = {
            "workplace": (
                Workplace.objects.filter(company=company),
                _("Virksomheden har intet arbejdssted med dette public_id."),
            ),
            "job_opening": (
                JobOpening.objects.filter(company=company),
                _("Virksomheden har ingen jobåbning med dette public_id."),
            ),
            "mentor": (
                ContactPerson.objects.filter(company=company),
                _("Virksomheden har ingen kontaktperson med dette public_id."),
            ),
        }
        for name, (qs, message) in lookups.items():
            if name in attrs:
                try:
                    attrs[name] = _by_public_id(qs, attrs[name], message)
                except serializers.ValidationError as error:
                    errors[name] = list(error.detail)  # type: ignore[arg-type]
        # Any of the jobcenter's: one of another company is refused by the service, by name.
        for name, (model, message) in _link_models().items():
            if name in attrs:
                try:
                    attrs[LINK_FIELDS[name]] = _by_public_id(
                        model.objects.all(), attrs.pop(name), message
                    )
                except serializers.ValidationError as error:
                    errors[name] = list(error.detail)  # type: ignore[arg-type]
        if errors:
            raise serializers.ValidationError(errors)
        start = attrs.get("planned_start")
        end = attrs.get("planned_end")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"planned_end": [_("Slutdatoen ligger før startdatoen.")]}
            )
        return attrs


def overlap_error(error: OverlappingPlacement) -> exceptions.ValidationError:
    """400 naming the placement in the way (its type, company, dates and public_id)."""
    message = error.message_dict["planned_start"][0]
    detail: dict[str, Any] = {"planned_start": [message]}
    if error.other is not None:
        detail["planned_start"] = [
            _("%(message)s Det andet forløb har public_id %(public_id)s.")
            % {"message": message, "public_id": error.other.public_id}
        ]
        detail["conflicting_placement"] = str(error.other.public_id)
    return exceptions.ValidationError(detail)


class PlacementListApi(PlacementsApiView):
    """The jobcenter's placements, newest start first, filtered and paginated; POST records
    one and plans its follow-ups from the type's cadence. An overlapping placement of an
    exclusive type answers 400 naming the other one (in `planned_start` and
    `conflicting_placement`); a ceased company, a closed candidate or an end before the start
    answer 400 on the field."""

    @extend_schema_serializer(component_name="PlacementFilters")
    class FilterSerializer(PageParams):
        type = serializers.CharField(
            required=False, max_length=60, help_text="A placement type's code or public_id."
        )
        status = EnumField(
            PlacementStatus.choices,
            enum_name="PlacementStatusEnum",
            required=False,
            allow_blank=True,
        )
        company = serializers.UUIDField(required=False, help_text="The company's public_id.")
        consultant = serializers.CharField(
            required=False,
            max_length=254,
            help_text="The responsible consultant's e-mail, or `me`.",
        )
        candidate = serializers.UUIDField(required=False, help_text="The candidate's public_id.")
        period_from = serializers.DateField(
            required=False, help_text="Placements that run on at least one day from this day…"
        )
        period_to = serializers.DateField(required=False, help_text="…to this day (inclusive).")
        outcome = EnumField(
            Outcome.choices, enum_name="PlacementOutcomeEnum", required=False, allow_blank=True
        )

        def validate_type(self, value: str) -> int:
            found = selectors.placement_type_by_reference(value)
            if found is None:
                raise serializers.ValidationError(_("Ukendt forløbstype."))
            return int(found.pk)

        def validate_consultant(self, value: str) -> int:
            return person_filter(value, self.context["user"])

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            start, end = attrs.get("period_from"), attrs.get("period_to")
            if start and end and end < start:
                raise serializers.ValidationError(
                    {"period_to": [_("Slutdatoen ligger før startdatoen.")]}
                )
            return attrs

    @extend_schema_serializer(component_name="PlacementInput")
    class InputSerializer(PlacementFields):
        candidate = serializers.UUIDField(help_text="The candidate's public_id.")
        company = serializers.UUIDField(help_text="The company's public_id.")
        type = serializers.CharField(
            max_length=60, help_text="A placement type's code (e.g. internship) or public_id."
        )
        predecessor = serializers.UUIDField(
            required=False,
            allow_null=True,
            help_text="public_id of the candidate's placement this one follows on from.",
        )

        def validate_candidate(self, value: uuid.UUID) -> Candidate:
            candidate = Candidate.objects.filter(
                public_id=value, anonymised_at__isnull=True
            ).first()
            if candidate is None:
                raise serializers.ValidationError(_("Ingen kandidat med dette public_id."))
            return candidate

        def validate_company(self, value: uuid.UUID) -> Company:
            company = Company.objects.filter(public_id=value).first()
            if company is None:
                raise serializers.ValidationError(_("Ingen virksomhed med dette public_id."))
            return company

        def validate_type(self, value: str) -> Any:
            services.placement_types_ensure_defaults()
            found = selectors.placement_type_by_reference(value)
            if found is None:
                raise serializers.ValidationError(
                    _("Ukendt forløbstype. Vælg en af: %(codes)s.")
                    % {"codes": ", ".join(t.code for t in selectors.placement_types())}
                )
            if not found.is_active:
                raise serializers.ValidationError(_("Forløbstypen er ikke længere i brug."))
            return found

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            attrs = self.resolve(attrs, attrs["company"])
            if attrs.get("predecessor") is not None:
                predecessor = Placement.objects.filter(
                    public_id=attrs["predecessor"], candidate=attrs["candidate"]
                ).first()
                if predecessor is None:
                    raise serializers.ValidationError(
                        {"predecessor": [_("Kandidaten har intet forløb med dette public_id.")]}
                    )
                attrs["predecessor"] = predecessor
            attrs["placement_type"] = attrs.pop("type")
            return attrs

    @extend_schema(
        operation_id="placements_list",
        tags=["placements"],
        parameters=[FilterSerializer],
        responses=PlacementPage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = self.FilterSerializer(data=request.query_params, context={"user": request.user})
        query.is_valid(raise_exception=True)
        q = query.validated_data
        filters = selectors.PlacementFilters(
            placement_type=q.get("type"),
            status=q.get("status", ""),
            company=q.get("company"),
            consultant=q.get("consultant"),
            candidate=q.get("candidate"),
            period_from=q.get("period_from"),
            period_to=q.get("period_to"),
            outcome=q.get("outcome", ""),
        )
        placements = selectors.placement_list(filters).select_related(
            "agreement", "centre_contract", "job_package"
        )
        paginator, page = paginate(request, self, placements)
        _log_list(request, [p.candidate for p in page], filters.criterion())
        return paginator.get_paginated_response(PlacementOut(page, many=True).data)

    @extend_schema(
        operation_id="placements_create",
        tags=["placements"],
        request=InputSerializer,
        responses={201: PlacementOut},
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "consultant" not in fields:
            fields["consultant"] = colleague_by_email(request.user.email)
        try:
            placement = services_api.placement_create_seated(actor=request.user, **fields)
        except OverlappingPlacement as error:
            raise overlap_error(error) from None
        except ValidationError as error:
            raise _links_renamed(error) from None
        placement = selectors.placement_get_for_user(
            user=request.user, public_id=placement.public_id
        )
        access_log.record(user=request.user, action=VIEW, obj=placement.candidate)
        return Response(PlacementOut(placement).data, status=status.HTTP_201_CREATED)


class PlacementDetailApi(PlacementsApiView):
    """One placement. PATCH changes the fields it is given (moved dates move the open
    follow-ups) and moves the status: `active` starts it (on `actual_start`, default today);
    `completed` or `interrupted` end it on `actual_end` (default today) with an `outcome`, and
    an interruption needs an `interruption_reason`. Follow-ups that no longer apply are then
    cancelled. Fields and status change together or not at all."""

    END_FIELDS = ("actual_end", "outcome", "interruption_reason", "outcome_note")

    @extend_schema_serializer(component_name="PlacementPatch")
    class InputSerializer(PlacementFields):
        planned_start = serializers.DateField(required=False)
        status = EnumField(PlacementStatus.choices, enum_name="PlacementStatusEnum", required=False)
        actual_end = serializers.DateField(
            required=False, help_text="With status completed or interrupted; default today."
        )
        outcome = EnumField(
            Outcome.choices,
            enum_name="PlacementOutcomeEnum",
            required=False,
            help_text="Required with status completed or interrupted.",
        )
        interruption_reason = serializers.CharField(
            max_length=300,
            required=False,
            allow_blank=True,
            help_text="Required with status interrupted.",
        )
        outcome_note = serializers.CharField(max_length=300, required=False, allow_blank=True)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            placement: Placement = self.context["placement"]
            attrs = self.resolve(attrs, placement.company)
            ending = attrs.get("status") in (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)
            errors: dict[str, list[str]] = {}
            for name in PlacementDetailApi.END_FIELDS:
                if name in attrs and not ending:
                    errors[name] = [_("Gives kun sammen med status completed eller interrupted.")]
            if ending and not attrs.get("outcome"):
                errors["outcome"] = [_("Vælg resultatet.")]
            if (
                attrs.get("status") == PlacementStatus.INTERRUPTED
                and not attrs.get("interruption_reason", "").strip()
            ):
                errors["interruption_reason"] = [_("Skriv, hvorfor forløbet blev afbrudt.")]
            starting = attrs.get("status") == PlacementStatus.ACTIVE
            if "actual_start" in attrs and not starting:
                if placement.status != PlacementStatus.ACTIVE:
                    errors["actual_start"] = [
                        _("Start forløbet med status active, eller ret den planlagte start.")
                    ]
                elif attrs["actual_start"] is None:
                    errors["actual_start"] = [_("Et forløb i gang har en startdato.")]
            if attrs.get("status") == PlacementStatus.PLANNED and (
                placement.status != PlacementStatus.PLANNED
            ):
                errors["status"] = [_("Et forløb kan ikke gå tilbage til planlagt.")]
            if errors:
                raise serializers.ValidationError(errors)
            return attrs

    @extend_schema(operation_id="placements_retrieve", tags=["placements"], responses=PlacementOut)
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        placement = selectors.placement_get_for_user(user=request.user, public_id=public_id)
        access_log.record(user=request.user, action=VIEW, obj=placement.candidate)
        return Response(PlacementOut(placement).data)

    @extend_schema(
        operation_id="placements_partial_update",
        tags=["placements"],
        request=InputSerializer,
        responses=PlacementOut,
    )
    def patch(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        placement = selectors.placement_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(
            data=request.data, partial=True, context={"placement": placement}
        )
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        new_status = fields.pop("status", None)
        end = {name: fields.pop(name) for name in self.END_FIELDS if name in fields}
        started_on: date | None = None
        if new_status == PlacementStatus.ACTIVE:
            started_on = fields.pop("actual_start", None)
        try:
            with transaction.atomic():
                if fields:
                    placement = services_api.placement_update_seated(
                        actor=request.user, placement=placement, **fields
                    )
                if new_status is not None and new_status != placement.status:
                    self._move(request, placement, new_status, started_on, end)
        except OverlappingPlacement as error:
            raise overlap_error(error) from None
        except ValidationError as error:
            raise _links_renamed(error) from None
        placement = selectors.placement_get_for_user(user=request.user, public_id=public_id)
        access_log.record(user=request.user, action=VIEW, obj=placement.candidate)
        return Response(PlacementOut(placement).data)

    def _move(
        self,
        request: Request,
        placement: Placement,
        new_status: str,
        started_on: date | None,
        end: dict[str, Any],
    ) -> None:
        try:
            if new_status == PlacementStatus.ACTIVE:
                services.placement_start(
                    actor=request.user, placement=placement, started_on=started_on
                )
            elif new_status in (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED):
                services.placement_end(
                    actor=request.user,
                    placement=placement,
                    ended_on=end.get("actual_end") or timezone.localdate(),
                    outcome=end["outcome"],
                    interrupted=new_status == PlacementStatus.INTERRUPTED,
                    reason=end.get("interruption_reason", ""),
                    outcome_note=end.get("outcome_note", ""),
                )
        except OverlappingPlacement:
            raise
        except ValidationError as error:
            raise _field_errors(error, "status") from None


class PlacementFollowUpsApi(PlacementsApiView):
    """The placement's follow-ups, soonest first, done and cancelled ones included."""

    @extend_schema(
        operation_id="placements_followups_list",
        tags=["placements"],
        responses=FollowUpOut(many=True),
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        placement = selectors.placement_get_for_user(user=request.user, public_id=public_id)
        followups = selectors.placement_followups(placement=placement)
        access_log.record(user=request.user, action=VIEW, obj=placement.candidate)
        return Response(FollowUpOut(followups, many=True).data)


# --- follow-ups -------------------------------------------------------------------------------


class FollowUpListApi(PlacementsApiView):
    """Follow-ups of the jobcenter's placements, soonest first, paginated: e.g. the token
    owner's open ones due by Friday with `owner=me&status=due&due_before=<Friday>`."""

    @extend_schema_serializer(component_name="FollowUpFilters")
    class FilterSerializer(PageParams):
        owner = serializers.CharField(
            required=False, max_length=254, help_text="`me`, or the owner's e-mail."
        )
        due_before = serializers.DateField(required=False, help_text="Due on or before this day.")
        status = EnumField(
            FollowUpStatus.choices,
            enum_name="FollowUpStatusEnum",
            required=False,
            allow_blank=True,
        )

        def validate_owner(self, value: str) -> int:
            return person_filter(value, self.context["user"])

    @extend_schema(
        operation_id="followups_list",
        tags=["follow-ups"],
        parameters=[FilterSerializer],
        responses=FollowUpPage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = self.FilterSerializer(data=request.query_params, context={"user": request.user})
        query.is_valid(raise_exception=True)
        q = query.validated_data
        filters = selectors.FollowUpFilters(
            owner=q.get("owner"), due_before=q.get("due_before"), status=q.get("status", "")
        )
        paginator, page = paginate(request, self, selectors.followup_list(filters))
        _log_list(request, [f.placement.candidate for f in page], filters.criterion())
        return paginator.get_paginated_response(FollowUpOut(page, many=True).data)


class FollowUpDetailApi(PlacementsApiView):
    """One follow-up. PATCH completes it (`status: done`, with `notes` and `done_on`, default
    today), cancels it (`status: cancelled`), or reschedules an open one (`due_on` and/or
    `owner`); not both at once. A cancelled or done follow-up cannot be completed again."""

    @extend_schema_serializer(component_name="FollowUpPatch")
    class InputSerializer(StrictSerializer):
        status = EnumField(FollowUpStatus.choices, enum_name="FollowUpStatusEnum", required=False)
        notes = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=5000,
            help_text="With status done: what came of it (added to the notes).",
        )
        done_on = serializers.DateField(
            required=False, help_text="With status done; default today."
        )
        due_on = serializers.DateField(required=False, help_text="Reschedule to this day.")
        owner = serializers.EmailField(
            required=False, help_text="Hand it to this colleague (e-mail)."
        )

        def validate_owner(self, value: str) -> User:
            return colleague_by_email(value)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            errors: dict[str, list[str]] = {}
            new_status = attrs.get("status")
            for name in ("notes", "done_on"):
                if name in attrs and new_status != FollowUpStatus.DONE:
                    errors[name] = [_("Gives kun sammen med status done.")]
            if new_status in (FollowUpStatus.DONE, FollowUpStatus.CANCELLED):
                for name in ("due_on", "owner"):
                    if name in attrs:
                        errors[name] = [_("Flyt eller afslut opfølgningen, ikke begge på én gang.")]
            if errors:
                raise serializers.ValidationError(errors)
            return attrs

    @extend_schema(operation_id="followups_retrieve", tags=["follow-ups"], responses=FollowUpOut)
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        followup = selectors.followup_get_for_user(user=request.user, public_id=public_id)
        access_log.record(user=request.user, action=VIEW, obj=followup.placement.candidate)
        return Response(FollowUpOut(followup).data)

    @extend_schema(
        operation_id="followups_partial_update",
        tags=["follow-ups"],
        request=InputSerializer,
        responses=FollowUpOut,
    )
    def patch(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        followup: FollowUp = selectors.followup_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        new_status = fields.pop("status", None)
        try:
            if new_status == FollowUpStatus.DONE:
                services.followup_complete(
                    actor=request.user,
                    followup=followup,
                    notes=fields.get("notes", ""),
                    done_on=fields.get("done_on"),
                )
            elif new_status == FollowUpStatus.CANCELLED:
                services.followup_cancel(actor=request.user, followup=followup)
            elif new_status == FollowUpStatus.DUE and followup.status != FollowUpStatus.DUE:
                raise ValidationError(
                    _("En udført eller aflyst opfølgning kan ikke genåbnes; tilføj en ny.")
                )
            if fields.keys() & {"due_on", "owner"}:
                services.followup_reschedule(
                    actor=request.user,
                    followup=followup,
                    due_on=fields.get("due_on"),
                    owner=fields.get("owner"),
                )
        except ValidationError as error:
            raise _field_errors(error, "status") from None
        followup = selectors.followup_get_for_user(user=request.user, public_id=public_id)
        access_log.record(user=request.user, action=VIEW, obj=followup.placement.candidate)
        return Response(FollowUpOut(followup).data)


# --- matching ---------------------------------------------------------------------------------


@extend_schema_serializer(component_name="MatchComponent")
class ComponentOut(serializers.Serializer):
    key = EnumField(
        [(key, str(label)) for key, label in matching.LABELS.items()],
        enum_name="MatchComponentEnum",
    )
    label = serializers.CharField()
    weight = serializers.IntegerField(help_text="The most points the component can give.")
    points = serializers.FloatField()
    reason = serializers.CharField(help_text="Why, in words, for the consultant.")


@extend_schema_serializer(component_name="Match")
class MatchOut(serializers.Serializer):
    candidate = CandidateRefOut()
    score = serializers.IntegerField(help_text="0–100: the sum of the components' points.")
    distance_km = serializers.FloatField(
        allow_null=True,
        help_text="Approximate: between the centres of the two postcode areas.",
    )
    components = ComponentOut(many=True)


@extend_schema_serializer(component_name="MatchedOpening")
class MatchedOpeningOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    title = serializers.CharField()
    company = CompanyRefOut()
    occupation_code = serializers.CharField(source="occupation_code.code", allow_null=True)
    work_postcode = serializers.CharField(
        help_text="The opening's postcode, else its workplace's, else its company's."
    )
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )


@extend_schema_serializer(component_name="JobOpeningMatches")
class MatchesOut(serializers.Serializer):
    job_opening = MatchedOpeningOut()
    start_on = serializers.DateField(
        help_text="The day availability is judged on: the wished start, or today."
    )
    matches = MatchOut(many=True)


class JobOpeningMatchesApi(PlacementsApiView):
    """The active candidates who fit the job opening best, best first, each with its score
    (0–100) and the five components that make it up, with the reason for each: occupation
    (DISCO-08: wished 40, held 30, same minor group 16), distance between the postcode areas
    within the candidate's travel distance (20), hours (15), availability on the wished start
    (15) and target group (10). Distances are approximate, between postcode-area centres."""

    @extend_schema_serializer(component_name="MatchFilters")
    class FilterSerializer(serializers.Serializer):
        limit = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=matching.MAX_LIMIT,
            default=matching.DEFAULT_LIMIT,
            help_text="How many candidates (default 50, at most 100).",
        )

    @extend_schema(
        operation_id="job_openings_matches",
        tags=["job-openings"],
        parameters=[FilterSerializer],
        responses={
            200: MatchesOut,
            404: OpenApiResponse(description="No such job opening in the jobcenter."),
        },
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        opening = company_selectors.job_opening_get_for_user(user=request.user, public_id=public_id)
        query = read_query(self.FilterSerializer, request)
        matches = matching.candidates_for_opening(opening=opening, limit=query["limit"])
        _log_list(
            request,
            [m.candidate for m in matches],
            f"matches job_opening={opening.public_id}",
        )
        body = {
            "job_opening": opening,
            "start_on": matching.start_day(opening),
            "matches": matches,
        }
        return Response(MatchesOut(body).data)
