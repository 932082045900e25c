"""Candidates' writes: CPR at rest, assessments, consents, the staircase plan, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from accounts.models import AccessLog, Membership
from accounts.tenancy import tenant_scope
from candidates import cpr, selectors, services
from candidates.models import Assessment, Candidate, Consent, ConsentCategory, SensitiveNote
from candidates.services import DuplicateCpr
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.companies.factories import make_company

pytestmark = pytest.mark.django_db


def membership(personas, user) -> Membership:  # type: ignore[no-untyped-def]
    return Membership.objects.select_related("team").get(user=user)


def test_the_cpr_number_is_stored_only_encrypted_and_shown_masked(personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(cpr=f"{number[:6]}-{number[6:]}")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT row_to_json(c)::text FROM candidates_candidate c WHERE id = %s",
                [candidate.pk],
            )
            (row,) = cursor.fetchone()

    assert number not in row and number[:6] + "-" + number[6:] not in row
    assert candidate.cpr_masked == f"{number[:6]}-XXXX"


def test_a_ciphertext_moved_to_another_jobcenter_does_not_decrypt(personas) -> None:
    number = fictitious_cpr()
    token = cpr.encrypt(number, tenant_id=personas.roskilde.pk)

    assert cpr.decrypt(token, tenant_id=personas.roskilde.pk) == number
    with pytest.raises(Exception):  # noqa: B017 - cryptography's InvalidTag
        cpr.decrypt(token, tenant_id=personas.aalborg.pk)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "ti cifre"),
        ("010190-12345", "ti cifre"),
        ("310290-1234", "gyldig fødselsdato"),
        ("abcdef-ghij", "ti cifre"),
    ],
)
def test_an_invalid_cpr_number_is_refused_with_a_clear_message(personas, typed, message) -> None:
    with tenant_scope(personas.roskilde), pytest.raises(ValidationError) as error:
        make_candidate(cpr=typed)

    assert message in " ".join(error.value.message_dict["cpr"])
    assert typed not in str(error.value)


def test_a_cpr_number_registered_already_names_the_candidate_not_the_number(personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        first = make_candidate(first_name="Anna", last_name="Holm", cpr=number)
        with pytest.raises(DuplicateCpr) as error:
            make_candidate(first_name="Anna", last_name="Holm igen", cpr=number)

    assert error.value.existing == first
    assert "Anna Holm" in str(error.value) and number not in str(error.value)


def test_the_same_person_may_be_a_candidate_in_two_jobcenters(personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        make_candidate(cpr=number)
    with tenant_scope(personas.aalborg):
        make_candidate(cpr=number)
        found = selectors.candidate_by_cpr(number)

    assert found is not None and found.tenant_id == personas.aalborg.pk


def test_a_candidate_is_found_by_an_exact_cpr_number_in_any_notation(personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(cpr=number)
        make_candidate(first_name="Anden")

        assert selectors.candidate_by_cpr(f"{number[:6]}-{number[6:]}") == candidate
        assert selectors.candidate_by_cpr(f"{number[:6]} {number[6:]}") == candidate
        assert selectors.candidate_by_cpr(fictitious_cpr()) is None


def test_revealing_the_cpr_number_is_logged_with_its_purpose(personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(consultant=personas.consultant_a, cpr=number)
        shown = services.candidate_reveal_cpr(
            actor=personas.consultant_a,
            membership=membership(personas, personas.consultant_a),
            candidate=candidate,
            purpose="Ansættelseskontrakt",
        )
        row = AccessLog.objects.get()

    assert shown == number
    assert (row.action, row.object_id, row.purpose) == (
        "reveal_cpr",
        str(candidate.public_id),
        "Ansættelseskontrakt",
    )
    assert number not in row.criterion + row.purpose


def test_only_people_who_work_with_the_candidate_may_reveal_the_cpr(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(consultant=personas.manager_a)
        # The consultant is on a team, but not the candidate's, and not responsible.
        with pytest.raises(PermissionDenied):
            services.candidate_reveal_cpr(
                actor=personas.consultant_a,
                membership=membership(personas, personas.consultant_a),
                candidate=candidate,
                purpose="nysgerrighed",
            )
        assert not AccessLog.objects.exists()


def test_assessments_are_new_rows_and_never_overwritten(personas) -> None:
    today = timezone.localdate()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        schemes = {s.name: s for s in services.schemes_ensure_defaults()}
        current = schemes["Jobparat / aktivitetsparat"]
        first = services.assessment_record(
            actor=personas.consultant_a,
            candidate=candidate,
            scheme=current,
            value="Aktivitetsparat",
            assessed_on=today - timedelta(days=60),
        )
        services.assessment_record(
            actor=personas.consultant_a,
            candidate=candidate,
            scheme=current,
            value="Jobparat",
            assessed_on=today,
        )
        candidate.refresh_from_db()

        assert Assessment.objects.filter(candidate=candidate).count() == 2
        assert candidate.latest_assessment.value == "Jobparat"
        with pytest.raises(DatabaseError), transaction.atomic():
            Assessment.objects.filter(pk=first.pk).update(value="Jobparat")


def test_an_older_scheme_stays_readable_but_takes_no_new_assessments(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        legacy = next(s for s in services.schemes_ensure_defaults() if "Match" in s.name)
        old = services.assessment_record(
            actor=None,
            candidate=candidate,
            scheme=legacy,
            value="Match 2",
            assessed_on=date(2012, 5, 1),
        )
        with pytest.raises(ValidationError) as error:
            services.assessment_record(
                actor=None,
                candidate=candidate,
                scheme=legacy,
                value="Match 2",
                assessed_on=timezone.localdate(),
            )
        assert "gjaldt ikke" in str(error.value)
        assert list(selectors.candidate_assessments(candidate=candidate)) == [old]


def test_a_value_outside_the_scheme_is_refused(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        scheme = services.schemes_ensure_defaults()[0]
        with pytest.raises(ValidationError) as error:
            services.assessment_record(
                actor=None,
                candidate=candidate,
                scheme=scheme,
                value="Match 9",
                assessed_on=timezone.localdate(),
            )
    assert "ikke en værdi" in str(error.value)


def test_consents_say_what_may_be_shared_with_whom_until_withdrawn(personas) -> None:
    today = timezone.localdate()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        bakery = make_company(name="Bageriet ApS")
        other = make_company(name="Andet ApS")
        specific = services.consent_record(
            actor=personas.consultant_a,
            candidate=candidate,
            company=bakery,
            categories=[ConsentCategory.FULL_NAME, ConsentCategory.PROFILE],
            given_on=today - timedelta(days=10),
        )
        services.consent_record(
            actor=personas.consultant_a,
            candidate=candidate,
            company=None,
            categories=[ConsentCategory.AVAILABILITY],
            given_on=today - timedelta(days=5),
        )

        assert selectors.shared_categories(candidate=candidate, company=bakery) == {
            "full_name",
            "profile",
            "availability",
        }
        assert selectors.shared_categories(candidate=candidate, company=other) == {"availability"}

        services.consent_withdraw(actor=personas.consultant_a, consent=specific)
        assert selectors.shared_categories(candidate=candidate, company=bakery) == {"availability"}
        # Before the withdrawal, it was shared.
        assert "profile" in selectors.shared_categories(
            candidate=candidate, company=bakery, on=today - timedelta(days=1)
        )


def test_withdrawing_a_consent_twice_is_a_clear_error(personas) -> None:
    with tenant_scope(personas.roskilde):
        consent = services.consent_record(
            actor=None,
            candidate=make_candidate(),
            company=None,
            categories=[ConsentCategory.CV],
            given_on=timezone.localdate(),
        )
        services.consent_withdraw(actor=None, consent=consent)
        with pytest.raises(ValidationError) as error:
            services.consent_withdraw(actor=None, consent=consent)

    assert "allerede trukket tilbage" in str(error.value)


def test_a_consent_for_data_that_does_not_exist_is_a_clear_error(personas) -> None:
    with tenant_scope(personas.roskilde), pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=None,
            candidate=make_candidate(),
            company=None,
            categories=["diagnoses"],
            given_on=timezone.localdate(),
        )

    assert "diagnoses" in str(error.value.message_dict["categories"])
    with tenant_scope(personas.roskilde):
        assert not Consent.objects.exists()


def test_the_staircase_plan_keeps_every_move(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        steps = services.steps_ensure_defaults()
        services.staircase_move(actor=personas.consultant_a, candidate=candidate, to_step=steps[0])
        plan = services.staircase_move(
            actor=personas.consultant_a, candidate=candidate, to_step=steps[1], note="Klar"
        )
        goal = services.sub_goal_add(
            actor=personas.consultant_a,
            plan=plan,
            text="Møde stabilt i praktikken i fire uger",
            due_on=timezone.localdate() - timedelta(days=1),
        )
        loaded = selectors.staircase_plan(candidate=candidate)

        assert loaded.current_step == steps[1]
        assert [(m.from_step, m.to_step) for m in loaded.moves.all()] == [
            (steps[0], steps[1]),
            (None, steps[0]),
        ]
        assert goal.step == steps[1] and goal.is_overdue
        with pytest.raises(ValidationError):
            services.staircase_move(actor=None, candidate=candidate, to_step=steps[1])


def test_candidates_sensitive_notes_and_consents_keep_a_write_history(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(actor=personas.consultant_a, consultant=personas.consultant_a)
        services.candidate_update(actor=personas.manager_a, candidate=candidate, first_name="Sofia")
        note = services.sensitive_note_add(
            actor=personas.consultant_a,
            membership=membership(personas, personas.consultant_a),
            candidate=candidate,
            kind="health",
            text="Tåler ikke tunge løft",
        )
        events = list(candidate.history.order_by("pgh_id"))
        note_events = list(note.history.all())

    assert [(e.pgh_label, e.first_name) for e in events] == [
        ("insert", "Sofie"),
        ("update", "Sofia"),
    ]
    assert events[1].pgh_context == {"user": personas.manager_a.pk}
    assert [e.pgh_label for e in note_events] == ["insert"]


def test_history_is_as_isolated_as_the_rows_it_records(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
    with tenant_scope(personas.aalborg):
        assert not Candidate.objects.exists()
        assert not Candidate.history.rel.related_model.objects.exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM candidates_candidateevent")
            assert cursor.fetchone()[0] == 0
    with tenant_scope(personas.roskilde):
        assert candidate.history.count() == 1


def test_only_people_who_work_with_the_candidate_see_sensitive_notes(personas) -> None:
    from django.http import Http404

    with tenant_scope(personas.roskilde):
        candidate = make_candidate(consultant=personas.manager_a)
        services.sensitive_note_add(
            actor=personas.manager_a,
            membership=membership(personas, personas.manager_a),
            candidate=candidate,
            kind="barrier",
            text="Ordblind",
        )
        with pytest.raises(Http404):
            selectors.sensitive_notes_for(
                membership=membership(personas, personas.consultant_a), candidate=candidate
            )
        # Once the candidate is the consultant's team's, the consultant sees them.
        services.candidate_update(
            actor=None, candidate=candidate, team=membership(personas, personas.consultant_a).team
        )
        notes = selectors.sensitive_notes_for(
            membership=membership(personas, personas.consultant_a), candidate=candidate
        )
        assert [n.text for n in notes] == ["Ordblind"]
        assert SensitiveNote.objects.count() == 1
