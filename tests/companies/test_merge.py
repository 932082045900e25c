from __future__ import annotations

import pytest
from django.test import Client

from accounts.tenancy import tenant_scope
from companies import merge, services
from companies.models import (
    Activity,
    ActivityType,
    Company,
    CompanyFollower,
    CompanyMerge,
    ContactPerson,
    JobOpening,
    KeyAccountHandover,
    Workplace,
)
from tests.companies.factories import make_company, purpose, valid_cvr
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def test_similar_names_at_the_same_postcode_are_suggested(personas) -> None:
    with tenant_scope(personas.roskilde):
        a = make_company(name="Bageriet Hansen ApS", postcode="4000", city="Roskilde")
        b = make_company(name="Bageriet Hansen", postcode="4000", city="Roskilde", cvr="")
        make_company(name="Roskilde Tømrerfirma", postcode="4000", city="Roskilde")
        pairs = merge.duplicate_suggestions()
    assert [{p.first.pk, p.second.pk} for p in pairs] == [{a.pk, b.pk}]
    assert pairs[0].reason == "Næsten samme navn og samme postnummer"


def test_the_same_name_under_other_cvr_numbers_is_suggested_wherever_it_is(personas) -> None:
    # As in the demo: three "Møllers Transport" in three postcodes, each with its own CVR.
    with tenant_scope(personas.roskilde):
        first = make_company(name="Møllers Transport", postcode="4000", address="Stationsvej 57")
        second = make_company(name="Møllers Transport", postcode="4040", address="Hovedgaden 1")
        third = make_company(name="Møllers Transport", postcode="4130", address="Hovedgaden 78")
        same_place = make_company(
            name="Moellers Transport A/S", postcode="4000", address="stationsvej 57"
        )
        make_company(name="Møllers Tømrer", postcode="4000")  # another trade
        make_company(name="Transport Møller", postcode="4000")  # another word order
        pairs = merge.duplicate_suggestions()

    found = {frozenset((p.first.pk, p.second.pk)): p.reason for p in pairs}
    assert found == {
        frozenset((first.pk, same_place.pk)): "Næsten samme navn og samme adresse",
        frozenset((first.pk, second.pk)): "Samme navn, andet postnummer",
        frozenset((first.pk, third.pk)): "Samme navn, andet postnummer",
        frozenset((second.pk, third.pk)): "Samme navn, andet postnummer",
        frozenset((second.pk, same_place.pk)): "Næsten samme navn, andet postnummer",
        frozenset((third.pk, same_place.pk)): "Næsten samme navn, andet postnummer",
    }
    assert {pairs[0].first.pk, pairs[0].second.pk} == {first.pk, same_place.pk}  # likeliest


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Nørgaards Rengøring", "Noergaards Rengoering I/S"),
        ("Søndergård Maskinfabrik A/S", "Sondergaard Maskinfabrik"),
        ("Jensen & Co. A.m.b.a.", "Jensen & Co"),
        ("Bækgaards Plejecenter", "Baekgaard Plejecenter ApS"),
    ],
)
def test_near_same_names_share_a_key(personas, one, other) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name=one, postcode="4000")
        make_company(name=other, postcode="4000")
        pairs = merge.duplicate_suggestions()
    assert [(p.first.name, p.second.name) for p in pairs] == [(one, other)]


def test_the_duplicates_page_names_the_reason(personas) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Søndergaards Tømrer", postcode="4000")
        make_company(name="Søndergaards Tømrer", postcode="4130")
    client = sign_in(Client(), personas.consultant_a)

    html = client.get("/roskilde/virksomhedsvaerktoejer/dubletter/").content.decode()

    assert html.count("Søndergaards Tømrer") >= 2
    assert "Samme navn, andet postnummer" in html and "Hvorfor" in html


def test_the_other_jobcenters_companies_are_never_suggested(personas) -> None:
    with tenant_scope(personas.aalborg):
        make_company(name="Bageriet Hansen ApS", postcode="4000")
    with tenant_scope(personas.roskilde):
        make_company(name="Bageriet Hansen ApS", postcode="4000")
        assert merge.duplicate_suggestions() == []


def test_merging_keeps_everything_on_the_survivor_and_is_logged(personas) -> None:
    consultant, manager = personas.consultant_a, personas.manager_a
    with tenant_scope(personas.roskilde):
        keep = make_company(name="Bageriet Hansen ApS", cvr="", postcode="4000")
        drop = make_company(
            name="Bageriet Hansen",
            cvr=(cvr := valid_cvr()),
            postcode="4000",
            city="Roskilde",
            employee_count=12,
            key_account=consultant,
            tags=["bager"],
        )
        contact = services.contact_create(actor=consultant, company=drop, name="Hanne")
        workplace = services.workplace_create(actor=consultant, company=drop, name="Butikken")
        activity = services.activity_create(
            actor=consultant, company=drop, type=ActivityType.VISIT, purpose=purpose()
        )
        opening = services.job_opening_create(actor=consultant, company=drop, title="Bager")
        services.company_follow(actor=manager, company=drop)
        services.company_follow(actor=manager, company=keep)  # followed both: once after
        services.company_follow(actor=consultant, company=drop)
        services.company_hand_over(actor=consultant, company=drop, to_user=manager)

        log = merge.company_merge(actor=manager, survivor=keep, other=drop)

        assert not Company.objects.filter(pk=drop.pk).exists()
        keep.refresh_from_db()
        assert ContactPerson.objects.get(pk=contact.pk).company_id == keep.pk
        assert Workplace.objects.get(pk=workplace.pk).company_id == keep.pk
        assert Activity.objects.get(pk=activity.pk).company_id == keep.pk
        assert JobOpening.objects.get(pk=opening.pk).company_id == keep.pk
        assert KeyAccountHandover.objects.get().company_id == keep.pk
        followers = CompanyFollower.objects.filter(company=keep).values_list("user", flat=True)
        assert sorted(followers) == sorted([manager.pk, consultant.pk])
        # Empty fields filled from the other; the survivor's own kept.
        assert (keep.cvr, keep.city, keep.employee_count) == (cvr, "Roskilde", 12)
        assert keep.name == "Bageriet Hansen ApS" and keep.key_account_id == manager.pk
        assert keep.tags == ["bager"]
        assert CompanyMerge.objects.get() == log
        assert (log.merged_name, log.merged_cvr, log.by_id) == ("Bageriet Hansen", cvr, manager.pk)
        assert log.moved["contacts"] == 1 and "cvr" in log.moved["filled"]


def test_the_merge_pages_confirm_first_then_merge(personas) -> None:
    with tenant_scope(personas.roskilde):
        keep = make_company(name="Bageriet Hansen ApS", postcode="4000")
        drop = make_company(name="Bageriet Hansen", postcode="4000")
    client = sign_in(Client(), personas.consultant_a)
    listing = client.get("/roskilde/virksomhedsvaerktoejer/dubletter/")
    url = f"/roskilde/virksomhedsvaerktoejer/dubletter/{keep.public_id}/{drop.public_id}/"
    assert url in listing.content.decode()

    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, læg dem sammen" in confirm.content.decode()
    with tenant_scope(personas.roskilde):
        assert Company.objects.count() == 2

    response = client.post(url)
    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        assert list(Company.objects.values_list("pk", flat=True)) == [keep.pk]
        assert CompanyMerge.objects.get().survivor_id == keep.pk


def test_the_board_member_may_not_merge(personas) -> None:
    with tenant_scope(personas.roskilde):
        keep = make_company(name="A ApS")
        drop = make_company(name="A A/S")
    client = sign_in(Client(), personas.board_a)
    url = f"/roskilde/virksomhedsvaerktoejer/dubletter/{keep.public_id}/{drop.public_id}/"
    assert client.post(url).status_code == 403
    with tenant_scope(personas.roskilde):
        assert Company.objects.count() == 2


def test_merging_moves_placements_agreements_and_their_parties_to_the_survivor(personas) -> None:
    from partnerships.models import AgreementParty
    from placements.models import Placement
    from tests.partnerships.factories import make_agreement
    from tests.placements.factories import make_placement

    consultant = personas.consultant_a
    with tenant_scope(personas.roskilde):
        keep = make_company(name="Bageriet Hansen ApS", cvr="", postcode="4000")
        drop = make_company(name="Bageriet Hansen", postcode="4000")
        union = make_company(name="3F Roskilde", postcode="4000")
        placement = make_placement(consultant, company=drop)
        agreement = make_agreement(consultant, company=drop)
        # The same organisation is a party twice over once the two companies are one.
        own = make_agreement(consultant, company=union)
        AgreementParty.objects.create(agreement=own, organisation=keep)
        AgreementParty.objects.create(agreement=own, organisation=drop)

        log = merge.company_merge(actor=consultant, survivor=keep, other=drop)

        assert Placement.objects.get(pk=placement.pk).company_id == keep.pk
        agreement.refresh_from_db()
        assert agreement.company_id == keep.pk
        assert list(
            AgreementParty.objects.filter(agreement=own).values_list("organisation_id", flat=True)
        ) == [keep.pk]
        assert not Company.objects.filter(pk=drop.pk).exists()
        assert log.moved["placements_placement"] == 1
        assert log.moved["partnerships_agreement"] == 1
