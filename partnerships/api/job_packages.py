"""REST API for jobpakker under /api/v1/<jobcenter>/ (issue 7, item 8): an employer's demand,
its modules in order, and the funnel from enrolled to hired.

The funnel is the jobpakke page's (partnerships.selectors.job_packages.package_funnel):
enrolled (the cohort) → modules completed (every module before the first praktik module; all
modules when there is none) → praktik (a praktik module completed, or an internship placement
linked to the jobpakke) → hired (outcome hired), with the conversion from each step to the
next."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
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
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_helpers import EnumField, PageParams, StrictSerializer, page_of, paginate
from companies.models import Company, JobOpening
from partnerships import services
from partnerships.api.serializers import (
    JobPackageDetailOut,
    JobPackageOut,
    PartnershipsApiView,
    by_public_id,
)
from partnerships.models import (
    JobPackage,
    JobPackageModule,
    JobPackageParticipant,
    JobPackageStage,
    ModuleKind,
    ParticipantOutcome,
)
from partnerships.selectors.job_packages import package_funnel

JobPackagePage = page_of(JobPackageOut, "JobPackagePage")


def _count(qs: QuerySet[Any]) -> Coalesce:
    counted = qs.filter(package=OuterRef("pk")).order_by().values("package").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def package_queryset() -> QuerySet[JobPackage]:
    return (
        JobPackage.objects.select_related("company", "job_opening", "copied_from")
        .annotate(
            enrolled=_count(JobPackageParticipant.objects.all()),
            hired=_count(JobPackageParticipant.objects.filter(outcome=ParticipantOutcome.HIRED)),
        )
        .prefetch_related(
            Prefetch("modules", queryset=JobPackageModule.objects.order_by("position"))
        )
    )


def package_get(public_id: Any) -> JobPackage:
    package = package_queryset().filter(public_id=public_id).first()
    if package is None:
        raise Http404
    return package


def package_answer(package: JobPackage) -> Any:
    # The same funnel as the jobpakke's page.
    package.funnel = package_funnel(package=package)["steps"]  # type: ignore[attr-defined]
    package.outcome_counts = dict(  # type: ignore[attr-defined]
        JobPackageParticipant.objects.filter(package=package)
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    return JobPackageDetailOut(package).data


@extend_schema_serializer(component_name="JobPackageModuleInput")
class ModuleIn(StrictSerializer):
    kind = EnumField(ModuleKind.choices, enum_name="JobPackageModuleKindEnum")
    title = serializers.CharField(max_length=200)
    duration_days = serializers.IntegerField(min_value=1, max_value=730)
    amu_number = serializers.CharField(max_length=10, required=False, allow_blank=True)


class JobPackageListApi(PartnershipsApiView):
    """The jobcenter's jobpakker, newest first, filtered and paginated, each with its modules
    in order and how many are enrolled and hired; POST registers one with its modules."""

    @extend_schema_serializer(component_name="JobPackageFilters")
    class FilterSerializer(PageParams):
        search = serializers.CharField(
            required=False, max_length=200, allow_blank=True, help_text="Title or company name."
        )
        stage = EnumField(
            JobPackageStage.choices,
            enum_name="JobPackageStageEnum",
            required=False,
            allow_blank=True,
        )
        company = serializers.UUIDField(required=False, help_text="The company's public_id.")

    @extend_schema_serializer(component_name="JobPackageInput")
    class InputSerializer(StrictSerializer):
        company = serializers.UUIDField(help_text="The company's public_id.")
        job_opening = serializers.UUIDField(
            required=False, allow_null=True, help_text="public_id of the company's job opening."
        )
        title = serializers.CharField(max_length=200)
        competence_profile = serializers.CharField(required=False, allow_blank=True)
        positions = serializers.IntegerField(min_value=1, max_value=32767, required=False)
        stage = EnumField(JobPackageStage.choices, enum_name="JobPackageStageEnum", required=False)
        modules = ModuleIn(many=True, required=False, help_text="In order.")

        def validate_company(self, value: Any) -> Company:
            return by_public_id(
                Company.objects.all(), value, _("Ingen virksomhed med dette public_id.")
            )

        def validate_job_opening(self, value: Any) -> JobOpening | None:
            return by_public_id(
                JobOpening.objects.all(), value, _("Ingen jobåbning med dette public_id.")
            )

    @extend_schema(
        operation_id="job_packages_list",
        tags=["jobpakker"],
        parameters=[FilterSerializer],
        responses=JobPackagePage,
    )
    def get(self, request: Request, **kwargs: object) -> Response:
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        qs = package_queryset()
        if q.get("search", "").strip():
            term = q["search"].strip()
            qs = qs.filter(Q(title__icontains=term) | Q(company__name__icontains=term))
        if q.get("stage"):
            qs = qs.filter(stage=q["stage"])
        if q.get("company"):
            qs = qs.filter(company__public_id=q["company"])
        paginator, page = paginate(request, self, qs.order_by("-created_at", "-pk"))
        return paginator.get_paginated_response(JobPackageOut(page, many=True).data)

    @extend_schema(
        operation_id="job_packages_create",
        tags=["jobpakker"],
        request=InputSerializer,
        responses={201: JobPackageDetailOut},
    )
    def post(self, request: Request, **kwargs: object) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        modules = fields.pop("modules", [])
        with transaction.atomic():
            package = services.job_package_save(actor=request.user, package=JobPackage(), **fields)
            for module in modules:
                services.module_add(actor=request.user, package=package, **module)
        return Response(
            package_answer(package_get(package.public_id)), status=status.HTTP_201_CREATED
        )


class JobPackageDetailApi(PartnershipsApiView):
    """One jobpakke with its modules, its funnel (enrolled → modules completed → praktik →
    hired, with the conversion at each step) and its participants per outcome."""

    @extend_schema(
        operation_id="job_packages_retrieve", tags=["jobpakker"], responses=JobPackageDetailOut
    )
    def get(self, request: Request, public_id: Any, **kwargs: object) -> Response:
        return Response(package_answer(package_get(public_id)))


urlpatterns = [
    path("jobpakker/", JobPackageListApi.as_view(), name="job-package-list"),
    path("jobpakker/<uuid:public_id>/", JobPackageDetailApi.as_view(), name="job-package-detail"),
]
