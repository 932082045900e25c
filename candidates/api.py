"""REST API for candidates under /api/v1/<jobcenter>/ (issue 5, item 10).

One APIView per URL, over the same selectors and services as the HTML pages, built from the
blocks in accounts/api_helpers.py. Reading needs `candidates.view`; writing needs
`candidates.change` too. The CPR look-up is a POST (the number never goes in a URL) that only
reads, so read-only tokens may use it.

Privacy (DESIGN.md section 5):
- No answer carries a full CPR number: candidates show `cpr_masked` (DDMMYY-XXXX) and
  `has_cpr`; `cpr` is write-only, and errors about it never repeat it.
- Sensitive notes are not in the API at all.
- Every answer that shows a candidate writes exactly one access-log row for that person: list
  pages one `list` row per candidate on the page (one statement), everything else one `view`
  row (reads, and writes that answer with the candidate, an assessment or a consent). A list
  call with any filter or search also writes one `search` row with the filters as criterion;
  the CPR look-up writes one `search` row whose criterion is "CPR-opslag", never the number,
  plus a `view` row for the person found. Answers that show nobody (400, 403, 404 for a missing
  candidate) write nothing, except a look-up that found no one (its `search` row) and a CPR
  number registered already (a `view` row for the candidate the error names).

References: people by e-mail (`consultant`), teams and target groups by name or public_id,
assessment schemes by name, companies by public_id, occupations by DISCO-08 code. A reference
to something of another jobcenter answers 400 as if it did not exist.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import access_log
from accounts.api_helpers import (
    CapabilityApiView,
    EnumField,
    PageParams,
    Pagination,
    SearchPagination,
    StrictSerializer,
    colleague_by_email,
    page_of,
    paginate,
    read_query,
)
from accounts.models import Membership, Team
from candidates import selectors, services
from candidates.models import (
    Assessment,
    AssessmentScheme,
    Candidate,
    CandidateOccupation,
    CandidateStatus,
    Consent,
    ConsentCategory,
    DanishLevel,
    DrivingLicence,
    Occupation,
    TargetGroup,
)
from candidates.services import DuplicateCpr
from companies import selectors as company_selectors
from companies.models import Company

# Access-log actions written here (accounts.access_log).
VIEW = "view"
LIST = "list"
SEARCH = "search"
# The criterion of a look-up by CPR number: what was done, never the number.
CPR_LOOKUP_CRITERION = "CPR-opslag"


class CandidatesApiView(CapabilityApiView):
    required_capability = "candidates.view"
    write_capability = "candidates.change"


# --- references -------------------------------------------------------------------------------


def _by_name_or_public_id(qs: QuerySet[Any], value: str) -> Any:
    value = value.strip()
    try:
        public_id = uuid.UUID(value)
    except ValueError:
        return qs.filter(name__iexact=value).first()
    return qs.filter(public_id=public_id).first()


def team_by_reference(value: str) -> Team:
    team = _by_name_or_public_id(selectors.teams(), value)
    if team is None:
        raise serializers.ValidationError(_("Jobcentret har intet team med dette navn eller id."))
    return team


def target_group_by_reference(value: str, *, catalogue: QuerySet[TargetGroup]) -> TargetGroup:
    group = _by_name_or_public_id(catalogue, value)
    if group is None:
        raise serializers.ValidationError(
            _("Ukendt målgruppe. Vælg en af: %(names)s.")
            % {"names": "; ".join(g.name for g in catalogue)}
        )
    return group


def occupations_by_code(codes: list[str]) -> list[Occupation]:
    wanted = list(dict.fromkeys(code.strip() for code in codes))
    found = {o.code: o for o in selectors.occupations().filter(code__in=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise serializers.ValidationError(
            _("Ukendte DISCO-08-koder: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    return [found[code] for code in wanted]


def member_id_by_email(email: str) -> int:
    """Any member of the jobcenter, also a former one, for the list's consultant filter."""
    user_id = (
        Membership.objects.filter(user__email__iexact=email.strip())
        .values_list("user_id", flat=True)
        .first()
    )
    if user_id is None:
        raise serializers.ValidationError(_("Ingen i jobcentret har denne e-mail."))
    return int(user_id)


# --- output shapes ----------------------------------------------------------------------------


@extend_schema_serializer(component_name="LatestAssessment")
class LatestAssessmentOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    scheme = serializers.CharField(source="scheme.name")
    value = serializers.CharField()
    assessed_on = serializers.DateField()


@extend_schema_serializer(component_name="CandidateOccupation")
class CandidateOccupationOut(serializers.Serializer):
    code = serializers.CharField(source="occupation.code", help_text="DISCO-08 code.")
    title = serializers.CharField(source="occupation.title")
    kind = EnumField(CandidateOccupation.Kind.choices, enum_name="CandidateOccupationKindEnum")


@extend_schema_serializer(component_name="CandidateListItem")
class CandidateListItemOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    has_cpr = serializers.BooleanField()
    cpr_masked = serializers.CharField(
        help_text="DDMMYY-XXXX, or empty without a CPR number. The full number is never shown."
    )
    case_reference = serializers.CharField()
    consultant = serializers.EmailField(
        source="consultant.email", allow_null=True, help_text="The responsible consultant."
    )
    team = serializers.CharField(source="team.name", allow_null=True)
    status = EnumField(CandidateStatus.choices, enum_name="CandidateStatusEnum")
    target_group = serializers.CharField(source="target_group.name", allow_null=True)
    latest_assessment = LatestAssessmentOut(allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    postcode = serializers.CharField()
    city = serializers.CharField()
    updated_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="Candidate")
class CandidateOut(CandidateListItemOut):
    email = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    closed_reason = serializers.CharField()
    education = serializers.CharField()
    danish_level = EnumField(DanishLevel.choices, enum_name="DanishLevelEnum", allow_blank=True)
    driving_licences = serializers.ListField(
        child=EnumField(DrivingLicence.choices, enum_name="DrivingLicenceEnum")
    )
    max_travel_km = serializers.IntegerField(allow_null=True)
    languages = serializers.ListField(child=serializers.CharField())
    competences = serializers.ListField(child=serializers.CharField())
    profile_text = serializers.CharField()
    occupations = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(CandidateOccupationOut(many=True))
    def get_occupations(self, candidate: Candidate) -> Any:
        return CandidateOccupationOut(self.context["occupations"], many=True).data


def candidate_out(candidate: Candidate) -> Any:
    occupations = selectors.candidate_occupations(candidate=candidate).order_by(
        "kind", "occupation__title"
    )
    return CandidateOut(candidate, context={"occupations": list(occupations)}).data


@extend_schema_serializer(component_name="Assessment")
class AssessmentOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    scheme = serializers.CharField(source="scheme.name")
    value = serializers.CharField()
    assessed_on = serializers.DateField()
    note = serializers.CharField()
    recorded_by = serializers.EmailField(source="recorded_by.email", allow_null=True)
    recorded_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="Consent")
class ConsentOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    company = serializers.UUIDField(
        source="company.public_id",
        allow_null=True,
        help_text="The company's public_id; null: employers in general.",
    )
    company_name = serializers.CharField(source="company.name", allow_null=True)
    categories = serializers.ListField(
        child=EnumField(ConsentCategory.choices, enum_name="ConsentCategoryEnum")
    )
    given_on = serializers.DateField()
    note = serializers.CharField()
    recorded_by = serializers.EmailField(source="recorded_by.email", allow_null=True)
    recorded_at = serializers.DateTimeField()
    withdrawn_on = serializers.DateField(allow_null=True)
    withdrawn_by = serializers.EmailField(source="withdrawn_by.email", allow_null=True)
    is_active = serializers.BooleanField()


CandidatePage = page_of(CandidateListItemOut, "CandidatePage")


# --- candidates -------------------------------------------------------------------------------


@extend_schema_serializer(component_name="CandidateInput")
class CandidateFields(StrictSerializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    cpr = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text='Ten digits, with or without a hyphen. Never shown again; "" removes it.',
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=4, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    case_reference = serializers.CharField(max_length=60, required=False, allow_blank=True)
    consultant = serializers.EmailField(
        required=False,
        allow_null=True,
        help_text="E-mail of a consultant, manager or admin of the jobcenter; null: none.",
    )
    team = serializers.CharField(
        max_length=120,
        required=False,
        allow_null=True,
        help_text="The team's name or public_id; null: none.",
    )
    target_group = serializers.CharField(
        max_length=120,
        required=False,
        allow_null=True,
        help_text="Name or public_id of a target group valid today; null: none.",
    )
    education = serializers.CharField(max_length=300, required=False, allow_blank=True)
    danish_level = EnumField(
        DanishLevel.choices, enum_name="DanishLevelEnum", required=False, allow_blank=True
    )
    driving_licences = serializers.ListField(
        child=EnumField(DrivingLicence.choices, enum_name="DrivingLicenceEnum"),
        required=False,
        max_length=len(DrivingLicence.choices),
    )
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=60,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    max_travel_km = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=500
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=20
    )
    competences = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, max_length=50
    )
    profile_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    occupations_wished = serializers.ListField(
        child=serializers.CharField(max_length=6),
        required=False,
        max_length=20,
        help_text="DISCO-08 codes of the occupations the candidate wishes for (replaces them).",
    )
    occupations_held = serializers.ListField(
        child=serializers.CharField(max_length=6),
        required=False,
        max_length=20,
        help_text="DISCO-08 codes of the occupations the candidate has held (replaces them).",
    )

    def validate_consultant(self, value: str | None) -> Any:
        return None if value is None else colleague_by_email(value)

    def validate_team(self, value: str | None) -> Team | None:
        return None if value is None else team_by_reference(value)

    def validate_target_group(self, value: str | None) -> TargetGroup | None:
        if value is None:
            return None
        services.target_groups_ensure_defaults()
        return target_group_by_reference(value, catalogue=selectors.target_groups())

    def validate_occupations_wished(self, value: list[str]) -> list[Occupation]:
        return occupations_by_code(value)

    def validate_occupations_held(self, value: list[str]) -> list[Occupation]:
        return occupations_by_code(value)


def _split(fields: dict[str, Any]) -> tuple[str | None, dict[str, list[Occupation]]]:
    """Take the CPR number and the occupations out of validated fields (the rest go to the
    candidate services as they are)."""
    cpr = fields.pop("cpr", None)
    occupations = {
        kind: fields.pop(f"occupations_{kind}")
        for kind in ("wished", "held")
        if f"occupations_{kind}" in fields
    }
    return cpr, occupations


def _set_occupations(
    *, actor: Any, candidate: Candidate, occupations: dict[str, list[Occupation]]
) -> None:
    if not occupations:
        return
    current: dict[str, list[Occupation]] = {"wished": [], "held": []}
    for row in selectors.candidate_occupations(candidate=candidate):
        current[row.kind].append(row.occupation)
    current.update(occupations)
    services.candidate_set_occupations(
        actor=actor, candidate=candidate, wished=current["wished"], held=current["held"]
    )


def duplicate_cpr_error(request: Request, duplicate: DuplicateCpr) -> exceptions.ValidationError:
    """400 naming the candidate who has the number (by name and public_id, never the number);
    the error shows that person, so it is logged as a view of them."""
    existing = duplicate.existing
    access_log.record(user=request.user, action=VIEW, obj=existing)
    message = duplicate.message_dict["cpr"][0]
    return exceptions.ValidationError(
        {
            "cpr": [
                _("%(message)s Den eksisterende kandidat har public_id %(public_id)s.")
                % {"message": message, "public_id": existing.public_id}
            ],
            "existing_public_id": str(existing.public_id),
        }
    )


class CandidateListApi(CandidatesApiView):
    """The jobcenter's candidates, searched, filtered, sorted and paginated (the same selector
    as the Borgere page); POST registers a candidate. A CPR number registered already answers
    400 with the existing candidate's public_id in the `cpr` error and in `existing_public_id`.
    Search by CPR number with POST candidates/lookup/, never here: a `search` that looks like
    one answers 400."""

    @extend_schema_serializer(component_name="CandidateFilters")
    class FilterSerializer(PageParams):
        search = serializers.CharField(
            required=False,
            max_length=200,
            allow_blank=True,
            help_text="Name or case reference (misspellings and æ/ø/å forgiven).",
        )
        status = EnumField(
            CandidateStatus.choices,
            enum_name="CandidateStatusEnum",
            required=False,
            allow_blank=True,
        )
        target_group = serializers.CharField(
            required=False, max_length=120, help_text="A target group's name or public_id."
        )
        assessment = serializers.CharField(
            required=False,
            max_length=60,
            allow_blank=True,
            help_text="The value of the newest assessment, e.g. Jobparat.",
        )
        consultant = serializers.EmailField(
            required=False, help_text="The responsible consultant's e-mail."
        )
        team = serializers.CharField(
            required=False, max_length=120, help_text="The team's name or public_id."
        )
        occupation = serializers.CharField(
            required=False,
            max_length=6,
            allow_blank=True,
            help_text="DISCO-08 code of an occupation wished for or held.",
        )
        min_hours = serializers.DecimalField(
            required=False,
            max_digits=4,
            decimal_places=1,
            min_value=0,
            max_value=60,
            help_text="At least this many hours a week available.",
        )
        mine = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Only the candidates the token's owner is responsible for.",
        )
        ordering = serializers.ChoiceField(
            choices=sorted(selectors.ORDERINGS),
            required=False,
            help_text="Ignored while searching: search results come best match first.",
        )

        def validate_target_group(self, value: str) -> int:
            return int(target_group_by_reference(value, catalogue=TargetGroup.objects.all()).pk)

        def validate_team(self, value: str) -> int:
            return int(team_by_reference(value).pk)

        def validate_consultant(self, value: str) -> int:
            return member_id_by_email(value)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs.get("mine") and "consultant" in attrs:
                raise serializers.ValidationError(
                    {"mine": [_("Brug enten mine eller consultant, ikke begge.")]}
                )
            return attrs

    @extend_schema(
        operation_id="candidates_list",
        tags=["candidates"],
        parameters=[FilterSerializer],
        responses=CandidatePage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = read_query(self.FilterSerializer, request)
        consultant = request.user.pk if query["mine"] else query.get("consultant")
        filters = selectors.CandidateFilters(
            search=query.get("search", ""),
            status=query.get("status", ""),
            target_group=query.get("target_group"),
            assessment=query.get("assessment", ""),
            consultant=consultant,
            team=query.get("team"),
            occupation=query.get("occupation", "").strip(),
            min_hours=query.get("min_hours"),
            ordering=query.get("ordering", "name"),
        )
        if filters.is_search:
            access_log.record(user=request.user, action=SEARCH, criterion=filters.criterion())
        paginator, page = paginate(
            request,
            self,
            selectors.candidate_list(filters),
            SearchPagination if filters.search.strip() else Pagination,
        )
        access_log.record_many(user=request.user, action=LIST, objs=page)
        return paginator.get_paginated_response(CandidateListItemOut(page, many=True).data)

    @extend_schema(
        operation_id="candidates_create",
        tags=["candidates"],
        request=CandidateFields,
        responses={201: CandidateOut},
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = CandidateFields(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cpr, occupations = _split(fields)
        try:
            with transaction.atomic():
                candidate = services.candidate_create(actor=request.user, cpr=cpr or "", **fields)
                _set_occupations(actor=request.user, candidate=candidate, occupations=occupations)
        except DuplicateCpr as duplicate:
            raise duplicate_cpr_error(request, duplicate) from None
        candidate = selectors.candidate_get_for_user(
            user=request.user, public_id=candidate.public_id
        )
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(candidate_out(candidate), status=status.HTTP_201_CREATED)


class CandidateDetailApi(CandidatesApiView):
    """One candidate; PATCH changes the fields it is given and leaves the rest. `"cpr": ""`
    removes the CPR number. `status` moves the candidate between active, paused and closed;
    closing needs a `closed_reason` and takes `closed_on` (default today)."""

    @extend_schema_serializer(component_name="CandidatePatch")
    class InputSerializer(CandidateFields):
        status = EnumField(CandidateStatus.choices, enum_name="CandidateStatusEnum", required=False)
        closed_on = serializers.DateField(
            required=False, help_text="Only with status `closed`; default today."
        )
        closed_reason = serializers.CharField(
            max_length=300,
            required=False,
            allow_blank=True,
            help_text="Required with status `closed`; only allowed with it.",
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            closing = attrs.get("status") == CandidateStatus.CLOSED
            for name in ("closed_on", "closed_reason"):
                if not closing and (attrs.get(name) not in (None, "")):
                    raise serializers.ValidationError(
                        {name: [_("Gives kun sammen med status closed.")]}
                    )
            return attrs

    @extend_schema(operation_id="candidates_retrieve", tags=["candidates"], responses=CandidateOut)
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(candidate_out(candidate))

    @extend_schema(
        operation_id="candidates_partial_update",
        tags=["candidates"],
        request=InputSerializer,
        responses=CandidateOut,
    )
    def patch(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cpr, occupations = _split(fields)
        new_status = fields.pop("status", None)
        closed_on = fields.pop("closed_on", None)
        reason = fields.pop("closed_reason", "")
        # Fields, occupations and status change together or not at all.
        try:
            with transaction.atomic():
                if fields or cpr is not None:
                    candidate = services.candidate_update(
                        actor=request.user, candidate=candidate, cpr=cpr, **fields
                    )
                _set_occupations(actor=request.user, candidate=candidate, occupations=occupations)
                if new_status is not None:
                    candidate = services.candidate_set_status(
                        actor=request.user,
                        candidate=candidate,
                        status=new_status,
                        closed_on=closed_on,
                        reason=reason,
                    )
        except DuplicateCpr as duplicate:
            raise duplicate_cpr_error(request, duplicate) from None
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(candidate_out(candidate))


class CandidateLookupApi(CandidatesApiView):
    """Find a candidate by exact CPR number, sent in the body (never in a URL). 200 with the
    candidate, 404 when the jobcenter has no candidate with the number, 400 when it is not a
    CPR number. The access log gets a `search` row saying "CPR-opslag" (not the number) and a
    `view` row for the candidate found. Only reads: read-only tokens may use it."""

    reads_only = True

    @extend_schema_serializer(component_name="CandidateLookup")
    class InputSerializer(StrictSerializer):
        cpr = serializers.CharField(
            max_length=20, help_text="Ten digits, with or without a hyphen."
        )

    @extend_schema(
        operation_id="candidates_lookup",
        tags=["candidates"],
        request=InputSerializer,
        responses={
            200: CandidateOut,
            400: OpenApiResponse(description="Not a CPR number (the number is not repeated)."),
            404: OpenApiResponse(description="No candidate with this CPR number."),
        },
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            candidate = selectors.candidate_by_cpr(data.validated_data["cpr"])
        except ValidationError as error:
            raise exceptions.ValidationError({"cpr": error.messages}) from None
        access_log.record(user=request.user, action=SEARCH, criterion=CPR_LOOKUP_CRITERION)
        if candidate is None:
            raise exceptions.NotFound(_("Jobcentret har ingen kandidat med dette CPR-nummer."))
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(candidate_out(candidate))


# --- assessments ------------------------------------------------------------------------------


class CandidateAssessmentsApi(CandidatesApiView):
    """The candidate's assessments, newest first; POST records a new one (assessments are
    never changed). `scheme` is a scheme's name from the jobcenter's catalogue (case does not
    matter), `value` one of that scheme's values."""

    @extend_schema_serializer(component_name="AssessmentInput")
    class InputSerializer(StrictSerializer):
        scheme = serializers.CharField(
            max_length=120,
            help_text='The scheme\'s name, e.g. "Jobparat / aktivitetsparat".',
        )
        value = serializers.CharField(max_length=60, help_text="One of the scheme's values.")
        assessed_on = serializers.DateField(
            required=False, default=timezone.localdate, help_text="Default today."
        )
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)

        def validate_scheme(self, value: str) -> AssessmentScheme:
            catalogue = services.schemes_ensure_defaults()
            for scheme in catalogue:
                if scheme.name.casefold() == value.strip().casefold():
                    return scheme
            raise serializers.ValidationError(
                _("Ukendt vurderingsskema. Vælg et af: %(names)s.")
                % {"names": "; ".join(s.name for s in catalogue)}
            )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            # "jobparat" is Jobparat: the scheme's own spelling is stored.
            wanted = attrs["value"].strip().casefold()
            for value in attrs["scheme"].values:
                if value.casefold() == wanted:
                    attrs["value"] = value
            return attrs

    @extend_schema(
        operation_id="candidates_assessments_list",
        tags=["candidates"],
        responses=AssessmentOut(many=True),
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        assessments = selectors.candidate_assessments(candidate=candidate)
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(AssessmentOut(assessments, many=True).data)

    @extend_schema(
        operation_id="candidates_assessments_create",
        tags=["candidates"],
        request=InputSerializer,
        responses={201: AssessmentOut},
    )
    def post(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment: Assessment = services.assessment_record(
            actor=request.user, candidate=candidate, **data.validated_data
        )
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(AssessmentOut(assessment).data, status=status.HTTP_201_CREATED)


# --- consents ---------------------------------------------------------------------------------


class CandidateConsentsApi(CandidatesApiView):
    """The candidate's consents, newest first, withdrawn ones included; POST records one.
    `company` is a company's public_id, or null for employers in general; `categories` names
    what may be shared."""

    @extend_schema_serializer(component_name="ConsentInput")
    class InputSerializer(StrictSerializer):
        company = serializers.UUIDField(
            required=False,
            allow_null=True,
            default=None,
            help_text="The company's public_id; null or left out: employers in general.",
        )
        categories = serializers.ListField(
            child=EnumField(
                ConsentCategory.choices,
                enum_name="ConsentCategoryEnum",
                error_messages={
                    # Lazy: this runs at import, the message is chosen per request.
                    "invalid_choice": gettext_lazy(
                        "Der findes ingen oplysninger, der hedder »{input}«."
                    )
                },
            ),
            min_length=1,
            max_length=len(ConsentCategory.choices),
        )
        given_on = serializers.DateField(
            required=False, default=timezone.localdate, help_text="Default today."
        )
        note = serializers.CharField(max_length=300, required=False, allow_blank=True)

        def validate_company(self, value: uuid.UUID | None) -> Company | None:
            if value is None:
                return None
            try:
                return company_selectors.company_get_for_user(
                    user=self.context["user"], public_id=value
                )
            except Http404:
                raise serializers.ValidationError(
                    _("Ingen virksomhed med dette public_id.")
                ) from None

    @extend_schema(
        operation_id="candidates_consents_list",
        tags=["candidates"],
        responses=ConsentOut(many=True),
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        consents = selectors.candidate_consents(candidate=candidate)
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(ConsentOut(consents, many=True).data)

    @extend_schema(
        operation_id="candidates_consents_create",
        tags=["candidates"],
        request=InputSerializer,
        responses={201: ConsentOut},
    )
    def post(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        consent = services.consent_record(
            actor=request.user, candidate=candidate, **data.validated_data
        )
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(ConsentOut(consent).data, status=status.HTTP_201_CREATED)


class CandidateConsentWithdrawApi(CandidatesApiView):
    """Withdraw one of the candidate's consents (on `withdrawn_on`, default today). A consent
    is withdrawn once: a second time answers 400 saying when it was."""

    @extend_schema_serializer(component_name="ConsentWithdrawal")
    class InputSerializer(StrictSerializer):
        withdrawn_on = serializers.DateField(required=False, help_text="Default today.")

    @extend_schema(
        operation_id="candidates_consents_withdraw",
        tags=["candidates"],
        request=InputSerializer,
        responses=ConsentOut,
    )
    def post(self, request: Request, public_id: Any, consent_id: Any, **kwargs: object) -> Response:
        candidate = selectors.candidate_get_for_user(user=request.user, public_id=public_id)
        consent: Consent = selectors.consent_get_for_user(user=request.user, public_id=consent_id)
        if consent.candidate_id != candidate.pk:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.consent_withdraw(
            actor=request.user, consent=consent, **data.validated_data
        )
        access_log.record(user=request.user, action=VIEW, obj=candidate)
        return Response(ConsentOut(consent).data)
