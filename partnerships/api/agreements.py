"""REST API for agreements and their commitments under /api/v1/<jobcenter>/ (issue 7, item 8).

One APIView per URL over partnerships.services (every write) and partnerships.actuals (target
against actual, counted in SQL: a page of agreements costs the same few queries whatever its
length). Reading needs `partnerships.view`; writing needs `partnerships.change` too.

References: agreement types by public_id or name; companies, workplaces, contact persons
(signatories), contact purposes and agreements by public_id; people by e-mail."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_helpers import (
    EnumField,
    PageParams,
    StrictSerializer,
    colleague_by_email,
    page_of,
    paginate,
    person_filter,
)
from accounts.models import User
from companies.models import Company, ContactPerson, ContactPurpose, Workplace
from partnerships import actuals, services
from partnerships.api.serializers import (
    PHASE_CHOICES,
    AgreementOut,
    CommitmentOut,
    PartnershipsApiView,
    by_public_id,
    by_public_ids,
)
from partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    AgreementStatus,
    AgreementType,
    AgreementWorkplace,
    Area,
    Commitment,
    Per,
)
from partnerships.selectors import agreements as agreement_selectors

AgreementPage = page_of(AgreementOut, "AgreementPage")

ORDERINGS = {
    "starts_on": ("starts_on", "pk"),
    "-starts_on": ("-starts_on", "-pk"),
    "ends_on": ("ends_on", "pk"),
    "-ends_on": ("-ends_on", "-pk"),
    "title": ("title", "pk"),
}

# Service error keys that the API calls by another name.
RENAMED = {"agreement_type": "type", "reason": "termination_reason"}


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {RENAMED.get(name, name): messages for name, messages in error.error_dict.items()}
    )


def agreement_queryset() -> QuerySet[Agreement]:
    """Agreements with everything their answer shows joined or prefetched."""
    return Agreement.objects.select_related(
        "agreement_type", "company", "jobcenter_contact", "signature_registered_by", "predecessor"
    ).prefetch_related(
        Prefetch(
            "agreementworkplace_set",
            queryset=AgreementWorkplace.objects.select_related("workplace").order_by("pk"),
            to_attr="workplace_links",
        ),
        Prefetch(
            "parties", queryset=AgreementParty.objects.select_related("organisation").order_by("pk")
        ),
        Prefetch(
            "signatories",
            queryset=AgreementSignatory.objects.select_related("contact").order_by("pk"),
        ),
    )


def agreement_get(public_id: Any) -> Agreement:
    agreement = agreement_queryset().filter(public_id=public_id).first()
    if agreement is None:
        raise Http404
    return agreement


def deliveries_by_agreement(agreements: list[Agreement]) -> dict[int, list[Any]]:
    """Every commitment of these agreements against its actual: three queries in all."""
    by_pk = {a.pk: a for a in agreements}
    commitments = list(
        Commitment.objects.filter(agreement_id__in=by_pk).select_related("purpose").order_by("pk")
    )
    for commitment in commitments:
        commitment.agreement = by_pk[commitment.agreement_id]
    grouped: dict[int, list[Any]] = defaultdict(list)
    for delivery in actuals.deliveries(commitments):
        grouped[delivery.commitment.agreement_id].append(delivery)
    return grouped


def agreement_answer(agreement: Agreement) -> Any:
    return AgreementOut(
        agreement, context={"deliveries": deliveries_by_agreement([agreement])}
    ).data


def agreement_type_by_reference(value: str) -> AgreementType | None:
    services.agreement_types_ensure_defaults()
    value = value.strip()
    types = AgreementType.objects.all()
    try:
        found = types.filter(public_id=value).first()
    except ValidationError:
        found = None
    return found or types.filter(name__iexact=value).first()


# --- input ------------------------------------------------------------------------------------


class AgreementFields(StrictSerializer):
    """What both POST and PATCH take."""

    type = serializers.CharField(
        max_length=120, help_text="The agreement type's public_id or name."
    )
    company = serializers.UUIDField(help_text="The company's public_id.")
    title = serializers.CharField(max_length=200)
    purpose = serializers.CharField(help_text="What the parties will achieve together.")
    contributions = serializers.CharField(required=False, allow_blank=True)
    jobcenter_contact = serializers.EmailField(
        required=False, help_text="E-mail of the jobcenter's contact; default: the token's owner."
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    next_evaluation_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Default: the start plus the type's evaluation interval.",
    )
    workplaces = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=200,
        help_text="public_ids of the company's workplaces the agreement covers.",
    )
    parties = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=50,
        help_text="public_ids of third-party organisations (companies of any kind).",
    )
    signatories = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=20,
        help_text="public_ids of the company's contact persons who sign.",
    )

    def validate_type(self, value: str) -> AgreementType:
        found = agreement_type_by_reference(value)
        if found is None:
            raise serializers.ValidationError(
                _("Ukendt aftaletype. Vælg en af: %(names)s.")
                % {"names": ", ".join(t.name for t in AgreementType.objects.filter(is_active=True))}
            )
        current = getattr(self.instance, "agreement_type_id", None)
        if not found.is_active and found.pk != current:
            raise serializers.ValidationError(_("Aftaletypen er ikke længere i brug."))
        return found

    def validate_company(self, value: Any) -> Company:
        return by_public_id(
            Company.objects.all(), value, _("Ingen virksomhed med dette public_id.")
        )

    def validate_jobcenter_contact(self, value: str) -> User:
        return colleague_by_email(value)

    def validate_workplaces(self, value: list[Any]) -> list[Workplace]:
        return by_public_ids(
            Workplace.objects.all(), value, _("Intet arbejdssted med public_id %(public_id)s.")
        )

    def validate_parties(self, value: list[Any]) -> list[Company]:
        return by_public_ids(
            Company.objects.all(), value, _("Ingen organisation med public_id %(public_id)s.")
        )

    def validate_signatories(self, value: list[Any]) -> list[ContactPerson]:
        return by_public_ids(
            ContactPerson.objects.all(),
            value,
            _("Ingen kontaktperson med public_id %(public_id)s."),
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("starts_on"), attrs.get("ends_on")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"ends_on": [_("Slutdatoen ligger før startdatoen.")]}
            )
        return attrs


def _service_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if "type" in fields:
        fields["agreement_type"] = fields.pop("type")
    return fields


# --- agreements -------------------------------------------------------------------------------


class AgreementListApi(PartnershipsApiView):
    """The jobcenter's agreements, newest start first, filtered, searched and paginated; each
    with its commitments' targets against actuals (counted in SQL for the whole page at once).
    POST creates a draft; add its commitments at `agreements/<public_id>/commitments/`."""

    @extend_schema_serializer(component_name="AgreementFilters")
    class FilterSerializer(PageParams):
        search = serializers.CharField(
            required=False, max_length=200, allow_blank=True, help_text="Title or company name."
        )
        type = serializers.CharField(
            required=False, max_length=120, help_text="The agreement type's public_id or name."
        )
        status = EnumField(
            AgreementStatus.choices,
            enum_name="AgreementStatusEnum",
            required=False,
            allow_blank=True,
        )
        phase = EnumField(
            PHASE_CHOICES, enum_name="AgreementPhaseEnum", required=False, allow_blank=True
        )
        company = serializers.UUIDField(required=False, help_text="The company's public_id.")
        jobcenter_contact = serializers.CharField(
            required=False, max_length=254, help_text="The contact's e-mail, or `me`."
        )
        behind = serializers.BooleanField(
            required=False,
            allow_null=True,
            default=None,
            help_text="true: active agreements with a commitment behind its pro rata target.",
        )
        ending_within_days = serializers.IntegerField(
            required=False,
            min_value=0,
            max_value=3650,
            help_text="Signed agreements that end within this many days from today.",
        )
        ordering = serializers.ChoiceField(choices=sorted(ORDERINGS), required=False)

        def validate_type(self, value: str) -> AgreementType:
            found = agreement_type_by_reference(value)
            if found is None:
                raise serializers.ValidationError(_("Ukendt aftaletype."))
            return found

        def validate_jobcenter_contact(self, value: str) -> int:
            return person_filter(value, self.context["user"])

    @extend_schema(
        operation_id="agreements_list",
        tags=["agreements"],
        parameters=[FilterSerializer],
        responses=AgreementPage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = self.FilterSerializer(data=request.query_params, context={"user": request.user})
        query.is_valid(raise_exception=True)
        q = query.validated_data
        qs = agreement_queryset()
        if q.get("search", "").strip():
            term = q["search"].strip()
            qs = qs.filter(Q(title__icontains=term) | Q(company__name__icontains=term))
        if q.get("type"):
            qs = qs.filter(agreement_type=q["type"])
        if q.get("status"):
            qs = qs.filter(status=q["status"])
        if q.get("phase"):
            qs = qs.filter(agreement_selectors.phase_q(q["phase"], timezone.localdate()))
        if q.get("company"):
            qs = qs.filter(company__public_id=q["company"])
        if q.get("jobcenter_contact"):
            qs = qs.filter(jobcenter_contact_id=q["jobcenter_contact"])
        if q.get("ending_within_days") is not None:
            today = timezone.localdate()
            qs = qs.filter(
                status=AgreementStatus.SIGNED,
                ends_on__gte=today,
                ends_on__lte=today + timedelta(days=q["ending_within_days"]),
            )
        if q.get("behind") is not None:
            behind = agreement_selectors.behind_agreement_ids()
            qs = qs.filter(pk__in=behind) if q["behind"] else qs.exclude(pk__in=behind)
        qs = qs.order_by(*ORDERINGS[q.get("ordering") or "-starts_on"])
        paginator, page = paginate(request, self, qs)
        data = AgreementOut(
            page, many=True, context={"deliveries": deliveries_by_agreement(page)}
        ).data
        return paginator.get_paginated_response(data)

    @extend_schema_serializer(component_name="AgreementInput")
    class InputSerializer(AgreementFields):
        pass

    @extend_schema(
        operation_id="agreements_create",
        tags=["agreements"],
        request=InputSerializer,
        responses={201: AgreementOut},
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = _service_fields(dict(data.validated_data))
        fields.setdefault("jobcenter_contact", colleague_by_email(request.user.email))
        try:
            agreement = services.agreement_create(actor=request.user, **fields)
        except ValidationError as error:
            raise _renamed(error) from None
        return Response(
            agreement_answer(agreement_get(agreement.public_id)), status=status.HTTP_201_CREATED
        )


class AgreementDetailApi(PartnershipsApiView):
    """One agreement with its commitments' targets against actuals. PATCH changes the fields
    it is given and moves the status: draft → awaiting_signature → signed (with
    `signed_by_company`, optionally `signed_for_jobcenter_by`, and `signed_on`, default today;
    the caller is recorded as `signature_registered_by`), or terminated (with
    `termination_reason`); a signed agreement is active and ended by its dates.
    `not_renewed_reason` records why it will not be renewed. Fields and status change together
    or not at all."""

    @extend_schema_serializer(component_name="AgreementPatch")
    class InputSerializer(AgreementFields):
        status = EnumField(AgreementStatus.choices, enum_name="AgreementStatusEnum", required=False)
        signed_by_company = serializers.CharField(
            max_length=200,
            required=False,
            help_text="With status signed: who signed for the company.",
        )
        signed_for_jobcenter_by = serializers.CharField(
            max_length=200,
            required=False,
            help_text="With status signed: who signed for the jobcenter.",
        )
        signed_on = serializers.DateField(
            required=False, help_text="With status signed; default today."
        )
        termination_reason = serializers.CharField(
            max_length=300, required=False, help_text="Required with status terminated."
        )
        not_renewed_reason = serializers.CharField(
            max_length=300, required=False, help_text="Why the agreement will not be renewed."
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            attrs = super().validate(attrs)
            errors: dict[str, list[str]] = {}
            new = attrs.get("status")
            for name in ("signed_by_company", "signed_for_jobcenter_by", "signed_on"):
                if name in attrs and new != AgreementStatus.SIGNED:
                    errors[name] = [_("Gives kun sammen med status signed.")]
            if "termination_reason" in attrs and new != AgreementStatus.TERMINATED:
                errors["termination_reason"] = [_("Gives kun sammen med status terminated.")]
            if errors:
                raise serializers.ValidationError(errors)
            return attrs

    STATUS_FIELDS = (
        "status",
        "signed_by_company",
        "signed_for_jobcenter_by",
        "signed_on",
        "termination_reason",
    )

    @extend_schema(operation_id="agreements_retrieve", tags=["agreements"], responses=AgreementOut)
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        return Response(agreement_answer(agreement_get(public_id)))

    @extend_schema(
        operation_id="agreements_partial_update",
        tags=["agreements"],
        request=InputSerializer,
        responses=AgreementOut,
    )
    def patch(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        agreement = agreement_get(public_id)
        data = self.InputSerializer(agreement, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = _service_fields(dict(data.validated_data))
        move = {name: fields.pop(name) for name in self.STATUS_FIELDS if name in fields}
        not_renewed = fields.pop("not_renewed_reason", None)
        links = {
            name: fields.pop(name)
            for name in ("workplaces", "parties", "signatories")
            if name in fields
        }
        try:
            with transaction.atomic():
                if fields or links:
                    agreement = services.agreement_update(
                        actor=request.user, agreement=agreement, **links, **fields
                    )
                new = move.get("status")
                if new is not None and new != agreement.status:
                    agreement = services.agreement_set_status(
                        actor=request.user,
                        agreement=agreement,
                        status=new,
                        reason=move.get("termination_reason", ""),
                        signed_on=move.get("signed_on"),
                        signed_by_company=move.get("signed_by_company", ""),
                        signed_for_jobcenter_by=move.get("signed_for_jobcenter_by", ""),
                    )
                if not_renewed is not None:
                    services.agreement_not_renewed(
                        actor=request.user, agreement=agreement, reason=not_renewed
                    )
        except ValidationError as error:
            raise _renamed(error) from None
        return Response(agreement_answer(agreement_get(public_id)))


# --- commitments ------------------------------------------------------------------------------


class AgreementCommitmentsApi(PartnershipsApiView):
    """The agreement's commitments: each target against what has been delivered in its window
    (the current agreement year, or the whole period), with the counting rule in words. All
    counted in SQL in a fixed number of queries, however many commitments. POST adds one."""

    @extend_schema_serializer(component_name="CommitmentInput")
    class InputSerializer(StrictSerializer):
        area = EnumField(Area.choices, enum_name="CommitmentAreaEnum")
        target = serializers.IntegerField(
            min_value=1,
            max_value=1_000_000,
            error_messages={
                "required": _("En forpligtelse skal have et mål på mindst 1."),
                "null": _("En forpligtelse skal have et mål på mindst 1."),
                "min_value": _("En forpligtelse skal have et mål på mindst 1."),
            },
        )
        per = EnumField(Per.choices, enum_name="CommitmentPerEnum", required=False)
        purpose = serializers.UUIDField(
            required=False,
            allow_null=True,
            help_text="public_id of a contact purpose: only such contacts count.",
        )
        note = serializers.CharField(max_length=300, required=False, allow_blank=True)

        def validate_purpose(self, value: Any) -> ContactPurpose | None:
            return by_public_id(
                ContactPurpose.objects.all(), value, _("Intet kontaktformål med dette public_id.")
            )

    @extend_schema(
        operation_id="agreements_commitments_list",
        tags=["agreements"],
        responses=CommitmentOut(many=True),
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        agreement = agreement_get(public_id)
        return Response(CommitmentOut(actuals.agreement_deliveries(agreement), many=True).data)

    @extend_schema(
        operation_id="agreements_commitments_create",
        tags=["agreements"],
        request=InputSerializer,
        responses={201: CommitmentOut},
    )
    def post(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        agreement = agreement_get(public_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if agreement.status == AgreementStatus.TERMINATED:
            raise ValidationError(_("Aftalen er opsagt og kan ikke ændres."))
        commitment = services.commitment_save(
            actor=request.user,
            commitment=Commitment(agreement=agreement),
            area=fields["area"],
            target=fields["target"],
            per=fields.get("per", Per.YEAR),
            purpose=fields.get("purpose"),
            note=fields.get("note", ""),
        )
        commitment.agreement = agreement
        delivery = actuals.deliveries([commitment])[0]
        return Response(CommitmentOut(delivery).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("agreements/", AgreementListApi.as_view(), name="agreement-list"),
    path("agreements/<uuid:public_id>/", AgreementDetailApi.as_view(), name="agreement-detail"),
    path(
        "agreements/<uuid:public_id>/commitments/",
        AgreementCommitmentsApi.as_view(),
        name="agreement-commitments",
    ),
]
