"""The private calendar feed: the person's open follow-ups as all-day events that Outlook and
Google Calendar read, with first names only; a revoked or unknown address answers 404."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from icalendar import Calendar

from accounts.models import Membership, Role
from accounts.tenancy import tenant_scope
from placements import calendar, reminders, services
from placements.models import CalendarFeed, FollowUp
from tests.candidates.factories import ISSUED, make_candidate
from tests.companies.factories import make_company
from tests.factories import Personas, make_member, sign_in
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db

START = date(2026, 12, 1)


def new_address(client: Client, slug: str = "roskilde") -> str:
    """Make a feed on the settings page, as a person does, and read the address off it."""
    response = client.post(f"/{slug}/mine-indstillinger/kalender/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    match = re.search(r'id="calendar-url" value="([^"]+)"', response.content.decode())
    assert match is not None
    return match.group(1).removeprefix("http://localhost:8000")


def fetch(path: str) -> Calendar:
    response = Client().get(path)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def sofie(personas: Personas):  # type: ignore[no-untyped-def]
    """Sofie Testesen's internship at Bageriet ApS, followed up by the Roskilde consultant;
    one of its follow-ups is done and one cancelled. Others' follow-ups are about too."""
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a,
            candidate=make_candidate(first_name="Sofie", last_name="Testesen"),
            company=make_company(name="Bageriet ApS"),
            planned_start=START,
            planned_end=date(2027, 2, 26),
        )
        followups = {f.kind: f for f in placement.followups.all()}
        services.followup_complete(actor=None, followup=followups["day_3"], done_on=date.today())  # noqa: DTZ011
        services.followup_cancel(actor=None, followup=followups["after_3_months"])
        make_placement(
            personas.manager_a,
            candidate=make_candidate(first_name="Maja", last_name="Holm"),
            planned_start=START,
            planned_end=date(2027, 2, 26),
        )
    with tenant_scope(personas.aalborg):
        make_placement(
            personas.consultant_b,
            candidate=make_candidate(first_name="Bent", last_name="Nordjyde"),
            planned_start=START,
            planned_end=date(2027, 2, 26),
        )
    return placement


def test_the_feed_holds_the_persons_open_follow_ups_as_all_day_events(personas, sofie) -> None:
    address = new_address(sign_in(Client(), personas.consultant_a))
    assert re.fullmatch(r"/kalender/jbcal_[A-Za-z0-9_-]{43}\.ics", address)

    feed = fetch(address)

    assert feed["PRODID"] == "-//Jobbro//Opfølgninger//DA"
    assert feed["VERSION"] == "2.0"
    assert feed["X-WR-CALNAME"] == "Jobbro: opfølgninger i Jobcenter Roskilde"
    events = feed.walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries == [
        "Opfølgning: Sofie hos Bageriet ApS — Uge 2: opfølgning",
        "Opfølgning: Sofie hos Bageriet ApS — Midtvejsopfølgning",
        "Opfølgning: Sofie hos Bageriet ApS — Sidste uge: hvad nu?",
        "Opfølgning: Sofie hos Bageriet ApS — Slutsamtale",
        "Opfølgning: Sofie hos Bageriet ApS — 4 uger efter: selvforsørgende?",
    ]
    first = events[0]
    assert first["DTSTART"].dt == date(2026, 12, 15)  # a date: an all-day event
    assert first["DTEND"].dt == date(2026, 12, 16)
    assert first["DTSTAMP"].dt.tzinfo is not None
    placement_url = "http://localhost:8000" + reminders.placement_path(
        "roskilde", sofie.public_id, sofie.company.public_id
    )
    assert {str(e["URL"]) for e in events} == {placement_url}
    with tenant_scope(personas.roskilde):
        week_2 = FollowUp.objects.get(placement=sofie, kind="week_2")
    assert str(first["UID"]) == f"followup-{week_2.public_id}@localhost"
    # Stable: the next fetch gives every event the same UID.
    assert [str(e["UID"]) for e in fetch(address).walk("VEVENT")] == [str(e["UID"]) for e in events]


def test_the_feed_is_what_outlook_and_google_expect_on_the_wire(personas, sofie) -> None:
    address = new_address(sign_in(Client(), personas.consultant_a))

    text = Client().get(address).content.decode()

    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.rstrip().endswith("END:VCALENDAR")
    assert "\r\nDTSTART;VALUE=DATE:20261215\r\n" in text
    assert "\r\nX-WR-CALNAME:" in text
    assert text.count("BEGIN:VEVENT") == 5


def test_the_feed_holds_no_cpr_number_and_no_last_name(personas, sofie) -> None:
    address = new_address(sign_in(Client(), personas.consultant_a))

    text = Client().get(address).content.decode()
    unfolded = text.replace("\r\n ", "")

    assert "Sofie" in unfolded
    for name in ("Testesen", "Holm", "Maja", "Bent", "Nordjyde"):
        assert name not in unfolded
    assert ISSUED
    for number in ISSUED:
        assert number not in unfolded and f"{number[:6]}-{number[6:]}" not in unfolded


def test_unknown_revoked_and_malformed_addresses_answer_404_alike(personas, sofie) -> None:
    client = sign_in(Client(), personas.consultant_a)
    address = new_address(client)
    assert Client().get(address).status_code == 200

    response = client.post("/roskilde/mine-indstillinger/kalender/tilbagekald/", follow=True)
    assert "Kalenderadressen er tilbagekaldt" in response.content.decode()

    unknown = "/kalender/jbcal_" + "A" * 43 + ".ics"
    for path in (address, unknown, "/kalender/nonsense.ics", "/kalender/jb_" + "A" * 43 + ".ics"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert "Roskilde" not in response.content.decode()


def test_a_new_address_replaces_the_old_one(personas, sofie) -> None:
    client = sign_in(Client(), personas.consultant_a)
    old = new_address(client)

    page = client.get("/roskilde/mine-indstillinger/").content.decode()
    assert "Lav en ny adresse" in page and old.removeprefix("/kalender/") not in page
    new = new_address(client)

    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_only_the_addresss_hash_is_stored(personas) -> None:
    with tenant_scope(personas.roskilde):
        membership = Membership.objects.get(user=personas.consultant_a)
        feed, secret = calendar.calendar_feed_create(membership=membership)
        stored = list(CalendarFeed.objects.values_list("key_hash", flat=True))

    assert stored == [feed.key_hash]
    assert secret not in feed.key_hash and len(feed.key_hash) == 64


def test_someone_who_has_left_gets_no_feed(personas, sofie) -> None:
    address = new_address(sign_in(Client(), personas.consultant_a))
    with tenant_scope(personas.roskilde):
        Membership.objects.filter(user=personas.consultant_a).update(is_active=False)

    assert Client().get(address).status_code == 404


def test_a_member_of_two_jobcenters_has_one_feed_in_each(personas, sofie) -> None:
    make_member(personas.aalborg, personas.consultant_a.email, Role.CONSULTANT)
    with tenant_scope(personas.aalborg):
        make_placement(
            personas.consultant_a,
            candidate=make_candidate(first_name="Dorte"),
            company=make_company(name="Aalborg Værft A/S"),
            planned_start=START,
            planned_end=date(2027, 2, 26),
        )
    client = sign_in(Client(), personas.consultant_a)

    roskilde = fetch(new_address(client, "roskilde"))
    aalborg = fetch(new_address(client, "aalborg"))

    assert {str(e["SUMMARY"]).split(" — ")[0] for e in roskilde.walk("VEVENT")} == {
        "Opfølgning: Sofie hos Bageriet ApS"
    }
    assert {str(e["SUMMARY"]).split(" — ")[0] for e in aalborg.walk("VEVENT")} == {
        "Opfølgning: Dorte hos Aalborg Værft A/S"
    }
    assert aalborg["X-WR-CALNAME"] == "Jobbro: opfølgninger i Jobcenter Aalborg"


def test_the_database_shows_a_feed_by_its_hash_only(personas) -> None:
    """Outside any jobcenter the application role sees no feed, and with a hash set only the
    one feed with that hash: row-level security, not the ORM, keeps the others hidden."""
    with tenant_scope(personas.roskilde):
        membership = Membership.objects.get(user=personas.consultant_a)
        calendar.calendar_feed_create(membership=membership)
        other = Membership.objects.get(user=personas.manager_a)
        _feed, secret = calendar.calendar_feed_create(membership=other)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM placements_calendarfeed")
        assert cursor.fetchone()[0] == 0
    found = calendar.calendar_feed_find(secret=secret)
    assert found is not None and found.membership_id == other.pk


def test_the_settings_page_offers_a_feed_and_shows_the_address_once(personas) -> None:
    client = sign_in(Client(), personas.consultant_a)

    page = client.get("/roskilde/mine-indstillinger/").content.decode()
    assert "Lav en kalenderadresse" in page

    address = new_address(client)
    page = client.get("/roskilde/mine-indstillinger/").content.decode()
    assert address not in page
    assert "Tilbagekald adressen" in page
