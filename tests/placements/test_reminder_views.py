"""The bell in the header, the list of notifications with "mark as read" (htmx and without
JavaScript), and turning the reminder e-mails off under "Mine indstillinger"."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client

from accounts.models import User
from accounts.tenancy import tenant_scope
from companies.models import Company
from placements import reminders
from placements.models import FollowUp, Notification, Placement
from tests.factories import Personas, sign_in
from tests.placements.reminder_days import MORNING, TODAY, a_day_of_work, at, sweep

# The sweep claims digests on a connection of its own: the rows it needs must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def swept(personas) -> Personas:
    a_day_of_work(personas)
    with at(MORNING):
        sweep(personas)
    return personas


def test_the_bell_counts_the_unread_in_the_header(swept) -> None:
    client = sign_in(Client(), swept.consultant_a)

    html = client.get("/roskilde/").content.decode()

    bell = re.search(r'<a id="notification-bell".*?</a>', html, re.S)
    assert bell is not None
    assert 'href="/roskilde/notifikationer/"' in bell.group()
    assert re.search(r">3<span class=\"sr-only\"> ulæste</span>", bell.group())
    assert 'href="/roskilde/mine-indstillinger/"' in html


def test_a_board_member_has_no_bell(swept) -> None:
    html = sign_in(Client(), swept.board_a).get("/roskilde/").content.decode()

    assert "notification-bell" not in html
    assert "/roskilde/notifikationer/" not in html


def test_the_list_shows_the_newest_first_with_links_and_first_names_only(swept) -> None:
    # The next morning Sofie's follow-up is overdue: its new notification comes first.
    with at(MORNING + timedelta(days=1)):
        sweep(swept)
    client = sign_in(Client(), swept.consultant_a)

    html = client.get("/roskilde/notifikationer/").content.decode()

    assert "<h1>Notifikationer</h1>" in html
    rows = re.findall(r'<tr id="notification-.*?</tr>', html, re.S)
    assert len(rows) == 4
    assert "Sofie hos Bageriet ApS" in rows[0] and "Overskredet" in rows[0]
    assert "Sofie hos Bageriet ApS" in rows[3] and "Skal gøres<" in rows[3]
    assert "Opfølgning: Sofie hos Bageriet ApS — Dag 3: hvordan går det?" in html
    assert "Næste skridt: Send forslag til praktik — Kantinen ApS" in html
    assert "Testesen" not in html and "Hansen-Lund" not in html
    with tenant_scope(swept.roskilde):
        kantinen = Company.objects.get(name="Kantinen ApS")
        sofie = Placement.objects.select_related("company").get(candidate__first_name="Sofie")
    assert f'href="/roskilde/virksomheder/{kantinen.public_id}/"' in html
    placement_link = reminders.placement_path("roskilde", sofie.public_id, sofie.company.public_id)
    assert f'href="{placement_link}"' in html
    assert client.get(placement_link).status_code == 200


def test_the_list_query_count_does_not_grow_with_rows(swept, django_assert_max_num_queries) -> None:
    client = sign_in(Client(), swept.consultant_a)
    with django_assert_max_num_queries(30) as few:
        client.get("/roskilde/notifikationer/")
    with tenant_scope(swept.roskilde):
        followup = FollowUp.objects.filter(owner=swept.consultant_a).first()
        for day in range(20):
            Notification.objects.create(
                user=swept.consultant_a,
                followup=followup,
                kind="overdue",
                day=date(2026, 10, 1) + timedelta(days=day),
                text="Dag 3",
            )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/roskilde/notifikationer/")
    assert response.content.decode().count("Markér som læst<") == 23


def test_marking_one_read_with_htmx_swaps_the_row_and_the_bell(swept) -> None:
    client = sign_in(Client(), swept.consultant_a)
    with tenant_scope(swept.roskilde):
        notification = Notification.objects.filter(day=TODAY).get()

    response = client.post(
        f"/roskilde/notifikationer/{notification.public_id}/laest/", headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="notification-{notification.public_id}"')
    assert "Læst" in html and "Markér som læst" not in html
    assert 'id="notification-bell" href="/roskilde/notifikationer/"' in html
    assert 'hx-swap-oob="true"' in html and '>2<span class="sr-only"> ulæste' in html
    with tenant_scope(swept.roskilde):
        assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_marking_read_works_without_javascript_too(swept) -> None:
    client = sign_in(Client(), swept.consultant_a)
    with tenant_scope(swept.roskilde):
        notification = Notification.objects.filter(day=TODAY).get()

    response = client.post(f"/roskilde/notifikationer/{notification.public_id}/laest/")
    assert response.status_code == 302 and response["Location"] == "/roskilde/notifikationer/"

    response = client.post("/roskilde/notifikationer/laest/", follow=True)
    html = response.content.decode()
    assert "Alle notifikationer er markeret som læst." in html
    assert "Markér som læst<" not in html
    assert "ulæste" not in html


def test_mark_all_read_with_htmx_re_renders_the_list_and_the_bell(swept) -> None:
    client = sign_in(Client(), swept.consultant_a)

    response = client.post("/roskilde/notifikationer/laest/", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="notification-results">')
    assert html.count('hx-swap-oob="true"') == 2
    assert "ulæste" not in html


def test_nobody_reads_or_marks_another_persons_notification(swept) -> None:
    with tenant_scope(swept.roskilde):
        notification = Notification.objects.filter(day=TODAY).get()
    manager = sign_in(Client(), swept.manager_a)

    assert "Sofie" not in manager.get("/roskilde/notifikationer/").content.decode()
    response = manager.post(f"/roskilde/notifikationer/{notification.public_id}/laest/")
    assert response.status_code == 404
    manager.post("/roskilde/notifikationer/laest/")
    with tenant_scope(swept.roskilde):
        assert Notification.objects.filter(read_at__isnull=True).count() == 3


# --- Mine indstillinger: e-mail on and off --------------------------------------------------


def test_a_person_turns_the_reminder_emails_off_and_on(personas) -> None:
    client = sign_in(Client(), personas.consultant_a)
    page = client.get("/roskilde/mine-indstillinger/").content.decode()
    assert 'name="reminder_emails" checked' in page

    response = client.post("/roskilde/mine-indstillinger/", {}, follow=True)
    assert "Du får ikke længere påmindelser på e-mail" in response.content.decode()
    assert User.objects.get(pk=personas.consultant_a.pk).reminder_emails is False

    client.post("/roskilde/mine-indstillinger/", {"reminder_emails": "on"})
    assert User.objects.get(pk=personas.consultant_a.pk).reminder_emails is True


def test_the_list_writes_the_access_log_for_the_candidates_it_names(swept) -> None:
    from accounts.models import AccessLog

    sign_in(Client(), swept.consultant_a).get("/roskilde/notifikationer/")

    with tenant_scope(swept.roskilde):
        logged = sorted(
            AccessLog.objects.filter(action="list").values_list("user__email", "object_type")
        )
    # Sofie and Ali; the next step names no candidate.
    assert logged == [("consultant@roskilde.example", "candidates.candidate")] * 2
