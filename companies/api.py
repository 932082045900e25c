"""REST API for the company register under /api/v1/<jobcenter>/ (issue 4, item 8).

One APIView per URL, over the same selectors and services as the HTML pages. Reading needs
`companies.view`; writing (POST, PATCH) needs `companies.change` as well (the building blocks
are in accounts/api_helpers.py). People (key account, consultant, next-step owner, opening
owner) are named by their e-mail address; companies, contacts, workplaces and openings by their
`public_id`. A body with a field the endpoint does not know answers 400 naming the field.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import access_log
from accounts.api_helpers import (
    MAX_INT,
    CapabilityApiView,
    EnumField,
    PageParams,
    Pagination,
    SearchPagination,
    StrictSerializer,
    colleague_by_email,
    page_of,
    paginate,
    paginated,
    read_query,
)
from accounts.models import User
from candidates import services as candidate_services
from candidates.models import Occupation, TargetGroup
from companies import selectors, services
from companies.models import (
    ActivityType,
    Company,
    CompanyKind,
    CompanyStatus,
    ContactPerson,
    ContactRole,
    JobOpening,
    OpeningSource,
    OpeningStatus,
    Sector,
    SizeBand,
    Workplace,
)
from companies.services import DuplicateCvr


def job_opening_list(*, status: str = "", company: Any = None) -> QuerySet[JobOpening]:
    """The jobcenter's job openings, newest first (a read the selectors do not offer yet)."""
    qs = (
        JobOpening.objects.select_related("company", "workplace", "owner", "occupation_code")
        .prefetch_related("target_groups")
        .order_by("-reported_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    if company is not None:
        qs = qs.filter(company__public_id=company)
    return qs


def job_opening_get_for_user(*, user: User, public_id: Any) -> JobOpening:
    """A job opening of the current jobcenter; 404 for missing and foreign."""
    opening = (
        JobOpening.objects.select_related("company", "workplace", "owner", "occupation_code")
        .filter(public_id=public_id)
        .first()
    )
    if opening is None:
        raise Http404
    return opening


def _target_group(catalogue: list[TargetGroup], reference: str) -> TargetGroup | None:
    """A target group by its name (any case) or public_id."""
    reference = reference.strip()
    for group in catalogue:
        if str(group.public_id) == reference or group.name.casefold() == reference.casefold():
            return group
    return None


class CompaniesApiView(CapabilityApiView):
    """Reads need `companies.view`; POST and PATCH need `companies.change` as well."""

    required_capability = "companies.view"
    write_capability = "companies.change"


# --- output shapes --------------------------------------------------------------------------


@extend_schema_serializer(component_name="Company")
class CompanyOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    cvr = serializers.CharField()
    name = serializers.CharField()
    legal_form = serializers.CharField()
    industry_code = serializers.CharField()
    industry_text = serializers.CharField()
    employee_count = serializers.IntegerField(allow_null=True)
    size_band = EnumField(SizeBand.choices, enum_name="SizeBandEnum", allow_blank=True)
    sector = EnumField(Sector.choices, enum_name="SectorEnum")
    kind = EnumField(CompanyKind.choices, enum_name="CompanyKindEnum")
    address = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    municipality_code = serializers.CharField()
    status = EnumField(CompanyStatus.choices, enum_name="CompanyStatusEnum")
    priority = serializers.IntegerField(allow_null=True)
    key_account = serializers.EmailField(
        source="key_account.email", allow_null=True, help_text="The key account's e-mail."
    )
    tags = serializers.ListField(child=serializers.CharField())
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="CompanyListItem")
class CompanyListItemOut(CompanyOut):
    last_contact_at = serializers.DateTimeField(
        allow_null=True, help_text="The latest contact that took place (planned ones not counted)."
    )


@extend_schema_serializer(component_name="Contact")
class ContactOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    title = serializers.CharField()
    role = EnumField(ContactRole.choices, enum_name="ContactRoleEnum")
    email = serializers.CharField()
    phone = serializers.CharField()
    is_active = serializers.BooleanField()


@extend_schema_serializer(component_name="Workplace")
class WorkplaceOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    p_number = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    municipality_code = serializers.CharField()


@extend_schema_serializer(component_name="ContactRef")
class ContactRefOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()


@extend_schema_serializer(component_name="Activity")
class ActivityOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    type = EnumField(ActivityType.choices, enum_name="ActivityTypeEnum")
    occurred_at = serializers.DateTimeField()
    is_planned = serializers.BooleanField()
    consultant = serializers.EmailField(source="consultant.email")
    contacts = ContactRefOut(many=True, source="contacts.all")
    purpose = serializers.CharField(source="purpose.name")
    purpose_text = serializers.CharField()
    summary = serializers.CharField()
    outcome = serializers.CharField()
    next_step = serializers.CharField()
    next_step_due = serializers.DateField(allow_null=True)
    next_step_owner = serializers.EmailField(source="next_step_owner.email", allow_null=True)
    next_step_done_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="JobOpening")
class JobOpeningOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    company = serializers.UUIDField(source="company.public_id")
    company_name = serializers.CharField(source="company.name")
    workplace = serializers.UUIDField(source="workplace.public_id", allow_null=True)
    title = serializers.CharField()
    occupation = serializers.CharField()
    occupation_code = serializers.CharField(
        source="occupation_code.code", allow_null=True, help_text="DISCO-08 code, for matching."
    )
    occupation_title = serializers.CharField(source="occupation_code.title", allow_null=True)
    postcode = serializers.CharField(
        help_text="Where the work is; empty: the workplace's or the company's postcode."
    )
    target_groups = serializers.SerializerMethodField(
        help_text="Names of the target groups the opening is meant for; empty: all."
    )
    positions = serializers.IntegerField()
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    wished_start = serializers.DateField(allow_null=True)
    requirements = serializers.CharField()
    source = EnumField(OpeningSource.choices, enum_name="JobOpeningSourceEnum")
    status = EnumField(OpeningStatus.choices, enum_name="JobOpeningStatusEnum")
    closed_reason = serializers.CharField()
    owner = serializers.EmailField(source="owner.email", allow_null=True)
    reported_at = serializers.DateTimeField()
    taken_up_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_target_groups(self, opening: JobOpening) -> list[str]:
        return [group.name for group in opening.target_groups.all()]


CompanyPage = page_of(CompanyListItemOut, "CompanyPage")
ActivityPage = page_of(ActivityOut, "ActivityPage")
JobOpeningPage = page_of(JobOpeningOut, "JobOpeningPage")


# --- companies --------------------------------------------------------------------------------


@extend_schema_serializer(component_name="CompanyInput")
class CompanyIn(StrictSerializer):
    cvr = serializers.CharField(max_length=20, required=False, allow_blank=True)
    name = serializers.CharField(max_length=200)
    legal_form = serializers.CharField(max_length=60, required=False, allow_blank=True)
    industry_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    industry_text = serializers.CharField(max_length=200, required=False, allow_blank=True)
    employee_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_INT
    )
    size_band = EnumField(
        SizeBand.choices,
        enum_name="SizeBandEnum",
        required=False,
        allow_blank=True,
        help_text="Left out: derived from employee_count.",
    )
    sector = EnumField(Sector.choices, enum_name="SectorEnum", required=False)
    kind = EnumField(CompanyKind.choices, enum_name="CompanyKindEnum", required=False)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=4, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    municipality_code = serializers.CharField(max_length=3, required=False, allow_blank=True)
    status = EnumField(CompanyStatus.choices, enum_name="CompanyStatusEnum", required=False)
    priority = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    key_account = serializers.EmailField(
        required=False,
        allow_null=True,
        help_text="E-mail of a consultant, manager or admin of the jobcenter; null: none.",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=50
    )
    notes = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)

    def validate_key_account(self, value: str | None) -> User | None:
        return None if value is None else colleague_by_email(value)


class CompanyListApi(CompaniesApiView):
    """The jobcenter's companies, searched, filtered, sorted and paginated; and registering a
    new company. A CVR number already registered answers 400 with the existing company's
    public_id in the `cvr` error and in `existing_public_id`."""

    @extend_schema_serializer(component_name="CompanyFilters")
    class FilterSerializer(PageParams):
        search = serializers.CharField(required=False, max_length=200, allow_blank=True)
        industry = serializers.CharField(
            required=False, max_length=6, allow_blank=True, help_text="DB07 code or its start."
        )
        size_band = EnumField(
            SizeBand.choices, enum_name="SizeBandEnum", required=False, allow_blank=True
        )
        priority = serializers.IntegerField(required=False, min_value=1, max_value=4)
        key_account = serializers.EmailField(required=False, help_text="The key account's e-mail.")
        without_key_account = serializers.BooleanField(required=False, default=False)
        municipality = serializers.CharField(required=False, max_length=3, allow_blank=True)
        status = EnumField(
            CompanyStatus.choices, enum_name="CompanyStatusEnum", required=False, allow_blank=True
        )
        contacted_within_months = serializers.IntegerField(
            required=False, min_value=1, max_value=120
        )
        not_contacted_within_months = serializers.IntegerField(
            required=False, min_value=1, max_value=120
        )
        ordering = serializers.ChoiceField(
            choices=sorted(selectors.ORDERINGS),
            required=False,
            help_text="Ignored while searching: search results come best match first.",
        )

    @extend_schema(
        operation_id="companies_list",
        tags=["companies"],
        parameters=[FilterSerializer],
        responses=CompanyPage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = read_query(self.FilterSerializer, request)
        key_account_id = None
        if query.get("key_account"):
            user = selectors.consultants().filter(email__iexact=query["key_account"]).first()
            if user is None:
                return paginated(request, self, Company.objects.none(), CompanyListItemOut)
            key_account_id = user.pk
        filters = selectors.CompanyFilters(
            search=query.get("search", ""),
            industry=query.get("industry", ""),
            size_band=query.get("size_band", ""),
            priority=query.get("priority"),
            key_account=key_account_id,
            without_key_account=query.get("without_key_account", False),
            municipality=query.get("municipality", ""),
            status=query.get("status", ""),
            contacted_within_months=query.get("contacted_within_months"),
            not_contacted_within_months=query.get("not_contacted_within_months"),
            ordering=query.get("ordering", "name"),
        )
        return paginated(
            request,
            self,
            selectors.company_list(filters),
            CompanyListItemOut,
            SearchPagination if filters.search.strip() else Pagination,
        )

    @extend_schema(
        operation_id="companies_create",
        tags=["companies"],
        request=CompanyIn,
        responses={201: CompanyOut},
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = CompanyIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            company = services.company_create(actor=request.user, **data.validated_data)
        except DuplicateCvr as duplicate:
            raise duplicate_cvr_error(duplicate) from None
        return Response(CompanyOut(company).data, status=status.HTTP_201_CREATED)


def duplicate_cvr_error(duplicate: DuplicateCvr) -> serializers.ValidationError:
    existing = duplicate.existing
    message = duplicate.message_dict["cvr"][0]
    return serializers.ValidationError(
        {
            "cvr": [
                _("%(message)s Den eksisterende virksomhed har public_id %(public_id)s.")
                % {"message": message, "public_id": existing.public_id}
            ],
            "existing_public_id": str(existing.public_id),
        }
    )


class CompanyDetailApi(CompaniesApiView):
    """One company; PATCH changes the fields it is given and leaves the rest."""

    @extend_schema(operation_id="companies_retrieve", tags=["companies"], responses=CompanyOut)
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        return Response(CompanyOut(company).data)

    @extend_schema(
        operation_id="companies_partial_update",
        tags=["companies"],
        request=CompanyIn,
        responses=CompanyOut,
    )
    def patch(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        data = CompanyIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            company = services.company_update(
                actor=request.user, company=company, **data.validated_data
            )
        except DuplicateCvr as duplicate:
            raise duplicate_cvr_error(duplicate) from None
        return Response(CompanyOut(company).data)


# --- contacts and workplaces --------------------------------------------------------------------


class CompanyContactsApi(CompaniesApiView):
    """The company's contact persons, active first; POST adds one."""

    @extend_schema_serializer(component_name="ContactInput")
    class InputSerializer(StrictSerializer):
        name = serializers.CharField(max_length=200)
        title = serializers.CharField(max_length=120, required=False, allow_blank=True)
        role = EnumField(ContactRole.choices, enum_name="ContactRoleEnum", required=False)
        email = serializers.EmailField(required=False, allow_blank=True)
        phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
        is_active = serializers.BooleanField(required=False)

    @extend_schema(
        operation_id="companies_contacts_list",
        tags=["companies"],
        responses=ContactOut(many=True),
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        contacts = selectors.company_contacts(company=company)
        return Response(ContactOut(contacts, many=True).data)

    @extend_schema(
        operation_id="companies_contacts_create",
        tags=["companies"],
        request=InputSerializer,
        responses={201: ContactOut},
    )
    def post(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = services.contact_create(
            actor=request.user, company=company, **data.validated_data
        )
        return Response(ContactOut(contact).data, status=status.HTTP_201_CREATED)


class CompanyWorkplacesApi(CompaniesApiView):
    """The company's workplaces (production units, P-numbers); POST adds one."""

    @extend_schema_serializer(component_name="WorkplaceInput")
    class InputSerializer(StrictSerializer):
        p_number = serializers.CharField(max_length=14, required=False, allow_blank=True)
        name = serializers.CharField(max_length=200)
        address = serializers.CharField(max_length=200, required=False, allow_blank=True)
        postcode = serializers.CharField(max_length=4, required=False, allow_blank=True)
        city = serializers.CharField(max_length=100, required=False, allow_blank=True)
        municipality_code = serializers.CharField(max_length=3, required=False, allow_blank=True)

    @extend_schema(
        operation_id="companies_workplaces_list",
        tags=["companies"],
        responses=WorkplaceOut(many=True),
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        workplaces = selectors.company_workplaces(company=company)
        return Response(WorkplaceOut(workplaces, many=True).data)

    @extend_schema(
        operation_id="companies_workplaces_create",
        tags=["companies"],
        request=InputSerializer,
        responses={201: WorkplaceOut},
    )
    def post(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workplace = services.workplace_create(
            actor=request.user, company=company, **data.validated_data
        )
        return Response(WorkplaceOut(workplace).data, status=status.HTTP_201_CREATED)


# --- the contact log ----------------------------------------------------------------------------


class CompanyActivitiesApi(CompaniesApiView):
    """The company's contact log, newest first, paginated; POST logs a contact. `purpose` is a
    name from the jobcenter's purpose catalogue; `contacts` are public_ids of the company's
    contact persons; people are given by e-mail (`consultant` defaults to the token's owner)."""

    @extend_schema_serializer(component_name="ActivityFilters")
    class FilterSerializer(PageParams):
        type = EnumField(
            ActivityType.choices, enum_name="ActivityTypeEnum", required=False, allow_blank=True
        )

    @extend_schema_serializer(component_name="ActivityInput")
    class InputSerializer(StrictSerializer):
        type = EnumField(ActivityType.choices, enum_name="ActivityTypeEnum")
        purpose = serializers.CharField(
            max_length=100, help_text="A purpose's name from the jobcenter's catalogue."
        )
        occurred_at = serializers.DateTimeField(required=False)
        is_planned = serializers.BooleanField(required=False, default=False)
        consultant = serializers.EmailField(required=False)
        contacts = serializers.ListField(
            child=serializers.UUIDField(), required=False, max_length=50
        )
        purpose_text = serializers.CharField(max_length=200, required=False, allow_blank=True)
        summary = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        outcome = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        next_step = serializers.CharField(max_length=300, required=False, allow_blank=True)
        next_step_due = serializers.DateField(required=False, allow_null=True)
        next_step_owner = serializers.EmailField(required=False, allow_null=True)

        def validate_purpose(self, value: str) -> Any:
            catalogue = services.purposes_ensure_defaults()
            for purpose in catalogue:
                if purpose.name.casefold() == value.strip().casefold():
                    return purpose
            raise serializers.ValidationError(
                _("Ukendt formål. Vælg et af: %(names)s.")
                % {"names": "; ".join(p.name for p in catalogue)}
            )

        def validate_consultant(self, value: str) -> User:
            return colleague_by_email(value)

        def validate_next_step_owner(self, value: str | None) -> User | None:
            return None if value is None else colleague_by_email(value)

        def validate_contacts(self, value: list[Any]) -> list[ContactPerson]:
            company = self.context["company"]
            wanted = set(value)
            found = list(ContactPerson.objects.filter(company=company, public_id__in=wanted))
            missing = wanted - {c.public_id for c in found}
            if missing:
                raise serializers.ValidationError(
                    _("Ingen kontaktperson hos virksomheden med public_id %(ids)s.")
                    % {"ids": ", ".join(sorted(str(m) for m in missing))}
                )
            return found

    @extend_schema(
        operation_id="companies_activities_list",
        tags=["companies"],
        parameters=[FilterSerializer],
        responses=ActivityPage,
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        query = read_query(self.FilterSerializer, request)
        timeline = selectors.company_timeline(company=company, type=query.get("type", ""))
        paginator, page = paginate(request, self, timeline.order_by("-occurred_at", "-pk"))
        # A presentation's entry names the candidate (by first name): a read of that person.
        access_log.record_many(
            user=request.user,
            action=selectors.CONTACT_LOG_ACTION,
            objs=selectors.people_named_in(page),
        )
        return paginator.get_paginated_response(ActivityOut(page, many=True).data)

    @extend_schema(
        operation_id="companies_activities_create",
        tags=["companies"],
        request=InputSerializer,
        responses={201: ActivityOut},
    )
    def post(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        company = selectors.company_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(data=request.data, context={"company": company})
        data.is_valid(raise_exception=True)
        activity = services.activity_create(
            actor=request.user, company=company, **data.validated_data
        )
        activity = selectors.company_timeline(company=company).get(pk=activity.pk)
        return Response(ActivityOut(activity).data, status=status.HTTP_201_CREATED)


# --- job openings -------------------------------------------------------------------------------


class JobOpeningFields(StrictSerializer):
    workplace = serializers.UUIDField(
        required=False, allow_null=True, help_text="public_id of one of the company's workplaces."
    )
    title = serializers.CharField(max_length=200)
    occupation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    occupation_code = serializers.CharField(
        max_length=6,
        required=False,
        allow_null=True,
        help_text="DISCO-08 code of the occupation (what matching compares); null: none.",
    )
    postcode = serializers.CharField(
        max_length=4,
        required=False,
        allow_blank=True,
        help_text="Where the work is, if not at the workplace's or the company's postcode.",
    )
    target_groups = serializers.ListField(
        child=serializers.CharField(max_length=120),
        required=False,
        max_length=20,
        help_text="Names or public_ids of the target groups the opening is meant for "
        "(replaces them); empty: all.",
    )
    positions = serializers.IntegerField(required=False, min_value=1, max_value=32767)
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    wished_start = serializers.DateField(required=False, allow_null=True)
    requirements = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    source = EnumField(OpeningSource.choices, enum_name="JobOpeningSourceEnum", required=False)
    owner = serializers.EmailField(
        required=False, allow_null=True, help_text="Defaults to the company's key account."
    )

    def validate_owner(self, value: str | None) -> User | None:
        return None if value is None else colleague_by_email(value)

    def validate_occupation_code(self, value: str | None) -> Occupation | None:
        if value is None:
            return None
        occupation = Occupation.objects.filter(code=value.strip()).first()
        if occupation is None:
            raise serializers.ValidationError(
                _("Ukendt DISCO-08-kode: %(code)s.") % {"code": value}
            )
        return occupation

    def validate_target_groups(self, value: list[str]) -> list[TargetGroup]:
        catalogue = candidate_services.target_groups_ensure_defaults()
        groups = []
        for reference in value:
            group = _target_group(catalogue, reference)
            if group is None:
                raise serializers.ValidationError(
                    _("Ukendt målgruppe: %(name)s. Vælg en af: %(names)s.")
                    % {"name": reference, "names": "; ".join(g.name for g in catalogue)}
                )
            groups.append(group)
        return groups

    def _workplace(self, company: Company, public_id: Any) -> Workplace | None:
        if public_id is None:
            return None
        workplace = Workplace.objects.filter(company=company, public_id=public_id).first()
        if workplace is None:
            raise serializers.ValidationError(
                {"workplace": [_("Virksomheden har intet arbejdssted med dette public_id.")]}
            )
        return workplace


class JobOpeningListApi(CompaniesApiView):
    """The jobcenter's job openings, newest first; POST registers one (status `new`)."""

    @extend_schema_serializer(component_name="JobOpeningFilters")
    class FilterSerializer(PageParams):
        status = EnumField(
            OpeningStatus.choices,
            enum_name="JobOpeningStatusEnum",
            required=False,
            allow_blank=True,
        )
        company = serializers.UUIDField(required=False, help_text="The company's public_id.")

    @extend_schema_serializer(component_name="JobOpeningInput")
    class InputSerializer(JobOpeningFields):
        company = serializers.UUIDField(help_text="The company's public_id.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            try:
                company = selectors.company_get_for_user(
                    user=self.context["user"], public_id=attrs["company"]
                )
            except Http404:
                raise serializers.ValidationError(
                    {"company": [_("Ingen virksomhed med dette public_id.")]}
                ) from None
            attrs["company"] = company
            if "workplace" in attrs:
                attrs["workplace"] = self._workplace(company, attrs["workplace"])
            return attrs

    @extend_schema(
        operation_id="job_openings_list",
        tags=["job-openings"],
        parameters=[FilterSerializer],
        responses=JobOpeningPage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = read_query(self.FilterSerializer, request)
        openings = job_opening_list(status=query.get("status", ""), company=query.get("company"))
        return paginated(request, self, openings, JobOpeningOut)

    @extend_schema(
        operation_id="job_openings_create",
        tags=["job-openings"],
        request=InputSerializer,
        responses={201: JobOpeningOut},
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = self.InputSerializer(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        company = fields.pop("company")
        opening = services.job_opening_create(actor=request.user, company=company, **fields)
        return Response(JobOpeningOut(opening).data, status=status.HTTP_201_CREATED)


class JobOpeningDetailApi(CompaniesApiView):
    """One job opening; PATCH changes its fields and/or moves its status along
    new → handed_over → in_progress → filled, or to closed with a `closed_reason`."""

    @extend_schema_serializer(component_name="JobOpeningPatch")
    class InputSerializer(JobOpeningFields):
        status = EnumField(OpeningStatus.choices, enum_name="JobOpeningStatusEnum", required=False)
        closed_reason = serializers.CharField(
            max_length=300,
            required=False,
            allow_blank=True,
            help_text="Required with status `closed`; only allowed with it.",
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs.get("closed_reason", "").strip() and attrs.get("status") != (
                OpeningStatus.CLOSED
            ):
                raise serializers.ValidationError(
                    {"closed_reason": [_("En årsag gives kun sammen med status closed.")]}
                )
            if "workplace" in attrs:
                attrs["workplace"] = self._workplace(self.context["company"], attrs["workplace"])
            return attrs

    @extend_schema(
        operation_id="job_openings_retrieve", tags=["job-openings"], responses=JobOpeningOut
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        opening = job_opening_get_for_user(user=request.user, public_id=public_id)
        return Response(JobOpeningOut(opening).data)

    @extend_schema(
        operation_id="job_openings_partial_update",
        tags=["job-openings"],
        request=InputSerializer,
        responses=JobOpeningOut,
    )
    def patch(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        opening = job_opening_get_for_user(user=request.user, public_id=public_id)
        data = self.InputSerializer(
            data=request.data, partial=True, context={"company": opening.company}
        )
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        new_status = fields.pop("status", None)
        reason = fields.pop("closed_reason", "")
        # Fields and status change together or not at all.
        with transaction.atomic():
            if fields:
                opening = services.job_opening_update(actor=request.user, opening=opening, **fields)
            if new_status is not None:
                opening = services.job_opening_set_status(
                    actor=request.user, opening=opening, status=new_status, reason=reason
                )
        return Response(JobOpeningOut(opening).data)
