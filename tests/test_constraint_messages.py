"""The database's constraints are the last guard, never what a person reads. Every constraint a
person can run into from a form is refused first by the form's or the service's validation,
in Danish and beside the field (a test per constraint, listed below); a constraint no form can
reach says why. And every constraint carries a Danish message of its own, so Django's
"Begrænsning »…« er overtrådt." can never reach a page, even from code written later."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from candidates.models import Consent, ConsentCategory
from companies import services as company_services
from companies.models import Activity, Workplace
from partnerships import services as partnership_services
from partnerships.models import AgreementType, CentreContract
from placements import services as placement_services
from placements.models import PlacementType
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company, purpose
from tests.factories import Personas, sign_in
from tests.partnerships.factories import make_centre

OUR_APPS = ("accounts", "companies", "candidates", "partnerships", "placements", "networks")

# Constraint → the test that runs into it through its form ("module::test").
THROUGH_A_FORM = {
    "jobcenter_access_log_kept_at_least_6_months": (
        "tests.test_constraint_messages::test_the_access_log_is_kept_at_least_6_months"
    ),
    "team_name_unique_per_jobcenter": (
        "tests.accounts.test_admin_views::test_a_team_name_is_unique_in_the_jobcenter"
    ),
    "membership_one_per_user_and_jobcenter": "tests.accounts.test_admin_views::"
    "test_inviting_someone_who_is_already_a_member_says_so_and_keeps_what_was_typed",
    "invitation_one_open_per_address": (
        "tests.accounts.test_invitations::test_inviting_an_address_twice_points_to_the_list"
    ),
    "company_cvr_unique_per_jobcenter": "tests.companies.test_views::"
    "test_a_registered_cvr_links_to_the_existing_company_and_keeps_the_input",
    "workplace_p_number_unique_per_jobcenter": (
        "tests.test_constraint_messages::test_a_p_number_is_registered_once"
    ),
    "purpose_name_unique": (
        "tests.companies.test_purposes::test_a_duplicate_purpose_is_refused_in_danish"
    ),
    "activity_due_date_needs_a_next_step": (
        "tests.test_constraint_messages::test_a_next_step_date_needs_the_next_step"
    ),
    "opening_closed_needs_a_reason": (
        "tests.companies.test_views::test_closing_an_opening_needs_a_reason"
    ),
    "target_group_name_unique": (
        "tests.test_constraint_messages::test_a_catalogue_name_is_used_once"
    ),
    "target_group_valid_period": (
        "tests.candidates.test_views::test_a_target_group_cannot_end_before_it_begins"
    ),
    "assessment_scheme_unique": (
        "tests.test_constraint_messages::test_a_catalogue_name_is_used_once"
    ),
    "assessment_scheme_valid_period": (
        "tests.test_constraint_messages::test_an_assessment_scheme_cannot_end_before_it_begins"
    ),
    "staircase_step_unique": "tests.test_constraint_messages::test_a_catalogue_name_is_used_once",
    "candidate_cpr_unique_per_jobcenter": "tests.candidates.test_views::"
    "test_creating_a_candidate_with_a_registered_cpr_links_to_the_existing_one",
    "consent_withdrawn_after_given": (
        "tests.test_constraint_messages::test_a_consent_is_not_withdrawn_before_it_was_given"
    ),
    "consent_names_what_may_be_shared": (
        "tests.test_constraint_messages::test_a_consent_names_what_may_be_shared"
    ),
    "agreement_type_name": (
        "tests.test_constraint_messages::test_an_agreement_type_name_is_used_once"
    ),
    "agreement_end_not_before_start": (
        "tests.partnerships.test_agreement_views::test_a_new_agreement_from_the_company_page_and_its_errors"
    ),
    "agreement_purpose_required": (
        "tests.partnerships.test_agreement_views::test_a_new_agreement_from_the_company_page_and_its_errors"
    ),
    "agreement_terminated_needs_a_reason": "tests.partnerships.test_agreement_views::"
    "test_an_agreement_goes_to_signature_is_signed_evaluated_and_terminated",
    "commitment_has_a_target": "tests.partnerships.test_agreement_views::"
    "test_commitments_are_added_edited_and_deleted_after_asking",
    "centre_end_not_before_start": "tests.partnerships.test_centre_pages::"
    "test_the_form_refuses_bad_input_in_danish_and_keeps_what_was_typed",
    "centre_has_seats": "tests.test_constraint_messages::test_a_virksomhedscenter_has_a_seat",
    "waiting_once_per_candidate": "tests.partnerships.test_centre_seats::"
    "test_candidates_are_added_found_by_name_and_listed_first_in_first_out",
    "job_package_participant_once": "tests.partnerships.test_job_package_views::"
    "test_enrolling_finds_candidates_by_name_and_refuses_a_closed_one",
    "participant_not_hired_needs_a_reason": (
        "tests.partnerships.test_job_package_views::test_an_outcome_not_hired_needs_a_reason"
    ),
    "placement_type_name": (
        "tests.test_constraint_messages::test_a_placement_type_name_is_used_once"
    ),
    "placement_planned_end_not_before_start": "tests.placements.test_views::"
    "test_a_new_placement_ending_before_it_starts_is_refused_on_the_end_date",
    "placement_actual_end_not_before_start": (
        "tests.placements.test_views::test_ending_a_placement_chooses_no_outcome_for_the_consultant"
    ),
    "placement_interrupted_needs_a_reason": "tests.placements.test_views::"
    "test_ending_early_needs_a_reason_and_then_cancels_what_no_longer_applies",
    "placement_no_overlapping_exclusive": "tests.placements.test_views::"
    "test_an_overlapping_placement_is_refused_on_the_form_and_nothing_saved",
}

# Constraint → why no form can run into it.
NOT_FROM_A_FORM = {
    "membership_only_employer_contacts_have_a_company": "the service sets the company from the "
    "role the admin chooses",
    "invitation_only_employer_contacts_have_a_company": "the invitation service sets the company "
    "from the role the admin chooses",
    "email_change_one_pending_per_user": "a new request for an address change cancels the "
    "pending one first (tests.accounts.test_invitations::"
    "test_a_new_request_or_cancelling_kills_the_earlier_link)",
    "company_priority_1_to_4": "the form offers the four groups as a choice",
    "company_follower_once": "following twice is following (the service keeps one row)",
    "activity_contact_once": "contact persons are ticked, once each",
    "opening_target_group_once": "target groups are ticked, once each",
    "candidate_closed_needs_a_date": "the service dates a closing today when no date is typed",
    "candidate_cpr_digest_needs_the_number": "made together with the encrypted number",
    "candidate_occupation": "occupations are chosen from a list, once each",
    "agreement_workplace_once": "workplaces are ticked, once each",
    "agreement_party_once": "third parties are ticked, once each",
    "agreement_signatory_once": "signatories are ticked, once each",
    "centre_target_group_once": "target groups are ticked, once each",
    "centre_mentor_once": "mentors are ticked, once each",
    "job_package_module_position": "the service numbers the modules",
    "module_progress_once": "one click marks a module completed, a second undoes it",
    "agreement_reminder_once": "written by the reminder task",
    "centre_alert_once": "written by the weekly occupancy check",
    "placement_type_code": "the service makes the code from the name",
    "cadence_step_kind": "the service makes the kind from the label",
    "after_check_once": "no page writes it yet",
    "followup_done_needs_a_date": "the service dates a follow-up done today",
    "notification_one_subject": "written by the reminder sweep",
    "notification_once": "written by the reminder sweep",
    "reminder_digest_once": "written by the reminder sweep",
    "calendar_feed_one_active": "the service revokes the old address before making a new one",
}


def _constraints() -> list[tuple[str, BaseConstraint]]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS and not model.__name__.endswith("Event"):
            found += [(model._meta.label, c) for c in model._meta.constraints]
    return found


def test_every_constraint_has_a_danish_message_of_its_own() -> None:
    raw = [
        f"{label}: {c.name}"
        for label, c in _constraints()
        if c.violation_error_message in (None, c.default_violation_error_message)
    ]
    assert not raw, "Give these constraints a violation_error_message:\n" + "\n".join(raw)


def test_every_constraint_is_refused_by_a_form_first_or_says_why_no_form_reaches_it() -> None:
    names = {c.name for _label, c in _constraints()}
    assert not names - set(THROUGH_A_FORM) - set(NOT_FROM_A_FORM), "not classified"
    assert not (set(THROUGH_A_FORM) | set(NOT_FROM_A_FORM)) - names, "no such constraint"
    for name, test in THROUGH_A_FORM.items():
        module, function = test.split("::")
        assert callable(getattr(importlib.import_module(module), function, None)), (name, test)


# --- The constraints no other test module runs into ------------------------------------------


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def errors(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {field: list(messages) for field, messages in response.context["form"].errors.items()}


def not_raw(response) -> bool:  # type: ignore[no-untyped-def]
    return "Begrænsning" not in text(response) and "overtrådt" not in text(response)


@pytest.fixture
def admin(personas: Personas) -> Client:
    return sign_in(Client(), personas.admin_a)


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


def test_the_access_log_is_kept_at_least_6_months(personas: Personas, admin: Client) -> None:
    response = admin.post(
        reverse("accounts:jobcenter_settings", kwargs={"jobcenter": "roskilde"}),
        {
            "name": "Jobcenter Roskilde",
            "board_label": "LBR",
            "access_log_retention_months": "3",
            "candidate_retention_years": "5",
            "contact_warning_days": "14",
            "opening_take_up_days": "2",
            **{f"priority_label_{i}": f"Gruppe {i}" for i in range(1, 5)},
        },
    )

    assert list(errors(response)) == ["access_log_retention_months"]
    assert "6 måneder" in errors(response)["access_log_retention_months"][0]
    personas.roskilde.refresh_from_db()
    assert personas.roskilde.access_log_retention_months == 12


def test_a_p_number_is_registered_once(personas: Personas, consultant: Client) -> None:
    with tenant_scope(personas.roskilde):
        first = make_company(name="Første ApS")
        company_services.workplace_create(
            actor=None, company=first, name="Lager", p_number="1000000001"
        )
        second = make_company(name="Anden ApS")

    response = consultant.post(
        reverse(
            "companies:workplace_add",
            kwargs={"jobcenter": "roskilde", "public_id": second.public_id},
        ),
        {"name": "Butik", "p_number": "1000000001"},
    )

    assert errors(response) == {"p_number": ["P-nummeret er allerede registreret på Første ApS."]}
    assert not_raw(response)
    with tenant_scope(personas.roskilde):
        assert Workplace.objects.count() == 1


def test_a_next_step_date_needs_the_next_step(personas: Personas, consultant: Client) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        chosen = purpose()

    response = consultant.post(
        reverse(
            "companies:activity_add",
            kwargs={"jobcenter": "roskilde", "public_id": company.public_id},
        ),
        {
            "type": "phone",
            "occurred_date": timezone.localdate().isoformat(),
            "occurred_time": "09:00",
            "consultant": personas.consultant_a.public_id,
            "purpose": chosen.pk,
            "next_step_due": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )

    assert errors(response) == {"next_step": ["Skriv, hvad næste skridt er."]}
    with tenant_scope(personas.roskilde):
        assert not Activity.objects.exists()


@pytest.mark.parametrize("kind", ["target_groups", "schemes", "steps"])
def test_a_catalogue_name_is_used_once(personas: Personas, admin: Client, kind: str) -> None:
    page = reverse(f"candidates:{kind}", kwargs={"jobcenter": "roskilde"})
    fields = {"name": "Ny post", "values": "A, B", "sort_order": "0", "is_active": "on"}
    assert admin.post(page, fields).status_code == 302

    clash = admin.post(page, {**fields, "name": "NY POST"})

    assert errors(clash) == {"name": ["Navnet findes allerede."]}


def test_an_assessment_scheme_cannot_end_before_it_begins(admin: Client) -> None:
    response = admin.post(
        reverse("candidates:schemes", kwargs={"jobcenter": "roskilde"}),
        {"name": "Ny skala", "values": "A", "valid_from": "2026-06-01", "valid_to": "2026-01-01"},
    )

    assert errors(response) == {"valid_to": ["Slutdatoen ligger før startdatoen."]}


def test_a_consent_names_what_may_be_shared(personas: Personas, consultant: Client) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()

    response = consultant.post(
        reverse(
            "candidates:consent_add",
            kwargs={"jobcenter": "roskilde", "public_id": candidate.public_id},
        ),
        {"given_on": timezone.localdate().isoformat()},
    )

    assert list(errors(response)) == ["categories"]
    with tenant_scope(personas.roskilde):
        assert not Consent.objects.exists()


def test_a_consent_is_not_withdrawn_before_it_was_given(
    personas: Personas, consultant: Client
) -> None:
    with tenant_scope(personas.roskilde):
        consent = candidate_services.consent_record(
            actor=None,
            candidate=make_candidate(),
            company=None,
            categories=[ConsentCategory.PROFILE],
            given_on=timezone.localdate() - timedelta(days=3),
        )

    response = consultant.post(
        reverse(
            "candidates:consent_withdraw",
            kwargs={"jobcenter": "roskilde", "public_id": consent.public_id},
        ),
        {"withdrawn_on": (timezone.localdate() - timedelta(days=10)).isoformat()},
    )

    assert errors(response) == {
        "withdrawn_on": ["Et samtykke kan ikke trækkes tilbage, før det er givet."]
    }
    with tenant_scope(personas.roskilde):
        consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_an_agreement_type_name_is_used_once(personas: Personas, admin: Client) -> None:
    with tenant_scope(personas.roskilde):
        existing = partnership_services.agreement_types_ensure_defaults()[0].name

    response = admin.post(
        reverse("partnerships:agreement_types", kwargs={"jobcenter": "roskilde"}),
        {
            "name": existing.upper(),
            "evaluation_months": "12",
            "evaluation_reminder_days": "30",
            "is_active": "on",
        },
    )

    assert "name" in errors(response)
    assert errors(response)["name"] == ["Navnet findes allerede."]
    assert not_raw(response)
    with tenant_scope(personas.roskilde):
        assert not AgreementType.objects.filter(name=existing.upper()).exists()


def test_a_virksomhedscenter_has_a_seat(personas: Personas, consultant: Client) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=2)

    response = consultant.post(
        reverse(
            "partnerships:centre_edit",
            kwargs={"jobcenter": "roskilde", "public_id": centre.public_id},
        ),
        {
            "name": "Nyt navn",
            "seats": "0",
            "payment_per_seat_month": "0",
            "mentor_hours_per_week": "0",
            "starts_on": "2026-01-01",
            "underuse_share": "80",
            "underuse_weeks": "4",
        },
    )

    assert list(errors(response)) == ["seats"]
    assert not_raw(response)
    with tenant_scope(personas.roskilde):
        assert CentreContract.objects.get().seats == 2


def test_a_placement_type_name_is_used_once(personas: Personas, admin: Client) -> None:
    with tenant_scope(personas.roskilde):
        existing = placement_services.placement_types_ensure_defaults()[0]

    response = admin.post(
        reverse("placements:types", kwargs={"jobcenter": "roskilde"}),
        {"name": existing.name.upper(), "is_active": "on"},
    )

    assert errors(response) == {"name": ["Navnet findes allerede."]}
    with tenant_scope(personas.roskilde):
        assert PlacementType.objects.filter(name__iexact=existing.name).count() == 1


def test_no_date_rule_reaches_the_database_from_a_model_form() -> None:
    """A ModelForm validates the model's constraints itself; the model's clean() names the
    field first, so the constraint's own (non-field) message is never the one shown."""
    from placements.models import Placement

    placement = Placement(planned_start=date(2026, 3, 1), planned_end=date(2026, 2, 1))

    with pytest.raises(ValidationError) as refused:
        placement.clean()

    assert refused.value.message_dict == {"planned_end": ["Slutdatoen ligger før startdatoen."]}
