"""Who works with a candidate decides who reads the sensitive notes and the full CPR number, so
that is not something a consultant can give themselves: only someone who works with the
candidate already, or a manager, changes the responsible consultant or team. Each attack below
is the request a consultant who is kept out would send, followed by the read they are after."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog, Membership, Team
from accounts.tenancy import tenant_scope
from candidates import selectors, services
from candidates.models import Candidate
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.companies.test_api import token_for
from tests.factories import Personas, sign_in

pytestmark = pytest.mark.django_db

API = "/api/v1/roskilde/candidates/"


def url(name: str, **kwargs: object) -> str:
    return reverse(f"candidates:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


@pytest.fixture
def attacker(personas: Personas) -> Client:
    """Karen, a consultant in Roskilde, on a team of her own."""
    return sign_in(Client(), personas.consultant_a)


def api_client(personas: Personas, user: Any) -> Client:
    return Client(headers={"authorization": f"Bearer {token_for(personas.roskilde, user)}"})


def the_team(personas: Personas) -> Team:
    with tenant_scope(personas.roskilde):
        return Team.objects.get(name="Virksomhedsteam")


def someone_elses(personas: Personas, **fields: Any) -> Candidate:
    """A candidate of the manager's, outside Karen's team, with a health note."""
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(
            first_name="Villum",
            last_name="Skjult",
            cpr=fictitious_cpr(),
            consultant=personas.manager_a,
            **fields,
        )
        services.sensitive_note_add(
            actor=personas.manager_a,
            membership=Membership.objects.get(user=personas.manager_a),
            candidate=candidate,
            kind="health",
            text="Angst efter arbejdsulykke",
        )
    return candidate


def stored(personas: Personas, candidate: Candidate) -> Candidate:
    with tenant_scope(personas.roskilde):
        return Candidate.objects.select_related("consultant", "team").get(pk=candidate.pk)


def assert_still_kept_out(client: Client, candidate: Candidate) -> None:
    """The reads the attack was for: the sensitive notes (404, as if there were none) and the
    full CPR number (refused)."""
    sensitive = client.get(
        url("sensitive", public_id=candidate.public_id), {"formaal": "Opfølgning"}
    )
    assert sensitive.status_code == 404
    assert "Angst" not in sensitive.content.decode()
    reveal = client.post(url("cpr_reveal", public_id=candidate.public_id), {"purpose": "Tjek"})
    assert reveal.status_code == 403


def reassignments(personas: Personas) -> list[tuple[int | None, str]]:
    with tenant_scope(personas.roskilde):
        return list(AccessLog.objects.filter(action="reassign").values_list("user_id", "object_id"))


# --- the attacks ------------------------------------------------------------------------------


def test_the_edit_form_does_not_let_a_consultant_make_themselves_the_consultant(
    personas, attacker
) -> None:
    candidate = someone_elses(personas)
    edit = url("edit", public_id=candidate.public_id)

    page = attacker.get(edit).content.decode()
    # Not offered: shown read-only, with the reason.
    assert 'name="consultant"' not in page and 'name="team"' not in page
    assert "Kun kandidatens ansvarlige konsulent" in page

    response = attacker.post(
        edit,
        {
            "first_name": "Villum",
            "last_name": "Skjult",
            "city": "Roskilde",
            "consultant": str(personas.consultant_a.public_id),
            "team": str(the_team(personas).public_id),
        },
    )

    assert response.status_code == 302  # the rest of the form is saved
    after = stored(personas, candidate)
    assert after.city == "Roskilde"
    assert (after.consultant_id, after.team_id) == (personas.manager_a.pk, None)
    assert_still_kept_out(attacker, candidate)
    assert reassignments(personas) == []


@pytest.mark.parametrize("field", ["consultant", "team"])
def test_the_api_refuses_a_consultant_who_makes_themselves_the_consultant_or_team(
    personas, attacker, field
) -> None:
    candidate = someone_elses(personas)
    api = api_client(personas, personas.consultant_a)
    value = personas.consultant_a.email if field == "consultant" else "Virksomhedsteam"

    response = api.patch(
        f"{API}{candidate.public_id}/",
        {field: value, "city": "Roskilde"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Kun kandidatens ansvarlige konsulent, kandidatens team og ledere kan skifte "
        "ansvarlig konsulent eller team."
    }
    after = stored(personas, candidate)
    assert (after.consultant_id, after.team_id, after.city) == (personas.manager_a.pk, None, "")
    assert_still_kept_out(attacker, candidate)
    assert reassignments(personas) == []


def test_the_service_refuses_whichever_way_the_new_consultant_arrives(personas) -> None:
    candidate = someone_elses(personas)
    with tenant_scope(personas.roskilde):
        karen = Membership.objects.get(user=personas.consultant_a)
        with pytest.raises(PermissionDenied):
            services.candidate_update(
                actor=personas.consultant_a, candidate=candidate, consultant=personas.consultant_a
            )
        with pytest.raises(PermissionDenied):
            services.candidate_update(
                actor=personas.consultant_a, candidate=candidate, team=karen.team
            )
        with pytest.raises(PermissionDenied):
            services.candidate_update(
                actor=personas.consultant_a, candidate=candidate, consultant=None
            )
        # Set on the instance (as a form bound to it does) and saved with another change.
        bound = Candidate.objects.get(pk=candidate.pk)
        bound.consultant = personas.consultant_a
        with pytest.raises(PermissionDenied):
            services.candidate_update(actor=personas.consultant_a, candidate=bound, city="Køge")
        # A status change saves the status only.
        services.candidate_set_status(actor=personas.consultant_a, candidate=bound, status="paused")

    after = stored(personas, candidate)
    assert (after.consultant_id, after.team_id, after.city) == (personas.manager_a.pk, None, "")
    assert after.status == "paused"
    with tenant_scope(personas.roskilde), pytest.raises(Http404):
        selectors.sensitive_notes_for(membership=karen, candidate=after)


def test_a_duplicate_cpr_number_posted_to_the_api_does_not_reach_the_existing_candidate(
    personas, attacker
) -> None:
    number = fictitious_cpr()
    candidate = someone_elses(personas)
    with tenant_scope(personas.roskilde):
        services.candidate_update(actor=personas.manager_a, candidate=candidate, cpr=number)
    api = api_client(personas, personas.consultant_a)

    response = api.post(
        API,
        {
            "first_name": "Villum",
            "last_name": "Skjult",
            "cpr": number,
            "consultant": personas.consultant_a.email,
            "team": "Virksomhedsteam",
        },
        content_type="application/json",
    )

    assert response.status_code == 400 and "existing_public_id" in response.json()
    assert number.encode() not in response.content
    assert stored(personas, candidate).consultant_id == personas.manager_a.pk
    assert_still_kept_out(attacker, candidate)


# --- what stays allowed -----------------------------------------------------------------------


def test_a_consultant_registers_a_new_candidate_with_themselves_as_consultant(
    personas, attacker
) -> None:
    form = attacker.get(url("add")).content.decode()
    assert 'name="consultant"' in form and 'name="team"' in form

    response = attacker.post(
        url("add"),
        {
            "first_name": "Ny",
            "last_name": "Borger",
            "consultant": str(personas.consultant_a.public_id),
            "team": str(the_team(personas).public_id),
        },
    )

    assert response.status_code == 302
    with tenant_scope(personas.roskilde):
        created = Candidate.objects.get(last_name="Borger")
    assert (created.consultant_id, created.team_id) == (
        personas.consultant_a.pk,
        the_team(personas).pk,
    )
    page = attacker.get(url("sensitive", public_id=created.public_id), {"formaal": "Opfølgning"})
    assert page.status_code == 200


def test_the_team_hands_a_candidate_over_and_the_change_is_logged(personas, attacker) -> None:
    team = the_team(personas)
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(first_name="Holger", team=team)
    edit = url("edit", public_id=candidate.public_id)
    assert 'name="consultant"' in attacker.get(edit).content.decode()

    response = attacker.post(
        edit,
        {
            "first_name": "Holger",
            "last_name": candidate.last_name,
            "consultant": str(personas.manager_a.public_id),
            "team": "",
        },
    )

    assert response.status_code == 302
    after = stored(personas, candidate)
    assert (after.consultant_id, after.team_id) == (personas.manager_a.pk, None)
    # In the access log and in the write history, both with who did it.
    assert reassignments(personas) == [(personas.consultant_a.pk, str(candidate.public_id))]
    with tenant_scope(personas.roskilde):
        event = after.history.order_by("-pgh_id").first()
    assert (event.consultant_id, event.team_id) == (personas.manager_a.pk, None)
    assert event.pgh_context["user"] == personas.consultant_a.pk
    # Karen handed it away: now she is the one kept out.
    assert attacker.get(edit).status_code == 200
    assert 'name="consultant"' not in attacker.get(edit).content.decode()
    assert_still_kept_out(attacker, after)


def test_a_manager_assigns_any_candidate_through_the_api(personas) -> None:
    candidate = someone_elses(personas)
    api = api_client(personas, personas.admin_a)

    response = api.patch(
        f"{API}{candidate.public_id}/",
        {"consultant": personas.consultant_a.email, "team": "Virksomhedsteam"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["consultant"] == personas.consultant_a.email
    assert reassignments(personas) == [(personas.admin_a.pk, str(candidate.public_id))]
    karen = sign_in(Client(), personas.consultant_a)
    page = karen.get(url("sensitive", public_id=candidate.public_id), {"formaal": "Opfølgning"})
    assert page.status_code == 200 and "Angst" in page.content.decode()
