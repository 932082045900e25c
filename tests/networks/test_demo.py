"""The demo networks: the Roskilde meeting of 4 December 2008 as seed 000 tells it, and
Randers FC's sponsor network with three meetings, in each demo jobcenter."""

from __future__ import annotations

from datetime import date, time

import pytest

from accounts import demo
from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from companies import demo as companies_demo
from networks import selectors
from networks.models import Attendance, Meeting, Network

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_roskilde_meeting_with_its_results_and_orphans() -> None:
    demo.seed()
    with tenant_scope(Jobcenter.objects.get(slug="roskilde")):
        network = Network.objects.get(name="Samfundsansvar i praksis via lokale partnerskaber")
        assert network.coordinator_is_jobcenter
        meeting = Meeting.objects.get(network=network)
        assert (meeting.date, meeting.title) == (date(2008, 12, 4), "Første netværksmøde")
        agenda = selectors.meeting_agenda(meeting)
        assert len(agenda) == 8
        assert (agenda[0].starts_at, agenda[-1].ends_at) == (time(15), time(18))
        assert agenda[2].presenter.label() == "Erhvervs- og Selskabsstyrelsen/ESSJ"
        assert [p.title for p in selectors.meeting_proposals(meeting)][:2] == [
            "Jobpakker",
            "Lokalbank af deltidsjob",
        ]
        (vote,) = selectors.meeting_votes(meeting)
        results = selectors.vote_results(vote)
        assert results.ballots == Attendance.objects.filter(meeting=meeting).count() > 10
        assert results.picks == 2 * results.ballots
        groups = selectors.meeting_groups(meeting)
        chosen = [[(g.label, g.text[:29]) for g in group.goals.all()] for group in groups]
        assert chosen == [
            [("1", "Efteruddannelse og jobrotatio"), ("2", "Holdningsbarrierer")],
            [("1", "Jobpakker"), ("2", "At vi samarbejder om at skabe")],
            [("A", "Partnerskabsaftaler"), ("B", "Hotline")],
        ]
        orphans = selectors.orphans(meeting=meeting)
        assert sorted(g.text for g in orphans.goals) == [
            "Efteruddannelse og jobrotation",
            "Holdningsbarrierer",
            "Hotline",
        ]
        working = selectors.working_groups(network=network)
        assert [(w.theme[:30], w.target.label()) for w in working] == [
            ("Udvikling af partnerskabsaftal", "1. kvartal 2009"),
            ("Udvikling af konkrete jobpakke", "1. kvartal 2009"),
        ]
        health = selectors.network_health(network, starts=date(2008, 1, 1), ends=date(2008, 12, 31))
        assert health.meetings_held == 1
        assert (health.goals, health.goals_with_owner) == (6, 3)
        # No real organisation attends in a role it did not have in the seed.
        named = {row[0] for row in companies_demo.NAMED}
        assert not Attendance.objects.filter(meeting=meeting, organisation__name__in=named)
        assert selectors.role_models().count() == 2
        minutes = selectors.meeting_minutes(meeting)
        assert minutes.counts.attendances == len(minutes.attendances) == results.ballots
        assert [v.ballots for v in minutes.votes] == [results.ballots]
        assert len(minutes.outcomes.orphan_goals) == 3


def test_every_demo_jobcenter_has_randers_fc_s_sponsor_network() -> None:
    demo.seed()
    for slug in ("roskilde", "aalborg"):
        with tenant_scope(Jobcenter.objects.get(slug=slug)):
            network = Network.objects.get(name="Randers FC's sponsornetværk")
            assert network.coordinator.label() == "Randers FC"
            meetings = list(selectors.meeting_list(network=network))
            assert len(meetings) == 3
            assert [m.attendance_count > 0 for m in meetings] == [True, True, False]
    assert demo.seed() == 0
