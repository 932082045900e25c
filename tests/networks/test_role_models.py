"""Role models: a candidate only with consent (and no longer once it is withdrawn), or a
person from a company's staff, with where they have appeared. A candidate's role-model record
is part of what they can see about themselves, and goes when they are anonymised."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.tenancy import tenant_scope
from candidates import retention, subject_access
from candidates import services as candidate_services
from candidates.models import ConsentCategory
from networks import selectors, services
from networks.models import RoleModel, RoleModelAppearance
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.networks.factories import make_contact, make_meeting, make_network

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def consent(candidate, *, company=None, categories=(ConsentCategory.FULL_NAME,)):  # type: ignore[no-untyped-def]
    return candidate_services.consent_record(
        actor=None,
        candidate=candidate,
        company=company,
        categories=list(categories),
        given_on=date(2026, 9, 1),
    )


@time_machine.travel(TODAY)
def test_a_candidate_is_a_role_model_only_with_consent_to_be_named_to_employers(personas) -> None:
    with tenant_scope(personas.roskilde):
        amira = make_candidate(first_name="Amira", last_name="Demogaard")
        # A consent to one company, or without the name, is not enough.
        consent(amira, company=make_company(name="Bageriet ApS"))
        consent(amira, categories=(ConsentCategory.PROFILE,))
        with pytest.raises(ValidationError) as error:
            services.role_model_create(actor=None, candidate=amira, theme="Fra praktik til job")
        assert "Amira har ikke givet samtykke" in error.value.message_dict["candidate"][0]
        assert not RoleModel.objects.exists()
        given = consent(amira)
        role_model = services.role_model_create(
            actor=None, candidate=amira, theme="Fra praktik til fast job i kantinen"
        )
        assert role_model.consent == given


@time_machine.travel(TODAY)
def test_a_withdrawn_consent_ends_the_role_and_its_appearances(personas) -> None:
    with tenant_scope(personas.roskilde):
        amira = make_candidate(first_name="Amira", last_name="Demogaard")
        given = consent(amira)
        role_model = services.role_model_create(actor=None, candidate=amira, theme="Min vej i job")
        staff = services.role_model_create(
            actor=None, contact=make_contact(), theme="Mangfoldighedsledelse i en lille virksomhed"
        )
        meeting = make_meeting(make_network(), date=date(2026, 11, 5))
        services.role_model_appearance_add(actor=None, role_model=role_model, meeting=meeting)
        services.role_model_appearance_add(
            actor=None, role_model=staff, occurred_on=date(2026, 10, 1), place="Sprogcentret"
        )
        shown = {
            r.pk: [a.meeting or a.place for a in r.appearances.all()]
            for r in selectors.role_models()
        }
        assert shown == {role_model.pk: [meeting], staff.pk: ["Sprogcentret"]}
        candidate_services.consent_withdraw(actor=None, consent=given)
        assert [r.pk for r in selectors.role_models()] == [staff.pk]
        with pytest.raises(ValidationError) as error:
            services.role_model_appearance_add(actor=None, role_model=role_model, meeting=meeting)
        assert "samtykke er trukket tilbage" in error.value.messages[0]
        with pytest.raises(ValidationError) as error:
            services.role_model_appearance_add(actor=None, role_model=staff, occurred_on=TODAY)
        assert "skriv hvor" in error.value.message_dict["place"][0]


@time_machine.travel(TODAY)
def test_the_role_is_in_the_candidate_s_own_record_and_goes_with_anonymisation(personas) -> None:
    with tenant_scope(personas.roskilde):
        amira = make_candidate(first_name="Amira", last_name="Demogaard")
        consent(amira)
        role_model = services.role_model_create(actor=None, candidate=amira, theme="Min vej i job")
        meeting = make_meeting(make_network(name="Fyraftensnetværket"), date=date(2026, 11, 5))
        services.role_model_appearance_add(actor=None, role_model=role_model, meeting=meeting)
        record = subject_access.collect(amira)
        section = record["other"]["networks"]
        assert section["heading"] == "Rollemodel i netværk"
        assert section["rows"][0]["Rollemodel"] == "Min vej i job"
        assert section["rows"][1]["Hvor"].startswith("Fyraftensnetværket, ")
        retention.anonymise(candidate_ids=[amira.pk])
        assert not RoleModel.objects.exists() and not RoleModelAppearance.objects.exists()
