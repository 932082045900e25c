"""Invitations by e-mail with an .ics file (METHOD:REQUEST; an update or a cancellation keeps
the UID and raises SEQUENCE), sent by a worker after commit and never twice, and the answer
through the e-mail's link without signing in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from icalendar import Calendar

from accounts.tenancy import set_db_link, tenant_scope
from accounts.tokens import hash_token
from networks import selectors, services, tasks, tokens
from networks.errors import LinkUnusable, TokenNotFound
from networks.models import Answer, MeetingInvitation
from tests.companies.factories import make_company
from tests.networks.factories import add_contact_member, make_contact, make_meeting, make_network

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
BEFORE = datetime(2026, 11, 20, 10, 0, tzinfo=CPH)  # a fortnight before the meeting
DURING = datetime(2026, 12, 4, 16, 0, tzinfo=CPH)


def invited(personas, *, n: int = 2):  # type: ignore[no-untyped-def]
    """A meeting with its programme's first item and n invited contact persons."""
    network = make_network()
    meeting = make_meeting(network, title="Første netværksmøde")
    services.agenda_item_add(
        actor=None, meeting=meeting, time="Kl. 15.00 – 15.10", title="Velkomst"
    )
    members = [
        add_contact_member(
            network,
            make_contact(
                make_company(name=f"Demogaards Bageri {i} ApS"),
                name=f"Dorte Demogaard {i}",
                email=f"dorte{i}@bageri.example",
            ),
        )
        for i in range(n)
    ]
    invitations = services.invitations_send(
        actor=personas.consultant_a, meeting=meeting, members=members
    )
    return meeting, members, invitations


def ics_of(message) -> Calendar:  # type: ignore[no-untyped-def]
    (part,) = [p for p in message.attachments if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_payload(decode=True))


def event_of(message):  # type: ignore[no-untyped-def]
    return next(iter(ics_of(message).walk("VEVENT")))


@time_machine.travel(BEFORE)
def test_an_invitation_is_sent_after_commit_with_an_ics_request_in_danish(
    personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks, tenant_scope(personas.roskilde):
        meeting, _members, invitations = invited(personas)
    # Nothing is sent inside the request; one task per invitation waits for the commit.
    assert len(callbacks) == 2 and mail.outbox == []
    for invitation in invitations:
        assert tasks.send_invitation(personas.roskilde.pk, invitation.pk) == tasks.SENT
    first = mail.outbox[0]
    assert first.to == ["dorte0@bageri.example"]
    assert first.subject == (
        "Invitation: Lokalt partnerskab om nydanske ledige: Første netværksmøde, 04.12.2026"
    )
    assert "Hej Dorte Demogaard 0" in first.body
    assert "Jobcenter Roskilde inviterer dig til møde" in first.body
    assert "Kl. 15.00–15.10  Velkomst" in first.body
    html = first.alternatives[0][0]
    assert "<caption>Program</caption>" in html
    calendar = ics_of(first)
    assert calendar["METHOD"] == "REQUEST"
    event = event_of(first)
    assert str(event["UID"]) == f"meeting-{meeting.public_id}@localhost"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime(2026, 12, 4, 15, 0, tzinfo=CPH)
    assert str(event["LOCATION"]) == "Roskilde Rådhus, mødesal 1"
    assert any(c.name == "VTIMEZONE" for c in calendar.walk())


@time_machine.travel(BEFORE)
def test_the_answer_link_names_nobody_and_answers_for_its_own_invitation_only(personas) -> None:
    with tenant_scope(personas.roskilde):
        _meeting, _members, (first, second) = invited(personas)
        tasks.send_invitation(personas.roskilde.pk, first.pk)
    secret = tokens.rsvp_secret(first)
    link = selectors.rsvp_page(secret=secret)
    (message,) = mail.outbox
    url = next(line for line in message.body.splitlines() if "/moede/svar/" in line)
    assert url == f"http://localhost:8000/moede/svar/{secret}/"
    for personal in ("Dorte", "Demogaard", "bageri", "roskilde", str(first.public_id)):
        assert personal.lower() not in url.lower()
    assert link.invitation.pk == first.pk and link.state == "open"
    assert [i.title for i in link.agenda] == ["Velkomst"]
    # Answered without signing in, outside any jobcenter scope.
    answered = services.invitation_answer(secret=secret, answer=Answer.YES)
    assert answered.pk == first.pk
    with tenant_scope(personas.roskilde):
        answers = dict(MeetingInvitation.objects.values_list("pk", "answer"))
    assert answers == {first.pk: Answer.YES, second.pk: Answer.PENDING}
    services.invitation_answer(secret=secret, answer=Answer.NO)
    with tenant_scope(personas.roskilde):
        first.refresh_from_db()
        assert first.answer == Answer.NO


@pytest.mark.parametrize(
    "secret",
    ["", "jbsvar_", "jbsvar_" + "x" * 43, "jbmoede_" + "x" * 43, "jbsvar_" + "x" * 200],
)
def test_an_unknown_answer_link_is_not_found(personas, secret) -> None:
    with pytest.raises(TokenNotFound):
        services.invitation_answer(secret=secret, answer=Answer.YES)
    with pytest.raises(TokenNotFound):
        selectors.rsvp_page(secret=secret)


def test_once_the_meeting_has_begun_the_link_says_so_and_changes_nothing(personas) -> None:
    with time_machine.travel(BEFORE), tenant_scope(personas.roskilde):
        _meeting, _members, (invitation, _other) = invited(personas)
    secret = tokens.rsvp_secret(invitation)
    with time_machine.travel(DURING):
        assert selectors.rsvp_page(secret=secret).state == "passed"
        with pytest.raises(LinkUnusable) as error:
            services.invitation_answer(secret=secret, answer=Answer.YES)
    assert error.value.reason == LinkUnusable.PASSED
    assert str(error.value) == (
        "Mødet den 04.12.2026 er holdt. Du kan ikke længere svare på invitationen."
    )
    with tenant_scope(personas.roskilde):
        invitation.refresh_from_db()
        assert invitation.answer == Answer.PENDING and invitation.answered_at is None


@time_machine.travel(BEFORE)
def test_the_same_version_is_never_sent_twice(personas) -> None:
    with tenant_scope(personas.roskilde):
        _meeting, _members, (invitation, _other) = invited(personas)
    assert tasks.send_invitation(personas.roskilde.pk, invitation.pk) == tasks.SENT
    # A redelivered task, or a second one for the same change, finds it claimed.
    assert tasks.send_invitation(personas.roskilde.pk, invitation.pk) == tasks.NOTHING
    assert len(mail.outbox) == 1


@time_machine.travel(BEFORE)
def test_an_update_and_a_cancellation_keep_the_uid_and_raise_the_sequence(
    personas, django_capture_on_commit_callbacks
) -> None:
    with tenant_scope(personas.roskilde):
        meeting, _members, (sent, never_sent) = invited(personas)
        tasks.send_invitation(personas.roskilde.pk, sent.pk)
        with django_capture_on_commit_callbacks() as callbacks:
            services.meeting_update(actor=None, meeting=meeting, venue="Værkstedet, Hal 2")
        # Only the invitee who had the invitation is told of the change.
        assert len(callbacks) == 1
        tasks.send_invitation(personas.roskilde.pk, sent.pk)
        services.meeting_cancel(actor=None, meeting=meeting, reason="For få tilmeldte.")
        tasks.send_invitation(personas.roskilde.pk, sent.pk)
        # The one who never had the invitation gets no cancellation either.
        assert tasks.send_invitation(personas.roskilde.pk, never_sent.pk) == tasks.NOTHING
    invitation_mail, update, cancellation = mail.outbox
    assert update.subject.startswith("Ændret: ") and "Værkstedet, Hal 2" in update.body
    assert cancellation.subject.startswith("Aflyst: ")
    assert "Årsag: For få tilmeldte." in cancellation.body
    assert [ics_of(m)["METHOD"] for m in mail.outbox] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [event_of(m) for m in mail.outbox]
    assert len({str(e["UID"]) for e in events}) == 1
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert [m.to for m in mail.outbox] == [["dorte0@bageri.example"]] * 3


@time_machine.travel(BEFORE)
def test_a_change_nobody_was_told_of_yet_does_not_raise_the_sequence(personas) -> None:
    with tenant_scope(personas.roskilde):
        meeting, _members, _invitations = invited(personas)
        changed = services.meeting_update(actor=None, meeting=meeting, venue="Andet sted")
        assert changed.ics_sequence == 0


@time_machine.travel(BEFORE)
def test_a_cancelled_meeting_s_link_says_so(personas) -> None:
    with tenant_scope(personas.roskilde):
        meeting, _members, (invitation, _other) = invited(personas)
        services.meeting_cancel(actor=None, meeting=meeting, reason="Sygdom.")
    secret = tokens.rsvp_secret(invitation)
    assert selectors.rsvp_page(secret=secret).state == "cancelled"
    with pytest.raises(LinkUnusable) as error:
        services.invitation_answer(secret=secret, answer=Answer.YES)
    assert error.value.reason == LinkUnusable.CANCELLED


@time_machine.travel(BEFORE)
def test_inviting_is_all_or_nothing(personas) -> None:
    with tenant_scope(personas.roskilde):
        network = make_network()
        meeting = make_meeting(network)
        reachable = add_contact_member(network, make_contact())
        silent = add_contact_member(
            network, make_contact(make_company(name="Uden Mail ApS"), name="Ole Opdigt", email="")
        )
        elsewhere = add_contact_member(
            make_network(name="Et andet netværk"),
            make_contact(make_company(name="Andet ApS"), name="Pia Påfund", email="pia@a.example"),
        )
        with pytest.raises(ValidationError) as error:
            services.invitations_send(
                actor=None, meeting=meeting, members=[reachable, silent, elsewhere]
            )
        assert error.value.message_dict["members"] == [
            "Ole Opdigt, Uden Mail ApS har ingen e-mailadresse. Tilføj den på kontaktpersonen "
            "først.",
            "Pia Påfund, Andet ApS er ikke medlem af netværket.",
        ]
        assert not MeetingInvitation.objects.exists()
        # Inviting twice leaves the first invitation as it is.
        services.invitations_send(actor=None, meeting=meeting, members=[reachable])
        assert services.invitations_send(actor=None, meeting=meeting, members=[reachable]) == []


def test_the_link_shows_the_database_one_row_of_one_jobcenter(personas) -> None:
    """Found before the jobcenter is known: with the link's hash set, the database shows that
    invitation and nothing else, of any table."""
    with time_machine.travel(BEFORE):
        with tenant_scope(personas.roskilde):
            _meeting, _members, (mine, _other) = invited(personas)
        with tenant_scope(personas.aalborg):
            invited(personas, n=1)
    with transaction.atomic(), connection.cursor() as cursor:
        set_db_link(hash_token(tokens.rsvp_secret(mine)))
        cursor.execute("SELECT id FROM networks_meetinginvitation")
        assert [row[0] for row in cursor.fetchall()] == [mine.pk]
        for table in ("networks_meeting", "networks_attendance", "networks_networkmember"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constant names
            assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_invitations_once_the_transaction_commits(
    celery_worker_queue,
) -> None:
    """The service enqueues after commit; a real worker on the real Redis sends them."""
    import time

    from tests.factories import make_personas

    personas = make_personas()
    with time_machine.travel(BEFORE, tick=True):
        with tenant_scope(personas.roskilde):
            _meeting, _members, invitations = invited(personas)
        deadline = time.monotonic() + 30
        while len(mail.outbox) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "dorte0@bageri.example",
        "dorte1@bageri.example",
    ]
    with tenant_scope(personas.roskilde):
        assert set(MeetingInvitation.objects.values_list("sent_sequence", flat=True)) == {0}


@pytest.mark.parametrize("kind", ["rsvp", "checkin", "participant"])
def test_a_hash_shows_its_own_row_and_nothing_else_before_the_jobcenter_is_known(
    personas, kind
) -> None:
    """The extra_read policies widen reading by exactly one row: the one with that hash."""
    from networks.models import Category, ParticipantToken

    with time_machine.travel(BEFORE):
        rows = {}
        for jobcenter in (personas.roskilde, personas.aalborg):
            with tenant_scope(jobcenter):
                meeting, _members, (invitation, _other) = invited(personas)
            rows[jobcenter.slug] = (meeting, invitation)
    meeting, invitation = rows["roskilde"]
    with time_machine.travel(DURING):
        phone = services.meeting_check_in(
            meeting=meeting, name="Vera Vælger", category=Category.OTHER_ACTOR
        ).secret
    secret, table, expected = {
        "rsvp": (tokens.rsvp_secret(invitation), "networks_meetinginvitation", invitation.pk),
        "checkin": (tokens.checkin_secret(meeting), "networks_meeting", meeting.pk),
        "participant": (phone, "networks_participanttoken", None),
    }[kind]
    if kind == "participant":
        with tenant_scope(personas.roskilde):
            expected = ParticipantToken.objects.get().pk
    with transaction.atomic(), connection.cursor() as cursor:
        set_db_link(hash_token(secret))
        cursor.execute(f"SELECT id FROM {table}")  # noqa: S608 - constant names
        assert [row[0] for row in cursor.fetchall()] == [expected]
        for other in {
            "networks_meetinginvitation",
            "networks_meeting",
            "networks_participanttoken",
            "networks_attendance",
        } - {table}:
            cursor.execute(f"SELECT count(*) FROM {other}")  # noqa: S608 - constant names
            assert cursor.fetchone()[0] == 0
