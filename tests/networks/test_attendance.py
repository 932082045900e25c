"""Attendance: ticked off the invitation list, recorded by hand, or by the participant at the
door with the meeting's QR code or short code, which also gives the phone its token for the
votes. One attendance per person per meeting, whichever way it came."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.tenancy import tenant_scope
from companies.models import CompanyKind, ContactRole
from networks import selectors, services, tokens
from networks.errors import TokenNotFound
from networks.models import Attendance, Category, Level, ParticipantToken, Source
from tests.companies.factories import make_company, valid_cvr
from tests.networks.factories import add_contact_member, make_contact, make_meeting, make_network

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
BEFORE = datetime(2026, 11, 20, 10, 0, tzinfo=CPH)
AT_THE_DOOR = datetime(2026, 12, 4, 14, 45, tzinfo=CPH)
TOO_EARLY = datetime(2026, 12, 4, 12, 30, tzinfo=CPH)
AFTER = datetime(2026, 12, 4, 18, 0, tzinfo=CPH)


def setting(personas):  # type: ignore[no-untyped-def]
    """A meeting on 4 December 15–18 with two invitees: HR at an employer, and a teacher."""
    with time_machine.travel(BEFORE), tenant_scope(personas.roskilde):
        network = make_network()
        meeting = make_meeting(network)
        hr = add_contact_member(network, make_contact(role=ContactRole.HR))
        school = make_company(name="Sprogskolen (fiktiv)", kind=CompanyKind.EDUCATION, cvr="")
        teacher = add_contact_member(
            network,
            make_contact(
                school,
                name="Torben Testlærer",
                email="torben@skole.example",
                role=ContactRole.OTHER,
            ),
        )
        invitations = services.invitations_send(actor=None, meeting=meeting, members=[hr, teacher])
    return meeting, invitations


@time_machine.travel(AT_THE_DOOR)
def test_ticking_off_the_list_takes_category_and_level_from_the_register(personas) -> None:
    meeting, invitations = setting(personas)
    with tenant_scope(personas.roskilde):
        made = services.attendance_from_invitations(
            actor=personas.consultant_a, meeting=meeting, invitations=invitations
        )
        rows = {a.name: (a.category, a.level, a.source) for a in made}
        assert rows == {
            "Lene Prøvesen": (Category.COMPANY_REP, Level.HR, Source.INVITATION_LIST),
            "Torben Testlærer": (Category.OTHER_ACTOR, Level.EMPLOYEE, Source.INVITATION_LIST),
        }
        # Ticking them off again changes nothing.
        assert (
            services.attendance_from_invitations(
                actor=None, meeting=meeting, invitations=invitations
            )
            == []
        )
        assert selectors.meeting_invitations(meeting).filter(present=True).count() == 2


def test_attendance_is_not_recorded_before_the_day(personas) -> None:
    meeting, invitations = setting(personas)
    with time_machine.travel(BEFORE), tenant_scope(personas.roskilde):
        with pytest.raises(ValidationError) as error:
            services.attendance_from_invitations(
                actor=None, meeting=meeting, invitations=invitations
            )
        assert "på mødedagen (04.12.2026)" in error.value.messages[0]
        assert not Attendance.objects.exists()


@time_machine.travel(AT_THE_DOOR)
def test_self_check_in_with_the_invited_address_is_the_invitee_and_gives_a_token(personas) -> None:
    meeting, invitations = setting(personas)
    found = tokens.checkin_find(tokens.checkin_secret(meeting))
    assert found is not None and found.pk == meeting.pk
    check_in = services.meeting_check_in(
        meeting=found,
        name="Lene P.",
        email="LENE@virksomhed.example",
        category=Category.COMPANY_REP,
        level=Level.HR,
    )
    assert check_in.secret.startswith("jbdelt_")
    with tenant_scope(personas.roskilde):
        attendance = Attendance.objects.get()
        assert attendance.invitation_id == invitations[0].pk
        assert attendance.contact_id == invitations[0].member.contact_id
        assert attendance.source == Source.SELF_CHECK_IN
        # Only the hash of the phone's token is kept.
        token = ParticipantToken.objects.get()
        assert check_in.secret not in token.token_hash
    assert tokens.participant_find(check_in.secret).attendance_id == attendance.pk


@time_machine.travel(AT_THE_DOOR)
def test_a_guest_checks_in_with_a_cvr_number_and_counts_as_that_company(personas) -> None:
    meeting, _ = setting(personas)
    with tenant_scope(personas.roskilde):
        bakery = make_company(name="Fiktivlunds Bageri ApS")
    stranger_cvr = valid_cvr()
    services.meeting_check_in(
        meeting=meeting,
        name="Bo Bagersen",
        cvr=bakery.cvr,
        category=Category.COMPANY_REP,
        level=Level.OWNER_MANAGER,
    )
    services.meeting_check_in(
        meeting=meeting,
        name="Gitte Gæst",
        organisation_name="Ukendt Firma",
        cvr=stranger_cvr,
        category=Category.COMPANY_REP,
    )
    with tenant_scope(personas.roskilde):
        bo, gitte = Attendance.objects.order_by("name")
        assert (bo.organisation, bo.organisation_name) == (bakery, "Fiktivlunds Bageri ApS")
        assert (gitte.organisation, gitte.organisation_cvr) == (None, stranger_cvr)


@time_machine.travel(AT_THE_DOOR)
def test_the_same_person_cannot_check_in_twice_from_two_phones(personas) -> None:
    meeting, _ = setting(personas)
    services.meeting_check_in(
        meeting=meeting,
        name="Gitte Gæst",
        organisation_name="Ukendt Firma",
        category=Category.OTHER_ACTOR,
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_check_in(
            meeting=meeting,
            name=" gitte gæst ",
            organisation_name="ukendt firma",
            category=Category.OTHER_ACTOR,
        )
    assert "Du er allerede tjekket ind" in error.value.messages[0]
    with tenant_scope(personas.roskilde):
        assert Attendance.objects.count() == ParticipantToken.objects.count() == 1
        # The facilitator gives the person a new token; the old one stops working.
        attendance = Attendance.objects.get()
        old = ParticipantToken.objects.get().token_hash
        secret = services.participant_token_issue(
            actor=personas.consultant_a, attendance=attendance
        )
        assert ParticipantToken.objects.get().token_hash != old
    assert tokens.participant_find(secret).attendance_id == attendance.pk


@time_machine.travel(AT_THE_DOOR)
def test_someone_ticked_off_the_list_gets_their_token_at_the_door_once(personas) -> None:
    meeting, invitations = setting(personas)
    with tenant_scope(personas.roskilde):
        services.attendance_from_invitations(actor=None, meeting=meeting, invitations=invitations)
    first = services.meeting_check_in(
        meeting=meeting,
        name="Torben",
        email="torben@skole.example",
        category=Category.OTHER_ACTOR,
    )
    assert first.attendance.source == Source.INVITATION_LIST
    with pytest.raises(ValidationError):
        services.meeting_check_in(
            meeting=meeting,
            name="Torben",
            email="torben@skole.example",
            category=Category.OTHER_ACTOR,
        )


@pytest.mark.parametrize(
    ("moment", "says"),
    [
        (AFTER, "Mødet den 04.12.2026 er slut. Du kan ikke længere tjekke ind."),
        (TOO_EARLY, "Indtjekningen åbner den 04.12.2026 kl. 13.00."),
    ],
)
def test_check_in_outside_the_meeting_s_time_is_refused_and_nothing_is_saved(
    personas, moment, says
) -> None:
    meeting, _ = setting(personas)
    with time_machine.travel(moment), pytest.raises(ValidationError) as error:
        services.meeting_check_in(
            meeting=meeting, name="Sen Ankomst", category=Category.OTHER_ACTOR
        )
    assert error.value.messages == [says]
    with tenant_scope(personas.roskilde):
        assert not Attendance.objects.exists()


@time_machine.travel(AT_THE_DOOR)
def test_bad_check_in_input_is_told_field_by_field(personas) -> None:
    meeting, _ = setting(personas)
    with pytest.raises(ValidationError) as error:
        services.meeting_check_in(
            meeting=meeting,
            name=" ",
            email="ikke en adresse",
            cvr="1234",
            category="boss",
            level="ceo",
        )
    assert set(error.value.message_dict) == {"name", "email", "cvr", "category", "level"}


def test_a_cancelled_meeting_has_no_check_in(personas) -> None:
    meeting, _ = setting(personas)
    with time_machine.travel(BEFORE), tenant_scope(personas.roskilde):
        services.meeting_cancel(actor=None, meeting=meeting, reason="Sygdom.")
    with time_machine.travel(AT_THE_DOOR):
        with pytest.raises(ValidationError) as error:
            services.meeting_check_in(meeting=meeting, name="X", category=Category.OTHER_ACTOR)
        assert error.value.messages == ["Mødet er aflyst."]
        assert selectors.checkin_page(secret=tokens.checkin_secret(meeting)).state == "cancelled"


@time_machine.travel(AT_THE_DOOR)
def test_the_short_code_finds_the_meeting_while_its_check_in_is_open(personas) -> None:
    meeting, _ = setting(personas)
    with tenant_scope(personas.roskilde):
        code = services.meeting_join_code(actor=None, meeting=meeting)
        # Asked again (the facilitator's screen reloads), it is the same code.
        assert services.meeting_join_code(actor=None, meeting=meeting) == code
    assert len(code) == 6
    typed = f" {code[:3].lower()}-{code[3:]} "
    assert tokens.join_code_find(typed).pk == meeting.pk
    assert selectors.checkin_page(code=typed).state == "open"
    with time_machine.travel(AFTER):
        assert tokens.join_code_find(code) is None
    with pytest.raises(TokenNotFound):
        selectors.checkin_page(code="ZZZZZZ")


@time_machine.travel(AT_THE_DOOR)
def test_renewing_the_check_in_stops_the_old_qr_code_and_short_code(personas) -> None:
    meeting, _ = setting(personas)
    with tenant_scope(personas.roskilde):
        code = services.meeting_join_code(actor=None, meeting=meeting)
        old_secret = tokens.checkin_secret(meeting)
        renewed = services.meeting_checkin_renew(actor=None, meeting=meeting)
        new_code = services.meeting_join_code(actor=None, meeting=renewed)
    assert tokens.checkin_find(old_secret) is None and tokens.join_code_find(code) is None
    assert tokens.checkin_find(tokens.checkin_secret(renewed)).pk == meeting.pk
    assert tokens.join_code_find(new_code).pk == meeting.pk


@time_machine.travel(AT_THE_DOOR)
def test_the_database_keeps_one_attendance_per_person_per_meeting(personas) -> None:
    meeting, invitations = setting(personas)
    with tenant_scope(personas.roskilde):
        (first, _second) = services.attendance_from_invitations(
            actor=None, meeting=meeting, invitations=invitations
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            Attendance.objects.create(
                meeting=meeting,
                contact=first.contact,
                name="Lene igen",
                category=Category.COMPANY_REP,
                source=Source.MANUAL,
            )
        with pytest.raises(ValidationError) as error:
            services.attendance_record(actor=None, meeting=meeting, contact=first.contact)
        assert "allerede registreret" in error.value.message_dict["name"][0]


@time_machine.travel(AT_THE_DOOR)
def test_an_attendance_with_a_ballot_cannot_be_removed(personas) -> None:
    meeting, _ = setting(personas)
    check_in = services.meeting_check_in(
        meeting=meeting, name="Vera Vælger", category=Category.OTHER_ACTOR
    )
    with tenant_scope(personas.roskilde):
        for title in ("Jobpakker", "Hotline"):
            services.proposal_add(actor=None, meeting=meeting, title=title)
        vote = services.vote_create(actor=None, meeting=meeting)
        services.vote_open(actor=None, vote=vote)
        proposals = [p.public_id for p in selectors.meeting_proposals(meeting)]
    services.ballot_cast(
        participant_secret=check_in.secret, vote_public_id=vote.public_id, proposals=proposals
    )
    with tenant_scope(personas.roskilde):
        with pytest.raises(ValidationError) as error:
            services.attendance_remove(actor=None, attendance=check_in.attendance)
        assert "har stemt på mødet" in error.value.messages[0]


@time_machine.travel(AT_THE_DOOR)
def test_two_meetings_open_on_the_same_day_never_share_a_short_code(personas, monkeypatch) -> None:
    """Codes are found before the jobcenter is known, so a code taken by any jobcenter's
    meeting that day is not handed out again (the first one derived collides here)."""
    meeting, _ = setting(personas)
    with tenant_scope(personas.aalborg):
        from tests.networks.factories import make_meeting as meeting_in
        from tests.networks.factories import make_network as network_in

        other = meeting_in(network_in())
    monkeypatch.setattr(
        tokens, "join_code", lambda m: "AAAAAA" if m.join_code_generation == 0 else "BBBBBB"
    )
    with tenant_scope(personas.roskilde):
        assert services.meeting_join_code(actor=None, meeting=meeting) == "AAAAAA"
    with tenant_scope(personas.aalborg):
        assert services.meeting_join_code(actor=None, meeting=other) == "BBBBBB"
        # Asked again (the screen reloads), the second meeting keeps its code.
        assert services.meeting_join_code(actor=None, meeting=other) == "BBBBBB"
    assert tokens.join_code_find("aaaaaa").pk == meeting.pk
    assert tokens.join_code_find("bbbbbb").pk == other.pk


@time_machine.travel(AT_THE_DOOR)
def test_after_a_change_of_server_key_the_facilitator_s_screen_and_new_e_mails_work(
    personas, settings
) -> None:
    from django.core import mail

    from networks import tasks

    meeting, invitations = setting(personas)
    old_secret = tokens.checkin_secret(meeting)
    settings.SECRET_KEY = "a-new-server-key-" + "x" * 40
    with tenant_scope(personas.roskilde):
        codes = services.meeting_checkin_codes(actor=None, meeting=meeting)
    assert codes.secret != old_secret
    assert tokens.checkin_find(codes.secret).pk == meeting.pk
    assert tokens.checkin_find(old_secret) is None
    assert tokens.join_code_find(codes.code).pk == meeting.pk
    # The invitation e-mailed now carries a link that answers.
    tasks.send_invitation(personas.roskilde.pk, invitations[0].pk)
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/moede/svar/" in line)
    secret = link.rstrip("/").rsplit("/", 1)[1]
    assert tokens.rsvp_find(secret).pk == invitations[0].pk
