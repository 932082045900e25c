"""What the meeting leads to: each group's Top-2 (a proposal or its own words, never both;
1/2 or A/B; a tovholder; comment blocks), collaboration groups, action items with an owner and
a due date that may be approximate, and the orphan check."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.tenancy import tenant_scope
from companies.models import CompanyKind
from networks import selectors, services
from networks.approx import ApproxDate, Precision, parse_approx_date
from networks.models import ActionItem, ActionStatus, GroupGoal, LabelStyle
from networks.parties import JOBCENTER, Party
from tests.companies.factories import make_company
from tests.networks.factories import make_contact
from tests.networks.voting_setup import BEFORE, meeting_with_top_7, proposals

pytestmark = pytest.mark.django_db


def groups_of_roskilde(personas):  # type: ignore[no-untyped-def]
    """The three groups of 4 December 2008 and their choices (000:L134-139, L176-203,
    L250-255)."""
    meeting, _vote = meeting_with_top_7(personas.roskilde)
    top = proposals(personas.roskilde, meeting)
    with tenant_scope(personas.roskilde):
        g1 = services.goal_group_create(actor=None, meeting=meeting, tovholder=JOBCENTER)
        g2 = services.goal_group_create(actor=None, meeting=meeting, tovholder=JOBCENTER)
        g3 = services.goal_group_create(actor=None, meeting=meeting, label_style=LabelStyle.LETTERS)
        goals = {
            "G1-1": services.group_goal_set(actor=None, group=g1, ordinal=1, proposal=top[3]),
            "G1-2": services.group_goal_set(actor=None, group=g1, ordinal=2, proposal=top[4]),
            "G2-1": services.group_goal_set(actor=None, group=g2, ordinal=1, proposal=top[0]),
            "G2-2": services.group_goal_set(
                actor=None,
                group=g2,
                ordinal=2,
                custom_text="At vi samarbejder om at skabe en håndholdt indsats, hvor "
                "trappemodellen og jobpakker er kernepunktet.",
            ),
            "G3-A": services.group_goal_set(
                actor=None, group=g3, ordinal=1, custom_text="Partnerskabsaftaler"
            ),
            "G3-B": services.group_goal_set(actor=None, group=g3, ordinal=2, proposal=top[5]),
        }
    return meeting, top, (g1, g2, g3), goals


@time_machine.travel(BEFORE)
def test_the_groups_top_2_is_a_proposal_or_their_own_words_labelled_1_2_or_a_b(personas) -> None:
    meeting, _top, (g1, _g2, g3), goals = groups_of_roskilde(personas)
    with tenant_scope(personas.roskilde):
        shown = selectors.meeting_groups(meeting)
        assert [(g.name, [(goal.label, goal.text) for goal in g.goals.all()]) for g in shown] == [
            ("Gruppe 1", [("1", "Efteruddannelse og jobrotation"), ("2", "Holdningsbarrierer")]),
            ("Gruppe 2", [("1", "Jobpakker"), ("2", goals["G2-2"].custom_text)]),
            ("Gruppe 3", [("A", "Partnerskabsaftaler"), ("B", "Hotline")]),
        ]
        assert shown[0].tovholder.label("Jobcenter Roskilde") == "Jobcenter Roskilde"


@time_machine.travel(BEFORE)
def test_a_group_goal_is_never_both_a_proposal_and_own_words_nor_a_third(personas) -> None:
    meeting, top, (g1, _g2, _g3), _goals = groups_of_roskilde(personas)
    with tenant_scope(personas.roskilde):
        cases = [
            ({"ordinal": 1, "proposal": top[0], "custom_text": "Egne ord"}, "custom_text",
             "ikke begge dele"),
            ({"ordinal": 1, "custom_text": "  "}, "proposal", "Vælg et af forslagene"),
            ({"ordinal": 3, "proposal": top[1]}, "ordinal", "Top-2: mål 1 eller 2"),
            ({"ordinal": 1, "proposal": top[4]}, "proposal",
             "Gruppen har allerede valgt »Holdningsbarrierer« som mål 2."),
        ]  # fmt: skip
        for kwargs, field, says in cases:
            with pytest.raises(ValidationError) as error:
                services.group_goal_set(actor=None, group=g1, **kwargs)
            assert says in error.value.message_dict[field][0]
        other_meeting, _ = meeting_with_top_7(personas.roskilde)
        foreign = proposals(personas.roskilde, other_meeting)[0]
        with pytest.raises(ValidationError) as error:
            services.group_goal_set(actor=None, group=g1, ordinal=1, proposal=foreign)
        assert "et andet møde" in error.value.message_dict["proposal"][0]
        assert [g.text for g in GroupGoal.objects.filter(group=g1)] == [
            "Efteruddannelse og jobrotation",
            "Holdningsbarrierer",
        ]
        # The database's own guards.
        goal = GroupGoal.objects.get(group=g1, ordinal=1)
        for change in ({"custom_text": "Også egne ord"}, {"proposal": None}, {"ordinal": 3}):
            with pytest.raises(IntegrityError), transaction.atomic():
                GroupGoal.objects.filter(pk=goal.pk).update(**change)
        # Another meeting's proposal: the composite key is checked at commit (here, at once).
        with pytest.raises(IntegrityError), transaction.atomic():
            GroupGoal.objects.filter(pk=goal.pk).update(proposal=foreign)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@time_machine.travel(BEFORE)
def test_comment_blocks_belong_to_the_group_or_one_of_its_goals(personas) -> None:
    meeting, _top, (g1, g2, _g3), goals = groups_of_roskilde(personas)
    with tenant_scope(personas.roskilde):
        services.group_comment_add(
            actor=None,
            group=g1,
            heading="Strategiske indsatsområder",
            text="Vi skal afdække og definere barriererne for at kunne overvinde dem.",
        )
        services.group_comment_add(
            actor=None,
            group=g1,
            heading="Uddybende kommentarer",
            goal=goals["G1-1"],
            text="Det er vigtigt at sondere mulighederne for at relancere jobrotation.",
        )
        with pytest.raises(ValidationError):
            services.group_comment_add(actor=None, group=g2, goal=goals["G1-1"], text="Forkert")
        (first,) = [g for g in selectors.meeting_groups(meeting) if g.pk == g1.pk]
        assert [c.heading for c in first.comments.all()] == [
            "Strategiske indsatsområder",
            "Uddybende kommentarer",
        ]


def collaboration(personas, goals, meeting):  # type: ignore[no-untyped-def]
    """The two collaboration groups of 000:L273-275, convened by Jobcenter Roskilde, to report
    "i starten af det nye år"."""
    start_of_new_year = parse_approx_date("i starten af det nye år", today=date(2008, 12, 4))
    sg1 = services.working_group_create(
        actor=None,
        network=meeting.network,
        origin_meeting=meeting,
        theme="Udvikling af partnerskabsaftaler og lokalt korps af rollemodeller",
        convener=JOBCENTER,
        target=start_of_new_year,
        target_event="Idéforslag og konkrete planer på virksom.nu-workshop",
        goals=[goals["G3-A"]],
    )
    sg2 = services.working_group_create(
        actor=None,
        network=meeting.network,
        origin_meeting=meeting,
        theme="Udvikling af konkrete jobpakkeforløb",
        convener=JOBCENTER,
        target=start_of_new_year,
        goals=[goals["G2-1"], goals["G2-2"]],
    )
    return sg1, sg2


@time_machine.travel(BEFORE)
def test_three_goals_are_left_orphaned_as_in_roskilde(
    personas, django_assert_max_num_queries
) -> None:
    meeting, _top, _groups, goals = groups_of_roskilde(personas)
    with tenant_scope(personas.roskilde):
        sg1, _sg2 = collaboration(personas, goals, meeting)
        assert sg1.target.label() == "1. kvartal 2009"
        with django_assert_max_num_queries(2):
            found = selectors.orphans(meeting=meeting)
        assert [g.text for g in found.goals] == [
            "Efteruddannelse og jobrotation",
            "Holdningsbarrierer",
            "Hotline",
        ]
        assert found.items == []
        assert selectors.orphans(network=meeting.network).count == 3
        assert selectors.orphans().count == 3  # the manager's list, jobcenter-wide
        # An action item takes the hotline up, but nobody owns it yet: the goal is no longer
        # an orphan, the item is.
        item = services.action_item_create(
            actor=None, origin=goals["G3-B"], text="Undersøg en hotline om tilskudsordninger"
        )
        found = selectors.orphans(meeting=meeting)
        assert [g.text for g in found.goals] == [
            "Efteruddannelse og jobrotation",
            "Holdningsbarrierer",
        ]
        assert found.items == [item]
        services.action_item_update(actor=None, item=item, owner=Party(user=personas.consultant_a))
        assert selectors.orphans(meeting=meeting).items == []
        assert selectors.orphan_counts_by_network([meeting.network_id]) == {meeting.network_id: 2}


@time_machine.travel(BEFORE)
def test_what_came_of_it_answers_for_every_decision(
    personas, django_assert_max_num_queries
) -> None:
    meeting, _top, _groups, goals = groups_of_roskilde(personas)
    with tenant_scope(personas.roskilde):
        sg1, sg2 = collaboration(personas, goals, meeting)
        ucr = make_company(name="UCR (fiktiv)", kind=CompanyKind.EDUCATION, cvr="")
        services.action_item_create(
            actor=None,
            origin=sg1,
            text="Saml et korps af rollemodeller",
            owner=Party(organisation=ucr),
            due=ApproxDate(date(2009, 1, 1), Precision.QUARTER),
        )
        services.action_item_create(
            actor=None,
            origin=meeting,
            text="Send referat til deltagerne",
            owner=Party(user=personas.consultant_a),
            due=ApproxDate(date(2008, 12, 11)),
        )
        with django_assert_max_num_queries(6):
            outcome = selectors.meeting_outcomes(meeting)
            lines = [
                (
                    d.goal.label,
                    d.goal.text[:20],
                    [w.theme[:20] for w in d.working_groups],
                    d.is_orphan,
                )
                for d in outcome.decisions
            ]
        assert lines == [
            ("1", "Efteruddannelse og j", [], True),
            ("2", "Holdningsbarrierer", [], True),
            ("1", "Jobpakker", ["Udvikling af konkret"], False),
            ("2", "At vi samarbejder om", ["Udvikling af konkret"], False),
            ("A", "Partnerskabsaftaler", ["Udvikling af partner"], False),
            ("B", "Hotline", [], True),
        ]
        assert [i.text for i in outcome.meeting_items] == ["Send referat til deltagerne"]
        assert [i.owner.label() for i in outcome.working_group_items[sg1.pk]] == ["UCR (fiktiv)"]
        assert {w.pk for w in outcome.working_groups} == {sg1.pk, sg2.pk}
        assert outcome.ownerless_items == []


@time_machine.travel(BEFORE)
def test_action_items_due_name_who_to_remind(personas) -> None:
    """The seam for the notifications service: the owner, or for an item owned by an
    organisation, who answers for it."""
    meeting, _top, (g1, _g2, _g3), goals = groups_of_roskilde(personas)
    with tenant_scope(personas.roskilde):
        services.network_update(
            actor=None, network=meeting.network, jobcenter_contact=personas.manager_a
        )
        services.goal_group_update(
            actor=None, group=g1, tovholder=Party(user=personas.consultant_a)
        )
        mine = services.action_item_create(
            actor=None,
            origin=meeting,
            text="Book lokale",
            owner=Party(user=personas.admin_a),
            due=ApproxDate(date(2026, 11, 20)),
        )
        by_school = services.action_item_create(
            actor=None,
            origin=goals["G1-1"],
            text="Afdæk behov for jobrotation",
            owner=Party(
                organisation=make_company(name="Skolen", kind=CompanyKind.EDUCATION, cvr="")
            ),
            due=ApproxDate(date(2026, 10, 1), Precision.MONTH),
        )
        by_contact = services.action_item_create(
            actor=None,
            origin=meeting,
            text="Find værter",
            owner=Party(contact=make_contact()),
            due=ApproxDate(date(2026, 10, 1), Precision.QUARTER),
        )
        later = services.action_item_create(
            actor=None,
            origin=meeting,
            text="Senere",
            owner=JOBCENTER,
            due=ApproxDate(date(2027, 1, 1), Precision.QUARTER),
        )
        done = services.action_item_create(
            actor=None,
            origin=meeting,
            text="Klaret",
            owner=JOBCENTER,
            due=ApproxDate(date(2026, 1, 1), Precision.YEAR),
        )
        services.action_item_set_status(actor=None, item=done, status=ActionStatus.DONE)
        due = selectors.action_items_due(on=date(2026, 11, 20))
        assert [(d.item.text, d.recipient_id, d.kind) for d in due] == [
            ("Afdæk behov for jobrotation", personas.consultant_a.pk, "overdue"),
            ("Book lokale", personas.admin_a.pk, "due"),
        ]
        # A quarter is due on its last day.
        assert [d.item for d in selectors.action_items_due(on=date(2026, 12, 31))] == [
            by_school,
            mine,
            by_contact,
        ]
        assert (
            selectors.action_items_due(on=date(2026, 12, 31))[2].recipient_id
            == personas.manager_a.pk
        )
        assert later not in [d.item for d in selectors.action_items_due(on=date(2027, 3, 30))]
        assert ActionItem.objects.get(pk=later.pk).due_by == date(2027, 3, 31)


@time_machine.travel(BEFORE)
def test_the_database_keeps_an_action_item_s_origin_owner_and_due_date_whole(personas) -> None:
    meeting, _top, _groups, goals = groups_of_roskilde(personas)
    with tenant_scope(personas.roskilde):
        item = services.action_item_create(actor=None, origin=meeting, text="Noget")
        for change in (
            {"group_goal": goals["G1-1"]},  # two origins
            {"meeting": None},  # none
            {"owner_is_jobcenter": True, "owner_user": personas.consultant_a},  # two owners
            {"due_on": date(2026, 2, 15), "due_precision": Precision.QUARTER},  # not a period
            {"due_on": date(2026, 2, 1)},  # a day without a precision
            {"status": ActionStatus.DONE},  # done without a date
            {"text": "   "},
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                ActionItem.objects.filter(pk=item.pk).update(**change)


@time_machine.travel(BEFORE)
def test_a_collaboration_group_needs_a_theme_and_a_convener_and_its_network_s_goals(
    personas,
) -> None:
    meeting, _top, _groups, goals = groups_of_roskilde(personas)
    other, _ = meeting_with_top_7(personas.roskilde)
    with tenant_scope(personas.roskilde):
        with pytest.raises(ValidationError) as error:
            services.working_group_create(
                actor=None, network=meeting.network, theme="Tema", convener=Party()
            )
        assert "indkalder" in error.value.message_dict["convener"][0]
        with pytest.raises(ValidationError) as error:
            services.working_group_create(
                actor=None,
                network=other.network,
                theme="Tema",
                convener=JOBCENTER,
                goals=[goals["G1-1"]],
            )
        assert "et andet netværks møde" in error.value.message_dict["goals"][0]
        group = services.working_group_create(
            actor=None,
            network=meeting.network,
            theme="Jobrotation",
            convener=JOBCENTER,
            members=[Party(user=personas.consultant_a), Party(contact=make_contact())],
        )
        with pytest.raises(ValidationError):
            services.working_group_member_add(
                actor=None, working_group=group, member=Party(user=personas.consultant_a)
            )
        assert [
            m.member.label()
            for m in selectors.working_groups(network=meeting.network)[0].members.all()
        ] == ["Karen", "Lene Prøvesen, Prøvesens Maskinfabrik ApS"]
