"""Networks, their kinds and members: the rules a consultant meets when filling in the forms,
and the database's own guard behind each."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.tenancy import tenant_scope
from companies.models import CompanyKind
from networks import selectors, services
from networks.models import MemberRole, Network, NetworkMember
from networks.parties import JOBCENTER, NOBODY, Party, party_from_key
from tests.companies.factories import make_company
from tests.networks.factories import make_contact, make_network, make_organisation

pytestmark = pytest.mark.django_db


def test_a_jobcenter_starts_with_the_kinds_of_network_and_adds_its_own(personas) -> None:
    with tenant_scope(personas.roskilde):
        names = [k.name for k in services.network_kinds_ensure_defaults()]
        assert names == [
            "Lokalt partnerskab",
            "Task Force",
            "Sponsornetværk",
            "Dialogforum",
            "Erfa-gruppe",
            "Fyraftensnetværk",
        ]
        own = services.network_kind_save(actor=personas.admin_a, kind=None, name="Brancheklub")
        assert own.code.startswith("brancheklub-")
        with pytest.raises(ValidationError) as error:
            services.network_kind_save(actor=personas.admin_a, kind=None, name="task force")
        assert "findes allerede" in error.value.message_dict["name"][0]
    with tenant_scope(personas.aalborg):
        # Another jobcenter's catalogue is its own.
        assert "Brancheklub" not in [k.name for k in services.network_kinds_ensure_defaults()]


def test_a_network_needs_a_purpose_a_success_criterion_and_a_tovholder(personas) -> None:
    with tenant_scope(personas.roskilde):
        with pytest.raises(ValidationError) as error:
            make_network(purpose="  ", success_criterion="", coordinator=NOBODY)
        assert set(error.value.message_dict) == {"purpose", "success_criterion", "coordinator"}
        assert "Antal fremmødte alene er ikke et succeskriterium" in str(error.value)
        assert not Network.objects.exists()


def test_the_tovholder_may_be_the_jobcenter_an_organisation_or_a_person(personas) -> None:
    with tenant_scope(personas.roskilde):
        randers = make_company(name="Randers FC", kind=CompanyKind.ASSOCIATION)
        by_jobcenter = make_network(name="A", coordinator=JOBCENTER)
        by_club = make_network(name="B", coordinator=Party(organisation=randers))
        by_person = make_network(name="C", coordinator=Party(user=personas.consultant_a))
        assert by_jobcenter.coordinator.label("Jobcenter Roskilde") == "Jobcenter Roskilde"
        assert by_club.coordinator.label() == "Randers FC"
        assert by_person.coordinator.label() == "Karen"
        assert by_club.coordinator.is_organisation and not by_person.coordinator.is_organisation


def test_the_database_refuses_a_network_with_two_tovholdere_or_none(personas) -> None:
    with tenant_scope(personas.roskilde):
        network = make_network()
        for change in (
            {"coordinator_is_jobcenter": True, "coordinator_user": personas.consultant_a},
            {"coordinator_is_jobcenter": False},
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                Network.objects.filter(pk=network.pk).update(**change)
        with pytest.raises(IntegrityError), transaction.atomic():
            Network.objects.filter(pk=network.pk).update(purpose=" ")


def test_a_network_cannot_lie_under_itself(personas) -> None:
    with tenant_scope(personas.roskilde):
        top = make_network(name="Top")
        child = make_network(name="Under", parent=top)
        with pytest.raises(ValidationError) as error:
            services.network_update(actor=None, network=top, parent=child)
        assert "under sig selv" in error.value.message_dict["parent"][0]


def test_a_party_key_from_a_form_is_found_in_the_jobcenter_only(personas) -> None:
    with tenant_scope(personas.aalborg):
        foreign = make_company(name="Aalborg ApS")
    with tenant_scope(personas.roskilde):
        contact = make_contact()
        assert party_from_key(f"contact:{contact.public_id}").contact == contact
        assert party_from_key("jobcenter") == JOBCENTER
        assert (
            party_from_key(f"user:{personas.consultant_a.public_id}").user == personas.consultant_a
        )
        for key in (f"org:{foreign.public_id}", f"user:{personas.consultant_b.public_id}", "org:x"):
            with pytest.raises(ValidationError) as error:
                party_from_key(key, field="owner")
            assert "findes ikke i jobcentret" in error.value.message_dict["owner"][0]


def test_members_are_organisations_with_or_without_a_contact_or_staff(personas) -> None:
    with tenant_scope(personas.roskilde):
        network = make_network()
        contact = make_contact()
        school = make_organisation("Sprogcentret (fiktivt)")
        by_contact = services.member_add(actor=None, network=network, contact=contact)
        assert by_contact.organisation == contact.company
        services.member_add(actor=None, network=network, organisation=school, role=MemberRole.HOST)
        services.member_add(actor=None, network=network, user=personas.consultant_a)
        with pytest.raises(ValidationError) as error:
            services.member_add(actor=None, network=network, contact=contact)
        assert "allerede medlem" in error.value.message_dict["organisation"][0]
        with pytest.raises(ValidationError) as error:
            services.member_add(actor=None, network=network, organisation=school, contact=contact)
        assert "er ikke kontaktperson hos" in error.value.message_dict["contact"][0]
        with pytest.raises(ValidationError) as error:
            services.member_add(actor=None, network=network, user=personas.consultant_b)
        assert "er ikke medarbejder" in error.value.message_dict["user"][0]
        members = list(selectors.network_members(network))
        assert [m.label for m in members] == [
            "Lene Prøvesen, Prøvesens Maskinfabrik ApS",
            "Sprogcentret (fiktivt)",
            "Karen",
        ]


def test_a_member_who_left_can_join_again_and_the_history_stays(personas) -> None:
    with tenant_scope(personas.roskilde):
        network = make_network()
        contact = make_contact()
        first = services.member_add(
            actor=None, network=network, contact=contact, joined_on=date(2025, 1, 1)
        )
        with pytest.raises(ValidationError) as error:
            services.member_leave(actor=None, member=first, left_on=date(2024, 1, 1))
        assert "før indtrædelsen" in error.value.message_dict["left_on"][0]
        services.member_leave(actor=None, member=first, left_on=date(2025, 6, 1))
        services.member_add(actor=None, network=network, contact=contact)
        assert NetworkMember.objects.filter(network=network).count() == 2
        assert selectors.network_members(network).count() == 1
        assert selectors.company_network_memberships(contact.company).count() == 2
        # The database keeps one current membership per person, whatever the service says.
        with pytest.raises(IntegrityError), transaction.atomic():
            NetworkMember.objects.create(
                network=network, organisation=contact.company, contact=contact
            )


def test_a_network_or_meeting_is_found_for_staff_of_its_jobcenter_only(personas) -> None:
    from django.http import Http404

    from tests.networks.factories import make_meeting

    with tenant_scope(personas.roskilde):
        network = make_network()
        meeting = make_meeting(network)
        found = selectors.network_get_for_user(
            user=personas.consultant_a, public_id=network.public_id
        )
        assert found == network
        assert selectors.meeting_get_for_user(user=personas.manager_a, public_id=meeting.public_id)
        # A board member and an employer contact do not see networks; a consultant of another
        # jobcenter has no membership here.
        for user in (personas.board_a, personas.employer_a, personas.consultant_b):
            with pytest.raises(Http404):
                selectors.network_get_for_user(user=user, public_id=network.public_id)
            with pytest.raises(Http404):
                selectors.meeting_get_for_user(user=user, public_id=meeting.public_id)
    with tenant_scope(personas.aalborg), pytest.raises(Http404):
        selectors.network_get_for_user(user=personas.consultant_b, public_id=network.public_id)
