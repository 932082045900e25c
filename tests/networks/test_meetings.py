"""Meetings and their agenda: numbered within the network, items typed as in the programme,
no two items overlapping (the service says which; the database refuses it too)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.tenancy import tenant_scope
from companies.models import CompanyKind
from networks import selectors, services
from networks.models import AgendaItem, AgendaKind, Meeting
from networks.parties import JOBCENTER, Party
from tests.companies.factories import make_company
from tests.networks.factories import make_meeting, make_network

pytestmark = pytest.mark.django_db

# The programme of 4 December 2008 (000:L14-21), as typed: both dashes.
PROGRAMME = [
    ("Kl. 15.00 – 15.10", "Velkomst", AgendaKind.WELCOME),
    ("Kl. 15.10 – 15.20", "Kort præsentationsrunde", AgendaKind.INTRODUCTIONS),
    ("Kl. 15.20 - 15.30", "Præsentation af projekt virksom.nu", AgendaKind.TALK),
    ("Kl. 15.30 – 15.50", "Nydanske ledige – hvilke kompetencer og ressourcer?", AgendaKind.TALK),
    ("Kl. 15.50 – 16.05", "Oplæg til eftermiddagens strategiproces", AgendaKind.TALK),
    ("Kl. 16.05 – 17.05", "Fælles strategiproces i grupper", AgendaKind.GROUP_WORK),
    ("Kl. 17.05 – 17.50", "Fremlæggelse og fælles opsamling", AgendaKind.PLENARY),
    ("Kl. 17.50 – 18.00", "Afslutning", AgendaKind.CLOSING),
]


def test_meetings_are_numbered_within_their_network(personas) -> None:
    with tenant_scope(personas.roskilde):
        first, other = make_network(name="Første"), make_network(name="Andet")
        numbers = [make_meeting(first).sequence, make_meeting(first).sequence]
        assert numbers == [1, 2]
        assert make_meeting(other).sequence == 1


def test_a_meeting_ends_after_it_starts(personas) -> None:
    with tenant_scope(personas.roskilde):
        network = make_network()
        with pytest.raises(ValidationError) as error:
            make_meeting(network, starts_at=time(15), ends_at=time(15))
        assert "slutte, efter det begynder" in error.value.message_dict["ends_at"][0]
        assert not Meeting.objects.exists()


def test_a_dialogue_forum_meeting_starts_with_its_rule_against_pitching(personas) -> None:
    with tenant_scope(personas.roskilde):
        kinds = {k.code: k for k in services.network_kinds_ensure_defaults()}
        forum = make_network(name="Dialogforum", kind=kinds["dialogue_forum"])
        meeting = make_meeting(forum)
        assert "Der præsenteres ingen kandidater" in meeting.rules
        assert make_meeting(make_network(name="Andet")).rules == ""


def test_the_seed_s_programme_is_typed_in_as_it_was_printed(personas) -> None:
    with tenant_scope(personas.roskilde):
        meeting = make_meeting(make_network())
        essj = make_company(
            name="Erhvervs- og Selskabsstyrelsen", kind=CompanyKind.PUBLIC_BODY, cvr=""
        )
        for text, title, kind in PROGRAMME:
            presenter = Party(organisation=essj) if "virksom.nu" in title else None
            if kind == AgendaKind.WELCOME:
                presenter = JOBCENTER
            services.agenda_item_add(
                actor=None, meeting=meeting, time=text, title=title, kind=kind, presenter=presenter
            )
        agenda = selectors.meeting_agenda(meeting)
        assert [(i.starts_at, i.ends_at) for i in agenda][:3] == [
            (time(15, 0), time(15, 10)),
            (time(15, 10), time(15, 20)),
            (time(15, 20), time(15, 30)),
        ]
        assert agenda[2].presenter.label() == "Erhvervs- og Selskabsstyrelsen"
        assert agenda[0].presenter.label("Jobcenter Roskilde") == "Jobcenter Roskilde"


@pytest.mark.parametrize(
    ("time_text", "field", "says"),
    [
        ("15.05 – 15.15", "time", "Punktet overlapper »Velkomst« (Kl. 15.00–15.10)"),
        ("15.05 – 15.20", "time", "Punktet overlapper »Velkomst«"),
        ("15.00 – 16.00", "time", "Punktet overlapper »Velkomst«"),
        ("14.00 – 14.30", "time", "uden for mødets tid (Kl. 15.00–18.00)"),
        ("17.55 – 18.30", "time", "uden for mødets tid"),
        ("15.30", "time", "Skriv både start og slut"),
        ("halv fire", "time", "kan ikke læses som et tidsrum"),
    ],
)
def test_a_bad_agenda_item_is_refused_on_the_time_field_and_nothing_is_saved(
    personas, time_text, field, says
) -> None:
    with tenant_scope(personas.roskilde):
        meeting = make_meeting(make_network())
        services.agenda_item_add(actor=None, meeting=meeting, time="15.00-15.10", title="Velkomst")
        with pytest.raises(ValidationError) as error:
            services.agenda_item_add(actor=None, meeting=meeting, time=time_text, title="Nyt")
        assert says in error.value.message_dict[field][0]
        assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_an_item_may_start_when_the_one_before_ends_and_be_moved(personas) -> None:
    with tenant_scope(personas.roskilde):
        meeting = make_meeting(make_network())
        services.agenda_item_add(actor=None, meeting=meeting, time="15.00-15.10", title="Velkomst")
        second = services.agenda_item_add(
            actor=None, meeting=meeting, time="15.10-15.20", title="Runde"
        )
        with pytest.raises(ValidationError):
            services.agenda_item_update(actor=None, item=second, time="15.05-15.20")
        moved = services.agenda_item_update(actor=None, item=second, time="15.20-15.40")
        assert (moved.starts_at, moved.ends_at) == (time(15, 20), time(15, 40))
        renamed = services.agenda_item_update(actor=None, item=moved, title="Præsentationsrunde")
        assert (renamed.starts_at, renamed.title) == (time(15, 20), "Præsentationsrunde")


def test_the_database_refuses_overlapping_items_written_past_the_service(personas) -> None:
    with tenant_scope(personas.roskilde):
        meeting = make_meeting(make_network())
        other = make_meeting(make_network(name="Andet"))
        AgendaItem.objects.create(
            meeting=meeting, starts_at=time(15), ends_at=time(15, 30), title="Velkomst"
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            AgendaItem.objects.create(
                meeting=meeting, starts_at=time(15, 20), ends_at=time(15, 40), title="Oven i"
            )
        # The same time at another meeting is no clash, and nor is the minute an item ends.
        AgendaItem.objects.create(
            meeting=other, starts_at=time(15, 20), ends_at=time(15, 40), title="Andet møde"
        )
        AgendaItem.objects.create(
            meeting=meeting, starts_at=time(15, 30), ends_at=time(15, 40), title="Derefter"
        )


def test_a_meeting_cannot_shrink_away_from_its_agenda(personas) -> None:
    with tenant_scope(personas.roskilde):
        meeting = make_meeting(make_network())
        services.agenda_item_add(
            actor=None, meeting=meeting, time="17.50-18.00", title="Afslutning"
        )
        with pytest.raises(ValidationError) as error:
            services.meeting_update(actor=None, meeting=meeting, ends_at=time(17, 30))
        assert "Dagsordenen går fra kl. 17.50 til 18.00" in error.value.message_dict["starts_at"][0]


def test_the_meeting_list_counts_without_a_query_per_meeting(
    personas, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        network = make_network()
        for day in range(1, 6):
            make_meeting(network, date=date(2026, 3, day))
        with django_assert_max_num_queries(1):
            rows = list(selectors.meeting_list(network=network))
        assert [m.attendance_count for m in rows] == [0] * 5


def test_a_full_meeting_is_read_in_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
) -> None:
    """The meeting page's parts: however many items, invitees and attendees, one query each."""
    import time_machine

    from networks.models import Category
    from tests.networks.factories import add_contact_member, make_contact

    with tenant_scope(personas.roskilde):
        network = make_network()
        meeting = make_meeting(network, date=date(2026, 3, 5))
        presenters = [JOBCENTER, Party(user=personas.consultant_a), None]
        for n in range(24):
            start = time(15, 0) if n == 0 else None
            services.agenda_item_add(
                actor=None,
                meeting=meeting,
                starts_at=start or time(15 + (n * 5) // 60, (n * 5) % 60),
                ends_at=time(15 + (n * 5 + 5) // 60, (n * 5 + 5) % 60),
                title=f"Punkt {n}",
                presenter=presenters[n % 3],
            )
        members = [
            add_contact_member(
                network,
                make_contact(
                    make_company(name=f"Firma {n} ApS"),
                    name=f"Kim Kopi {n}",
                    email=f"k{n}@firma.example",
                ),
            )
            for n in range(20)
        ]
        with time_machine.travel(date(2026, 3, 1)):
            invitations = services.invitations_send(actor=None, meeting=meeting, members=members)
        with time_machine.travel(date(2026, 3, 5)):
            services.attendance_from_invitations(
                actor=None, meeting=meeting, invitations=invitations
            )
            for n in range(10):
                services.attendance_record(
                    actor=None,
                    meeting=meeting,
                    name=f"Gæst {n}",
                    organisation_name="Gæsteskolen",
                    category=Category.OTHER_ACTOR,
                )
        with django_assert_max_num_queries(1):
            labels = [i.presenter.label() for i in selectors.meeting_agenda(meeting)]
        assert len(labels) == 24
        with django_assert_max_num_queries(1):
            rows = [(a.name, a.organisation_label) for a in selectors.meeting_attendances(meeting)]
        assert len(rows) == 30
        with django_assert_max_num_queries(1):
            listed = [(i.member.label, i.present) for i in selectors.meeting_invitations(meeting)]
        assert len(listed) == 20 and all(present for _label, present in listed)
