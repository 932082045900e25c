"""The jobcenter admin's pages under /<jobcenter>/indstillinger/ (accounts.views)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts import invitations, services
from accounts.models import ApiToken, Invitation, Jobcenter, Membership, Role, Team, User
from accounts.tenancy import tenant_scope
from tests.factories import Personas, confirm_identity, make_member, sign_in


def url(name: str, jobcenter: str = "roskilde", **kwargs: object) -> str:
    return reverse(f"accounts:{name}", kwargs={"jobcenter": jobcenter, **kwargs})


def membership_of(user: User, jobcenter: Jobcenter) -> Membership:
    with tenant_scope(jobcenter):
        return Membership.objects.select_related("team").get(user=user)


def text(response) -> str:
    return " ".join(response.content.decode().split())


def results(response) -> str:
    """The member list's count and table, without the page around it (the header names the
    signed-in admin)."""
    html = text(response)
    return html[html.index('id="member-count"') :]


def add_members(jobcenter: Jobcenter, count: int, *, teams: list[Team]) -> None:
    """Members without passwords (quicker to make than personas), spread over `teams`."""
    for number in range(count):
        services.membership_seed(
            tenant=jobcenter,
            email=f"person{number:02}@{jobcenter.slug}.example",
            name=f"Person {number:02}",
            role=Role.CONSULTANT,
            team=teams[number % len(teams)] if teams else None,
        )


# Session, user, jobcenter, the tenant scope (savepoints and set_config), membership, the
# teams for the filter, the count, the page, the sign-in blocks of the page's members, the
# header bell's unread count, and the session saved: the same for any number of members.
MEMBER_LIST_QUERIES = 18


@pytest.fixture
def admin(client: Client, personas: Personas) -> Client:
    return sign_in(client, personas.admin_a)


# --- Members ---------------------------------------------------------------------------------


def invitation_to(email: str, jobcenter: Jobcenter) -> Invitation:
    with tenant_scope(jobcenter):
        return Invitation.objects.select_related("team", "company").get(email=email)


def test_an_admin_invites_a_new_person_who_is_no_member_until_they_accept(
    admin: Client, personas: Personas
) -> None:
    with tenant_scope(personas.roskilde):
        team = Team.objects.get(name="Virksomhedsteam")

    response = admin.post(
        url("invite"),
        {
            "email": "Ny.Kollega@Roskilde.example",
            "name": "Ny Kollega",
            "role": Role.CONSULTANT,
            "team": str(team.public_id),
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url("invitations")
    html = text(response)
    assert "Invitationen er sendt til ny.kollega@roskilde.example" in html
    assert "Ny Kollega" in html and "Venter" in html
    assert not User.objects.filter(email="ny.kollega@roskilde.example").exists()
    invitation = invitation_to("ny.kollega@roskilde.example", personas.roskilde)
    assert (invitation.role, invitation.team, invitation.invited_by) == (
        Role.CONSULTANT,
        team,
        personas.admin_a,
    )
    assert mail.outbox[-1].to == ["ny.kollega@roskilde.example"]


def test_the_invite_form_says_who_sets_up_an_authenticator_app(admin: Client) -> None:
    html = text(admin.get(url("invite")))

    assert "Medarbejdere sætter derefter en godkenderapp op" in html
    assert "virksomhedskontakter kan også logge ind med en engangskode" in html
    assert "skal ikke bruge en app" in html


def test_an_admin_invites_a_person_who_already_works_for_another_jobcenter(
    admin: Client, personas: Personas
) -> None:
    response = admin.post(
        url("invite"),
        {"email": personas.consultant_b.email, "name": "Someone Else", "role": Role.MANAGER},
    )

    assert response.status_code == 302
    assert User.objects.filter(email=personas.consultant_b.email).count() == 1
    personas.consultant_b.refresh_from_db()
    assert personas.consultant_b.name == "Bo"
    # Nothing in Roskilde until Bo, signed in as himself, accepts.
    with tenant_scope(personas.roskilde):
        assert not Membership.objects.filter(user=personas.consultant_b).exists()
    assert invitation_to(personas.consultant_b.email, personas.roskilde).role == Role.MANAGER
    assert membership_of(personas.consultant_b, personas.aalborg).role == Role.CONSULTANT


def test_inviting_someone_who_is_already_a_member_says_so_and_keeps_what_was_typed(
    admin: Client, personas: Personas
) -> None:
    response = admin.post(
        url("invite"),
        {"email": personas.consultant_a.email, "name": "Karen Typed", "role": Role.MANAGER},
    )

    assert response.status_code == 200
    html = text(response)
    assert "consultant@roskilde.example er allerede medlem af Jobcenter Roskilde." in html
    assert 'value="Karen Typed"' in html
    assert '<option value="manager" selected>' in html
    assert membership_of(personas.consultant_a, personas.roskilde).role == Role.CONSULTANT
    assert not mail.outbox


def test_an_admin_changes_a_members_role_and_team(admin: Client, personas: Personas) -> None:
    membership = membership_of(personas.consultant_a, personas.roskilde)

    response = admin.post(
        url("member_edit", public_id=membership.public_id),
        {"role": Role.MANAGER, "team": "", "is_active": "on"},
    )

    assert response.status_code == 302
    membership = membership_of(personas.consultant_a, personas.roskilde)
    assert (membership.role, membership.team, membership.is_active) == (Role.MANAGER, None, True)


def test_deactivating_a_member_asks_first_and_leaves_their_user_alone(
    admin: Client, personas: Personas
) -> None:
    membership = membership_of(personas.consultant_a, personas.roskilde)
    edit = url("member_edit", public_id=membership.public_id)
    team = str(membership.team.public_id)

    asked = admin.post(edit, {"role": Role.CONSULTANT, "team": team})

    assert asked.status_code == 200
    assert "Deaktiver Karen?" in text(asked)
    assert 'name="confirmed" value="yes"' in text(asked)
    assert membership_of(personas.consultant_a, personas.roskilde).is_active

    confirmed = admin.post(edit, {"role": Role.CONSULTANT, "team": team, "confirmed": "yes"})

    assert confirmed.status_code == 302
    membership = membership_of(personas.consultant_a, personas.roskilde)
    assert not membership.is_active
    assert membership.team is not None
    personas.consultant_a.refresh_from_db()
    assert personas.consultant_a.is_active
    # Without the membership, Roskilde no longer exists for them.
    other = sign_in(Client(), personas.consultant_a)
    assert other.get("/roskilde/").status_code == 404


def test_the_last_admin_cannot_demote_or_deactivate_themselves(
    admin: Client, personas: Personas
) -> None:
    membership = membership_of(personas.admin_a, personas.roskilde)
    edit = url("member_edit", public_id=membership.public_id)

    demoted = admin.post(edit, {"role": Role.CONSULTANT, "team": "", "is_active": "on"})
    deactivated = admin.post(edit, {"role": Role.ADMIN, "team": "", "confirmed": "yes"})

    for response in (demoted, deactivated):
        assert response.status_code == 200
        assert "Anne er jobcentrets eneste aktive administrator." in text(response)
    membership = membership_of(personas.admin_a, personas.roskilde)
    assert (membership.role, membership.is_active) == (Role.ADMIN, True)


def test_deactivating_the_last_admin_is_refused_without_asking_first(
    admin: Client, personas: Personas
) -> None:
    membership = membership_of(personas.admin_a, personas.roskilde)

    response = admin.post(
        url("member_edit", public_id=membership.public_id), {"role": Role.ADMIN, "team": ""}
    )

    assert "eneste aktive administrator" in text(response)
    assert "confirmed" not in text(response)


def test_an_admin_may_step_down_when_another_admin_is_left(
    admin: Client, personas: Personas
) -> None:
    make_member(personas.roskilde, "admin2@roskilde.example", Role.ADMIN, name="Anden")
    membership = membership_of(personas.admin_a, personas.roskilde)

    response = admin.post(
        url("member_edit", public_id=membership.public_id),
        {"role": Role.MANAGER, "team": "", "is_active": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert membership_of(personas.admin_a, personas.roskilde).role == Role.MANAGER


# --- The member list ------------------------------------------------------------------------


def test_the_member_list_shows_the_jobcenters_members_only(
    admin: Client, personas: Personas
) -> None:
    html = text(admin.get(url("members")))

    assert "7 medlemmer" not in html  # Aalborg's two are not counted
    assert "5 medlemmer" in html
    for email in ("admin@roskilde.example", "consultant@roskilde.example"):
        assert email in html
    assert "consultant@aalborg.example" not in html
    assert "Virksomhedsteam" in html


def test_the_member_list_searches_filters_and_keeps_them_in_the_links(
    admin: Client, personas: Personas
) -> None:
    with tenant_scope(personas.roskilde):
        team = Team.objects.get()
    add_members(personas.roskilde, 30, teams=[team])

    searched = results(admin.get(url("members"), {"q": "KAREN"}))
    assert "1 medlem matcher søgningen" in searched
    assert "consultant@roskilde.example" in searched
    assert "admin@roskilde.example" not in searched

    by_role = results(admin.get(url("members"), {"role": Role.ADMIN}))
    assert "admin@roskilde.example" in by_role
    assert "manager@roskilde.example" not in by_role

    without_team = results(admin.get(url("members"), {"team": "none"}))
    assert "manager@roskilde.example" in without_team
    assert "person00@roskilde.example" not in without_team

    in_team = admin.get(url("members"), {"team": str(team.public_id), "sort": "-email"})
    html = text(in_team)
    assert "31 medlemmer matcher søgningen" in html
    # 25 a page, sorted by e-mail descending: person29 first; the last six on page two.
    assert html.index("person29@") < html.index("person28@")
    assert "person04@" not in html
    assert f"?team={team.public_id}&amp;sort=-email&amp;page=2" in html
    page_two = text(
        admin.get(url("members"), {"team": str(team.public_id), "sort": "-email", "page": "2"})
    )
    assert "person00@" in page_two
    assert "consultant@roskilde.example" in page_two


def test_a_search_without_results_says_so(admin: Client) -> None:
    html = text(admin.get(url("members"), {"q": "ingen-har-dette-navn"}))

    assert "Ingen medlemmer matcher søgningen" in html
    assert "<table" not in html


def test_a_tampered_filter_is_ignored(admin: Client) -> None:
    response = admin.get(url("members"), {"role": "pope", "team": "x", "sort": "pk"})

    assert response.status_code == 200
    assert "5 medlemmer" in text(response)


def test_htmx_gets_only_the_results(admin: Client) -> None:
    response = admin.get(url("members"), {"q": "karen"}, HTTP_HX_REQUEST="true")

    html = text(response)
    assert 'id="member-results"' in html
    assert "<h1>" not in html
    assert "HX-Request" in response["Vary"]


def test_the_member_list_query_count_does_not_grow_with_rows(
    admin: Client, personas: Personas, django_assert_max_num_queries
) -> None:
    admin.get(url("members"))  # the session and the site caches are warm from here on
    with django_assert_max_num_queries(MEMBER_LIST_QUERIES):
        assert admin.get(url("members")).status_code == 200

    with tenant_scope(personas.roskilde):
        teams = [Team.objects.create(name=f"Team {number}") for number in range(3)]
    add_members(personas.roskilde, 40, teams=teams)

    with django_assert_max_num_queries(MEMBER_LIST_QUERIES):
        response = admin.get(url("members"))
    assert "45 medlemmer" in text(response)


# --- Teams -----------------------------------------------------------------------------------


def test_an_admin_creates_renames_and_deletes_a_team(admin: Client, personas: Personas) -> None:
    created = admin.post(url("team_add"), {"name": "  Industri  "}, follow=True)
    assert "Teamet »Industri« er oprettet." in text(created)
    with tenant_scope(personas.roskilde):
        team = Team.objects.get(name="Industri")
    assert team.tenant_id == personas.roskilde.pk

    renamed = admin.post(url("team_edit", public_id=team.public_id), {"name": "Industri og byg"})
    assert renamed.status_code == 302
    with tenant_scope(personas.roskilde):
        assert Team.objects.get(pk=team.pk).name == "Industri og byg"

    listed = text(admin.get(url("teams")))
    assert "Industri og byg" in listed


def test_a_team_name_is_unique_in_the_jobcenter(admin: Client, personas: Personas) -> None:
    response = admin.post(url("team_add"), {"name": "virksomhedsteam"})

    assert response.status_code == 200
    assert "Der findes allerede et team med navnet »virksomhedsteam«." in text(response)
    assert 'value="virksomhedsteam"' in text(response)
    with tenant_scope(personas.roskilde):
        assert Team.objects.count() == 1


def test_renaming_a_team_to_another_teams_name_is_refused(
    admin: Client, personas: Personas
) -> None:
    with tenant_scope(personas.roskilde):
        other = Team.objects.create(name="Byg")

    response = admin.post(url("team_edit", public_id=other.public_id), {"name": "Virksomhedsteam"})

    assert "Der findes allerede et team med navnet »Virksomhedsteam«." in text(response)


def test_the_same_team_name_may_exist_in_another_jobcenter(
    client: Client, personas: Personas
) -> None:
    sign_in(client, personas.admin_b)

    response = client.post(url("team_add", "aalborg"), {"name": "Virksomhedsteam"})

    assert response.status_code == 302


def test_deleting_a_team_asks_first_and_keeps_its_members(
    admin: Client, personas: Personas
) -> None:
    with tenant_scope(personas.roskilde):
        team = Team.objects.get()
    delete = url("team_delete", public_id=team.public_id)

    asked = admin.get(delete)
    assert "Slet teamet »Virksomhedsteam«?" in text(asked)
    assert "Teamet har 1 medlem." in text(asked)
    with tenant_scope(personas.roskilde):
        assert Team.objects.exists()

    deleted = admin.post(delete)

    assert deleted.status_code == 302
    with tenant_scope(personas.roskilde):
        assert not Team.objects.exists()
    membership = membership_of(personas.consultant_a, personas.roskilde)
    assert membership.is_active
    assert membership.team is None


# --- API tokens ------------------------------------------------------------------------------


def test_an_admin_cannot_make_a_token_in_a_colleagues_name(
    admin: Client, personas: Personas
) -> None:
    colleague = membership_of(personas.consultant_a, personas.roskilde)
    confirm_identity(admin, personas.admin_a)
    attack = {"membership": str(colleague.public_id), "name": "Fagsystem", "read_only": ""}

    old_form = admin.post("/roskilde/indstillinger/api-noegler/ny/", attack)
    own_form = admin.post(reverse("own_tokens:add", kwargs={"jobcenter": "roskilde"}), attack)

    assert old_form.status_code == 404
    assert own_form.status_code == 200
    with tenant_scope(personas.roskilde):
        # The own-token form makes the admin's own token, whatever membership is posted.
        assert not ApiToken.objects.filter(membership=colleague).exists()
        assert list(ApiToken.objects.values_list("membership__user__email", flat=True)) == [
            "admin@roskilde.example"
        ]


def test_the_service_refuses_a_token_for_anyone_but_the_actor(personas: Personas) -> None:
    colleague = membership_of(personas.consultant_a, personas.roskilde)
    with tenant_scope(personas.roskilde), pytest.raises(PermissionDenied):
        services.api_token_create(
            actor=personas.admin_a, membership=colleague, name="Fagsystem", read_only=True
        )
    with tenant_scope(personas.roskilde):
        assert not ApiToken.objects.exists()


def test_the_token_overview_shows_whose_each_token_is_and_who_made_it(
    admin: Client, personas: Personas
) -> None:
    consultant = membership_of(personas.consultant_a, personas.roskilde)
    with tenant_scope(personas.roskilde):
        own, _plain = services.api_token_create(
            actor=personas.consultant_a, membership=consultant, name="Karens CRM", read_only=True
        )
        operators, _plain = services.api_token_create_by_operator(
            operator="ops", reason="migration", membership=consultant, name="Drift", read_only=True
        )

    html = text(admin.get(url("tokens")))

    assert "Karens CRM" in html and own.prefix in html and "af Karen" in html
    assert "Drift" in html and operators.prefix in html and "af driften (kommandolinjen)" in html
    assert "Mine indstillinger" in html
    assert "/indstillinger/api-noegler/ny/" not in html


def test_revoking_a_token_asks_first(admin: Client, personas: Personas) -> None:
    membership = membership_of(personas.consultant_a, personas.roskilde)
    with tenant_scope(personas.roskilde):
        token, _plain = services.api_token_create(
            actor=personas.consultant_a, membership=membership, name="Fagsystem", read_only=False
        )
    revoke = url("token_revoke", public_id=token.public_id)

    asked = admin.get(revoke)
    assert "Tilbagekald API-nøglen »Fagsystem«?" in text(asked)
    with tenant_scope(personas.roskilde):
        assert ApiToken.objects.get().revoked_at is None

    revoked = admin.post(revoke, follow=True)

    assert "API-nøglen »Fagsystem« er tilbagekaldt." in text(revoked)
    with tenant_scope(personas.roskilde):
        assert ApiToken.objects.get().revoked_at is not None


# --- Jobcenter settings ----------------------------------------------------------------------


def test_an_admin_changes_the_jobcenters_settings(admin: Client, personas: Personas) -> None:
    response = admin.post(
        url("jobcenter_settings"),
        {
            "name": "Jobcenter Roskilde Kommune",
            "board_label": "RAR",
            "access_log_retention_months": "24",
            "candidate_retention_years": "3",
            "contact_warning_days": "21",
            "opening_take_up_days": "3",
            "priority_label_1": "A-kunder",
            "priority_label_2": "B-kunder",
            "priority_label_3": "C-kunder",
            "priority_label_4": "D-kunder",
        },
        follow=True,
    )

    assert "Jobcentrets indstillinger er gemt." in text(response)
    personas.roskilde.refresh_from_db()
    assert personas.roskilde.name == "Jobcenter Roskilde Kommune"
    assert personas.roskilde.board_label == "RAR"
    assert personas.roskilde.access_log_retention_months == 24
    assert personas.roskilde.candidate_retention_years == 3
    assert personas.roskilde.contact_warning_days == 21
    assert personas.roskilde.opening_take_up_days == 3
    assert personas.roskilde.priority_labels == ["A-kunder", "B-kunder", "C-kunder", "D-kunder"]
    personas.aalborg.refresh_from_db()
    assert personas.aalborg.name == "Jobcenter Aalborg"


def test_the_settings_show_lbr_as_the_default_board_label(admin: Client) -> None:
    assert 'value="LBR"' in text(admin.get(url("jobcenter_settings")))


def test_the_access_log_must_be_kept_at_least_six_months(admin: Client, personas: Personas) -> None:
    response = admin.post(
        url("jobcenter_settings"),
        {
            "name": "Nyt navn",
            "board_label": "LBR",
            "access_log_retention_months": "5",
            "candidate_retention_years": "5",
            "contact_warning_days": "14",
            "opening_take_up_days": "2",
            "priority_label_1": "1",
            "priority_label_2": "2",
            "priority_label_3": "3",
            "priority_label_4": "4",
        },
    )

    assert response.status_code == 200
    html = text(response)
    assert "Adgangsloggen skal gemmes i mindst 6 måneder." in html
    assert 'value="Nyt navn"' in html
    personas.roskilde.refresh_from_db()
    assert personas.roskilde.access_log_retention_months == 12
    assert personas.roskilde.name == "Jobcenter Roskilde"


# --- Who may see the pages ------------------------------------------------------------------


def roskilde_objects(personas: Personas) -> dict[str, dict[str, object]]:
    """URL name → kwargs for every settings page, with real Roskilde objects."""
    membership = membership_of(personas.consultant_a, personas.roskilde)
    with tenant_scope(personas.roskilde):
        team = Team.objects.get()
        token, _plain = services.api_token_create(
            actor=personas.consultant_a, membership=membership, name="T", read_only=True
        )
        invitation = invitations.invitation_create(
            actor=personas.admin_a,
            tenant=personas.roskilde,
            email="ny@roskilde.example",
            name="Ny",
            role=Role.CONSULTANT,
            team=None,
        )
    return {
        "settings": {},
        "members": {},
        "invite": {},
        "invitations": {},
        "invitation_resend": {"public_id": invitation.public_id},
        "invitation_revoke": {"public_id": invitation.public_id},
        "member_edit": {"public_id": membership.public_id},
        "member_unblock": {"public_id": membership.public_id},
        "member_email": {"public_id": membership.public_id},
        "teams": {},
        "team_add": {},
        "team_edit": {"public_id": team.public_id},
        "team_delete": {"public_id": team.public_id},
        "tokens": {},
        "token_revoke": {"public_id": token.public_id},
        "jobcenter_settings": {},
    }


def test_every_settings_page_is_covered_here() -> None:
    from accounts.urls import urlpatterns

    # member_email_cancel answers POST only (tests/accounts/test_invitations.py).
    assert {pattern.name for pattern in urlpatterns} - {"member_email_cancel"} == {
        "settings",
        "members",
        "invite",
        "invitations",
        "invitation_resend",
        "invitation_revoke",
        "member_edit",
        "member_unblock",
        "member_email",
        "teams",
        "team_add",
        "team_edit",
        "team_delete",
        "tokens",
        "token_revoke",
        "jobcenter_settings",
    }


def test_an_admin_opens_every_settings_page(admin: Client, personas: Personas) -> None:
    for name, kwargs in roskilde_objects(personas).items():
        assert admin.get(url(name, **kwargs)).status_code == 200, name


@pytest.mark.parametrize("persona", ["consultant_a", "manager_a", "board_a"])
def test_other_roles_get_403_on_every_settings_page(
    client: Client, personas: Personas, persona: str
) -> None:
    pages = roskilde_objects(personas)
    sign_in(client, getattr(personas, persona))

    for name, kwargs in pages.items():
        assert client.get(url(name, **kwargs)).status_code == 403, name
        assert client.post(url(name, **kwargs), {"name": "x"}).status_code == 403, name
    with tenant_scope(personas.roskilde):
        assert Team.objects.count() == 1
        assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_another_jobcenters_admin_gets_404_on_every_roskilde_page(
    client: Client, personas: Personas
) -> None:
    pages = roskilde_objects(personas)
    sign_in(client, personas.admin_b)

    for name, kwargs in pages.items():
        assert client.get(url(name, **kwargs)).status_code == 404, name
        assert client.post(url(name, **kwargs), {"name": "x"}).status_code == 404, name


def test_roskildes_objects_are_not_found_under_aalborg(client: Client, personas: Personas) -> None:
    pages = roskilde_objects(personas)
    sign_in(client, personas.admin_b)

    for name in (
        "member_edit",
        "member_email",
        "member_unblock",
        "invitation_resend",
        "invitation_revoke",
        "team_edit",
        "team_delete",
        "token_revoke",
    ):
        assert client.get(url(name, "aalborg", **pages[name])).status_code == 404, name
        assert client.post(url(name, "aalborg", **pages[name]), {}).status_code == 404, name
    assert membership_of(personas.consultant_a, personas.roskilde).is_active
    with tenant_scope(personas.roskilde):
        assert Team.objects.exists()
        assert ApiToken.objects.get().revoked_at is None
        assert Invitation.objects.get().is_open


def test_only_an_admin_sees_the_settings_link(client: Client, personas: Personas) -> None:
    settings_url = url("settings")

    sign_in(client, personas.admin_a)
    assert settings_url in client.get("/roskilde/").content.decode()

    sign_in(client, personas.consultant_a)
    assert settings_url not in client.get("/roskilde/").content.decode()


def test_the_settings_pages_speak_english_when_chosen(admin: Client) -> None:
    from django.conf import settings

    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = text(admin.get(url("members"), {"q": "karen"}))

    assert "<h1>Users and roles</h1>" in html
    assert "1 member matches the search" in html
    assert "Brugere og roller" not in html


# --- Employer contacts speak for one company ---------------------------------------------------


def test_an_employer_contact_is_tied_to_a_company_by_its_cvr(
    admin: Client, personas: Personas
) -> None:
    from companies.services import company_create

    with tenant_scope(personas.roskilde):
        company = company_create(actor=None, name="Kantinen ApS", cvr="13585628")
    base = {"email": "hr@kantinen.example", "name": "Helle HR", "role": "employer", "team": ""}

    missing = admin.post(url("invite"), base)
    unknown = admin.post(url("invite"), {**base, "company_cvr": "29403473"})
    added = admin.post(url("invite"), {**base, "company_cvr": "1358 5628"})

    assert "Skriv CVR-nummeret på den virksomhed" in text(missing)
    assert "Ingen virksomhed i registret har CVR-nummer 29403473" in text(unknown)
    assert added.status_code == 302
    assert invitation_to("hr@kantinen.example", personas.roskilde).company == company


def test_a_staff_member_has_no_company(admin: Client, personas: Personas) -> None:
    admin.post(
        url("invite"),
        {
            "email": "ny@roskilde.example",
            "name": "Ny Konsulent",
            "role": "consultant",
            "team": "",
            "company_cvr": "13585628",
        },
    )

    assert invitation_to("ny@roskilde.example", personas.roskilde).company is None
