"""Output shapes and shared input blocks of the partnerships REST API (issue 7, item 8).

English snake_case names; everything is referred to by its public_id (never a database key),
people by their e-mail address, candidates by public_id, first and last name only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from accounts.api_helpers import CapabilityApiView, EnumField
from partnerships.models import (
    PHASE_LABELS,
    AgreementStatus,
    Area,
    JobPackageStage,
    ModuleKind,
    ParticipantOutcome,
    Per,
    WaitingStatus,
)
from placements.api import CandidateRefOut, CompanyRefOut

PHASE_CHOICES = [(key, str(label)) for key, label in PHASE_LABELS.items()]


class PartnershipsApiView(CapabilityApiView):
    """Reads need `partnerships.view`; POST and PATCH need `partnerships.change` as well."""

    required_capability = "partnerships.view"
    write_capability = "partnerships.change"


def by_public_ids(qs: QuerySet[Any], values: list[Any], message: str) -> list[Any]:
    """The objects of `qs` with these public_ids, in the order given; 400 naming the missing."""
    found = {str(obj.public_id): obj for obj in qs.filter(public_id__in=values)}
    missing = [str(value) for value in values if str(value) not in found]
    if missing:
        raise serializers.ValidationError(
            [message % {"public_id": public_id} for public_id in missing]
        )
    return [found[str(value)] for value in dict.fromkeys(values)]


def by_public_id(qs: QuerySet[Any], value: Any, message: str) -> Any:
    if value is None:
        return None
    found = qs.filter(public_id=value).first()
    if found is None:
        raise serializers.ValidationError(message)
    return found


# --- agreements -------------------------------------------------------------------------------


@extend_schema_serializer(component_name="AgreementTypeRef")
class AgreementTypeRefOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()


@extend_schema_serializer(component_name="AgreementParty")
class AgreementPartyOut(serializers.Serializer):
    organisation = CompanyRefOut()
    role = serializers.CharField()


@extend_schema_serializer(component_name="CommitmentDelivery")
class CommitmentOut(serializers.Serializer):
    """A commitment with its target against what has been delivered in its window (counted
    in SQL by partnerships.actuals, by the rule stated in `rule`)."""

    public_id = serializers.UUIDField(source="commitment.public_id")
    area = EnumField(Area.choices, enum_name="CommitmentAreaEnum", source="commitment.area")
    area_label = serializers.CharField(source="commitment.get_area_display")
    target = serializers.IntegerField(source="commitment.target")
    per = EnumField(Per.choices, enum_name="CommitmentPerEnum", source="commitment.per")
    purpose = serializers.UUIDField(
        source="commitment.purpose.public_id",
        allow_null=True,
        help_text="For areas counted from the contact log: only contacts with this purpose.",
    )
    note = serializers.CharField(source="commitment.note")
    window_starts = serializers.DateField(source="window.starts")
    window_ends = serializers.DateField(
        source="window.ends", allow_null=True, help_text="Null: an open-ended agreement."
    )
    actual = serializers.IntegerField()
    expected_now = serializers.IntegerField(
        help_text="What should have been reached by today, pro rata over the window."
    )
    percent = serializers.IntegerField(help_text="actual of target, 0–100.")
    is_behind = serializers.BooleanField()
    unit = serializers.CharField(help_text="What is counted: forløb, personer or kontakter.")
    rule = serializers.CharField(help_text="The counting rule in words (Danish).")

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if data["window_ends"] is not None and instance.window.ends.year >= 9999:
            data["window_ends"] = None
        return data


@extend_schema_serializer(component_name="Agreement")
class AgreementOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    type = AgreementTypeRefOut(source="agreement_type")
    company = CompanyRefOut()
    title = serializers.CharField()
    purpose = serializers.CharField()
    contributions = serializers.CharField()
    jobcenter_contact = serializers.EmailField(source="jobcenter_contact.email")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    status = EnumField(AgreementStatus.choices, enum_name="AgreementStatusEnum")
    phase = serializers.SerializerMethodField(
        help_text="What the agreement is today: a signed one is upcoming, active or ended by "
        "its dates."
    )
    phase_label = serializers.SerializerMethodField()
    signed_on = serializers.DateField(allow_null=True)
    signed_by_company = serializers.CharField()
    signed_for_jobcenter_by = serializers.CharField(
        help_text="Who signed for the jobcenter (a name, as on the paper)."
    )
    signature_registered_by = serializers.EmailField(
        source="signature_registered_by.email",
        allow_null=True,
        help_text="The person who recorded the signature in Jobbro.",
    )
    terminated_on = serializers.DateField(allow_null=True)
    termination_reason = serializers.CharField()
    predecessor = serializers.UUIDField(
        source="predecessor.public_id", allow_null=True, help_text="The agreement it renews."
    )
    not_renewed_reason = serializers.CharField()
    next_evaluation_on = serializers.DateField(allow_null=True)
    workplaces = serializers.SerializerMethodField(help_text="public_ids of the workplaces.")
    parties = AgreementPartyOut(many=True, source="parties.all")
    signatories = serializers.SerializerMethodField(
        help_text="public_ids of the company's contact persons who sign."
    )
    is_behind = serializers.SerializerMethodField(
        help_text="At least one commitment is behind its pro rata target today."
    )
    commitments = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(EnumField(PHASE_CHOICES, enum_name="AgreementPhaseEnum"))
    def get_phase(self, agreement: Any) -> str:
        return str(agreement.phase())

    def get_phase_label(self, agreement: Any) -> str:
        return str(PHASE_LABELS[agreement.phase()])

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_workplaces(self, agreement: Any) -> list[str]:
        return [str(link.workplace.public_id) for link in agreement.workplace_links]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_signatories(self, agreement: Any) -> list[str]:
        return [str(s.contact.public_id) for s in agreement.signatories.all()]

    def get_is_behind(self, agreement: Any) -> bool:
        return any(d.is_behind for d in self._deliveries(agreement))

    @extend_schema_field(CommitmentOut(many=True))
    def get_commitments(self, agreement: Any) -> Any:
        return CommitmentOut(self._deliveries(agreement), many=True).data

    def _deliveries(self, agreement: Any) -> list[Any]:
        return list(self.context.get("deliveries", {}).get(agreement.pk, []))


# --- virksomhedscentre ------------------------------------------------------------------------


@extend_schema_serializer(component_name="CentreOccupancy")
class OccupancyOut(serializers.Serializer):
    seats = serializers.IntegerField()
    taken = serializers.IntegerField(
        help_text="Open placements linked to the contract that hold a seat today (planned ones "
        "included: a seat promised is a seat taken)."
    )
    free = serializers.IntegerField()
    waiting = serializers.IntegerField(help_text="Candidates on the waiting list.")


@extend_schema_serializer(component_name="CentreMentor")
class CentreMentorOut(serializers.Serializer):
    contact = serializers.UUIDField(source="contact.public_id")
    name = serializers.CharField(source="contact.name")
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False
    )


@extend_schema_serializer(component_name="Centre")
class CentreOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    company = CompanyRefOut()
    workplace = serializers.UUIDField(source="workplace.public_id", allow_null=True)
    agreement = serializers.UUIDField(source="agreement.public_id", allow_null=True)
    seats = serializers.IntegerField()
    occupancy = serializers.SerializerMethodField()
    work_areas = serializers.CharField()
    mentor_hours_per_week = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False
    )
    payment_per_seat_month = serializers.DecimalField(
        max_digits=9, decimal_places=2, coerce_to_string=False
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    target_groups = serializers.SerializerMethodField(help_text="Names of the target groups.")
    mentors = CentreMentorOut(many=True, source="mentors.all")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OccupancyOut)
    def get_occupancy(self, contract: Any) -> Any:
        taken = int(contract.taken)
        return OccupancyOut(
            {
                "seats": contract.seats,
                "taken": taken,
                "free": max(0, contract.seats - taken),
                "waiting": int(contract.waiting),
            }
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_target_groups(self, contract: Any) -> list[str]:
        return [link.target_group.name for link in contract.target_group_links]


@extend_schema_serializer(component_name="WaitingListEntry")
class WaitingListEntryOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    position = serializers.IntegerField(help_text="1: next in line for a free seat.")
    candidate = CandidateRefOut()
    added_at = serializers.DateTimeField()
    added_by = serializers.EmailField(source="added_by.email", allow_null=True)
    status = EnumField(WaitingStatus.choices, enum_name="WaitingListStatusEnum")
    note = serializers.CharField()


# --- jobpakker --------------------------------------------------------------------------------


@extend_schema_serializer(component_name="JobPackageModule")
class ModuleOut(serializers.Serializer):
    position = serializers.IntegerField()
    kind = EnumField(ModuleKind.choices, enum_name="JobPackageModuleKindEnum")
    title = serializers.CharField()
    amu_number = serializers.CharField()
    duration_days = serializers.IntegerField()


@extend_schema_serializer(component_name="FunnelStep")
class FunnelStepOut(serializers.Serializer):
    key = serializers.ChoiceField(choices=["enrolled", "modules_completed", "praktik", "hired"])
    label = serializers.CharField()
    count = serializers.IntegerField()
    conversion = serializers.IntegerField(
        allow_null=True,
        help_text="Percent of the step before that reached this step; null for the first "
        "step and when the step before is empty.",
    )


@extend_schema_serializer(component_name="JobPackage")
class JobPackageOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    company = CompanyRefOut()
    job_opening = serializers.UUIDField(source="job_opening.public_id", allow_null=True)
    title = serializers.CharField()
    competence_profile = serializers.CharField()
    positions = serializers.IntegerField()
    stage = EnumField(JobPackageStage.choices, enum_name="JobPackageStageEnum")
    copied_from = serializers.UUIDField(source="copied_from.public_id", allow_null=True)
    modules = ModuleOut(many=True, source="modules.all")
    enrolled = serializers.IntegerField(help_text="Candidates in the cohort.")
    hired = serializers.IntegerField(help_text="Of them, hired.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="JobPackageDetail")
class JobPackageDetailOut(JobPackageOut):
    funnel = FunnelStepOut(
        many=True,
        help_text="enrolled → modules_completed (every module that is not praktik) → praktik "
        "(a praktik module completed, or an internship placement linked to the jobpakke) → "
        "hired.",
    )
    outcomes = serializers.SerializerMethodField(
        help_text="Participants per outcome (in_progress, hired, not_hired, dropped_out)."
    )

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_outcomes(self, package: Any) -> dict[str, int]:
        counts = dict.fromkeys(ParticipantOutcome.values, 0)
        counts.update(package.outcome_counts)
        return counts


def not_found(what: str) -> str:
    return _("Ingen %(what)s med dette public_id.") % {"what": what}
