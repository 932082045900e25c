"""200 participants voting at the same moment, on the real database: no ballot is lost and
none is counted twice, also when phones send a second ballot at the same moment as their
first, and when the facilitator closes the vote while ballots are coming in.

Threads, each with its own connection (Django's are per thread), start together at a barrier.
The database allows 100 connections, so 40 threads cast the 250 ballots between them, as a
web server's pool of workers would."""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.tenancy import tenant_scope
from networks import selectors, services
from networks.models import Ballot, BallotPick
from tests.factories import make_personas
from tests.networks.voting_setup import IN_SESSION, meeting_with_top_7, participants, proposals

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 40
PEOPLE = 200
TWICE = 50  # of them send a second, different ballot at the same moment


def run_together(jobs: list, threads: int = THREADS) -> list:  # type: ignore[type-arg]
    """Run the jobs on `threads` threads that start at one barrier; return their results
    (the value, or the exception raised) in the jobs' order."""
    results: list = [None] * len(jobs)  # type: ignore[type-arg]
    barrier = threading.Barrier(threads)

    def work(k: int) -> None:
        try:
            barrier.wait(timeout=60)
            for index in range(k, len(jobs), threads):
                try:
                    results[index] = jobs[index]()
                except Exception as error:  # noqa: BLE001 - reported to the test
                    results[index] = error
        finally:
            connection.close()

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=300)
    return results


def test_200_simultaneous_participants_lose_no_ballot_and_count_none_twice() -> None:
    personas = make_personas()
    meeting, vote = meeting_with_top_7(personas.roskilde)
    with time_machine.travel(IN_SESSION, tick=True):
        with tenant_scope(personas.roskilde):
            services.vote_open(actor=None, vote=vote)
        top = [p.public_id for p in proposals(personas.roskilde, meeting)]
        phones = participants(meeting, PEOPLE)
        # Participant i picks proposals i % 7 and (i + 1) % 7; the ones voting twice send
        # (i + 3) % 7 and (i + 4) % 7 at the same moment.
        first = {i: [top[i % 7], top[(i + 1) % 7]] for i in range(PEOPLE)}
        second = {i: [top[(i + 3) % 7], top[(i + 4) % 7]] for i in range(TWICE)}
        durations: list[float] = []

        def cast(i: int, picks: list) -> object:  # type: ignore[type-arg]
            started = time.perf_counter()
            ballot = services.ballot_cast(
                participant_secret=phones[i], vote_public_id=vote.public_id, proposals=picks
            )
            durations.append(time.perf_counter() - started)
            return ballot

        # The two ballots of one participant sit at the front of two different threads' work.
        jobs = [lambda i=i: cast(i, second[i]) for i in range(TWICE)]
        jobs += [lambda i=i: cast(i, first[i]) for i in range(PEOPLE)]
        results = run_together(jobs)

    failures = [r for r in results if isinstance(r, Exception)]
    assert failures == []
    with tenant_scope(personas.roskilde):
        assert Ballot.objects.filter(vote=vote).count() == PEOPLE
        assert BallotPick.objects.filter(vote=vote).count() == 2 * PEOPLE
        by_participant: dict[str, set] = {}  # type: ignore[type-arg]
        for name, proposal in BallotPick.objects.filter(vote=vote).values_list(
            "ballot__attendance__name", "proposal__public_id"
        ):
            by_participant.setdefault(name, set()).add(proposal)
        for i in range(PEOPLE):
            got = by_participant[f"Deltager {i}"]
            # One whole ballot or the other, never a mix of the two.
            assert got == set(first[i]) or (i < TWICE and got == set(second[i]))
        results_now = selectors.vote_results(vote)
        assert results_now.ballots == PEOPLE
        expected = Counter(p for picks in by_participant.values() for p in picks)
        assert {r.public_id: r.votes for r in results_now.rows} == {
            p: expected.get(p, 0) for p in top
        }
    print(
        f"\n{len(durations)} ballots on {THREADS} connections: median "
        f"{statistics.median(durations) * 1000:.0f} ms, p95 "
        f"{statistics.quantiles(durations, n=20)[-1] * 1000:.0f} ms"
    )


def test_closing_the_vote_while_ballots_come_in_loses_none_that_were_accepted() -> None:
    """Each ballot is either counted or refused with "Afstemningen er lukket"; none is
    accepted and then missing, and none is counted after the close."""
    personas = make_personas()
    meeting, vote = meeting_with_top_7(personas.roskilde)
    with time_machine.travel(IN_SESSION, tick=True):
        with tenant_scope(personas.roskilde):
            services.vote_open(actor=None, vote=vote)
        top = [p.public_id for p in proposals(personas.roskilde, meeting)]
        phones = participants(meeting, 100)

        def close() -> str:
            time.sleep(0.05)
            with tenant_scope(personas.roskilde):
                services.vote_close(actor=None, vote=vote)
            return "closed"

        jobs = [
            lambda i=i: services.ballot_cast(
                participant_secret=phones[i], vote_public_id=vote.public_id, proposals=top[:2]
            )
            for i in range(100)
        ]
        jobs.insert(20, close)
        results = run_together(jobs, threads=20)

    accepted = [r for r in results if isinstance(r, Ballot)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert "closed" in results
    assert len(accepted) + len(refused) == 100
    assert all(
        e.messages == ["Afstemningen er lukket. Din stemme er ikke talt med."] for e in refused
    )
    with tenant_scope(personas.roskilde):
        assert Ballot.objects.filter(vote=vote).count() == len(accepted)
        vote.refresh_from_db()
        assert not Ballot.objects.filter(vote=vote, cast_at__gt=vote.closed_at).exists()
