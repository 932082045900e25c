"""Demo networks for `seed_demo` (DOMAIN.md section 6).

- Roskilde: the first virksom.nu network meeting of 4 December 2008 (seed 000): its programme,
  the Top-7, the three groups' choices (their own goals too) with comment blocks in the
  groups' words, the two collaboration groups Jobcenter Roskilde convenes "i starten af det
  nye år", and the three goals nobody took up (job rotation, attitude barriers, the hotline).
- Every demo jobcenter: Randers FC's sponsor network (seed 003) with three meetings, two held
  and one ahead, where sponsor companies talk about tasks rather than positions and the job
  consultant follows up.

Real organisations appear only in their seed roles: Jobcenter Roskilde as tovholder,
Erhvervs- og Selskabsstyrelsen and mhtconsult as presenters, Randers FC as the host of its
sponsor network with DISCUS A/S beside it. The people are the demo users and the companies'
fictional contact persons, or have names that say they are invented; the seed's real people
(000:L14-21) are never used. Attendance, ballots and action items are invented
("Demo-data – ikke faktiske resultater")."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import Jobcenter, Membership, Role, User
from accounts.tokens import hash_token
from candidates import services as candidate_services
from candidates.models import Candidate, CandidateStatus, ConsentCategory
from companies import demo as companies_demo
from companies import services as company_services
from companies.models import Company, CompanyKind, ContactPerson, ContactRole
from networks import services, tokens
from networks.approx import ApproxDate, Precision, parse_approx_date
from networks.models import (
    AgendaKind,
    Answer,
    Attendance,
    Ballot,
    BallotPick,
    LabelStyle,
    Meeting,
    MeetingInvitation,
    MemberRole,
    Network,
    NetworkMember,
    Vote,
    VoteStatus,
)
from networks.parties import JOBCENTER, Party

ROSKILDE_DAY = date(2008, 12, 4)

# 000:L14-21, typed as printed (both dashes). Presenters: "host" and "speaker" are demo users.
PROGRAMME = [
    ("Kl. 15.00 – 15.10", "Velkomst", AgendaKind.WELCOME, "host"),
    ("Kl. 15.10 – 15.20", "Kort præsentationsrunde blandt netværkets deltagere",
     AgendaKind.INTRODUCTIONS, None),
    ("Kl. 15.20 - 15.30", "Præsentation af projekt virksom.nu", AgendaKind.TALK, "ess"),
    ("Kl. 15.30 – 15.50", "Nydanske ledige – hvilke kompetencer og ressourcer? Et signalement "
     "af målgruppen", AgendaKind.TALK, "speaker"),
    ("Kl. 15.50 – 16.05", "Oplæg til eftermiddagens strategiproces", AgendaKind.TALK, "mht"),
    ("Kl. 16.05 – 17.05", "Fælles strategiproces: drøftelse af netværkets mål og aktiviteter i "
     "grupper", AgendaKind.GROUP_WORK, None),
    ("Kl. 17.05 – 17.50", "Fremlæggelse af resultater og fælles opsamling på netværkets videre "
     "aktiviteter", AgendaKind.PLENARY, None),
    ("Kl. 17.50 – 18.00", "Afslutning", AgendaKind.CLOSING, "host"),
]  # fmt: skip

# 000:L120-132
TOP_7 = [
    ("Jobpakker", "At vi samarbejder om jobpakker, så virksomhederne selv er med til at sikre, "
     "at ledige bliver målrettet kvalificeret til virksomhedernes behov."),
    ("Lokalbank af deltidsjob", "At vi opretter en »lokalbank« af deltidsjob til nydanske "
     "ledige, som gerne vil arbejde, men ikke kan klare et fuldtidsjob."),
    ("Mentormodeller", "At vi udvikler nye mentor-modeller, som også giver små virksomheder "
     "ressourcer til at bruge en mentorordning."),
    ("Efteruddannelse og jobrotation", "At vi samarbejder om efteruddannelse og jobrotation, der "
     "kan »flytte« veluddannede nydanskere fra ikke-faglærte job til faglærte job."),
    ("Holdningsbarrierer", "At vi samarbejder om at nedbryde de holdningsmæssige barrierer mod "
     "nydanske kolleger på virksomhederne."),
    ("Hotline", "At vi opretter en lokal »hotline«, hvor virksomheder lynhurtigt kan få viden om "
     "de mange tilskudsordninger til mentorordning, arbejdsmarkedsdansk, AMU-dansk, løntilskud "
     "mv."),
    ("Erfa-netværk", "At vi danner et erfa-netværk, hvor vi kan udveksle viden om virksomhedernes "
     "kortsigtede rekrutteringsbehov og langsigtede uddannelsesbehov i en nedgangsperiode."),
]  # fmt: skip

# The groups' comment blocks, in their own words (000:L141-146, L158-163, L173, L184-193,
# L207-212, L241-246, L259-263).
G1_COMMENTS = [
    ("Strategiske indsatsområder", None,
     "Vi skal afdække og definere barriererne for at kunne overvinde dem. Vi skal lære af, "
     "hvordan større virksomheder skaber fastholdelse og beskæftigelsesmæssige succeshistorier. "
     "Vi skal inddrage rollemodeller fra både virksomheder og uddannelsesinstitutioner."),
    ("Uddybende kommentarer", 2,
     "Rollemodeller må ikke fremstå som »individuelle succeshistorier«, der er uopnåelige for "
     "flertallet. Det er vigtigt at tilpasse rollemodeller og målgruppe, så borgerne reelt kan "
     "spejle sig i rollemodellernes historier."),
    ("Uddybende kommentarer", 1,
     "Det er vigtigt at sondere mulighederne og behovene for at relancere jobrotationsredskabet "
     "i indsatsen, og at undersøge, om virksomhederne i lyset af krisen ser behov for "
     "uddannelsesplanlægning."),
]  # fmt: skip
G2_COMMENTS = [
    ("Strategiske indsatsområder ift. mål 1", 1,
     "Vi skal matche konkrete og præcise jobbeskrivelser med nydanskernes profiler, og udfylde "
     "et eventuelt gab gennem virksomhedsbaseret kompetenceafklaring, praktikker, sprogtræning, "
     "opkvalificering og mentorordninger."),
    ("Hvem skal samarbejde om mål 1", 1,
     "Et tværgående team: jobkonsulenten, virksomhedens daglige leder, mentoren, "
     "tillidsrepræsentanten, sproglæreren og ikke mindst den ledige borger."),
    ("Hvad skal være i orden", None,
     "Finansieringsgrundlaget skal konkretiseres."),
    ("Strategiske indsatsområder ift. mål 2", 2,
     "Vi skal bruge trappemodellen og jobpakkerne konsekvent og systematisk, og oprette "
     "procedurer for en systematisk opfølgning – også efter fastansættelse."),
]  # fmt: skip
G3_COMMENTS = [
    ("Strategiske indsatsområder", 1,
     "Det er vigtigt at opbygge et samarbejde og et partnerskab, hvor virksomhederne har én "
     "kontaktperson til jobcentret, og partnerskabsaftaler, der dæmper de administrative "
     "problemer (»bøvl«)."),
    ("Strategiske indsatsområder", 2,
     "Det er vigtigt at oprette en hotline, hvor virksomheder hurtigt og effektivt kan indhente "
     "oplysninger om relevante ordninger – elektronisk eller som en udgående funktion."),
]  # fmt: skip

# Invented people for the other actors (their surnames say so).
OTHER_ACTORS = [
    ("Sprogskolen Eksempel (fiktiv)", CompanyKind.EDUCATION,
     [("Tove Eksempelsen", "Sproglærer"), ("Niels Prøvelund", "Afdelingsleder")]),
    ("Erhvervsskolen Demo (fiktiv)", CompanyKind.EDUCATION, [("Hanne Skitsebæk", "Konsulent")]),
    ("Integrationsrådet Påfund (fiktivt)", CompanyKind.ASSOCIATION,
     [("Amir Opdigtsen", "Formand")]),
]  # fmt: skip


def _staff(role: str) -> list[User]:
    ids = Membership.objects.filter(role=role, is_active=True).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("email"))


def _local_companies() -> list[Company]:
    """The demo's generated local employers (never the named real organisations)."""
    named = {row[0] for row in companies_demo.NAMED}
    return list(
        Company.objects.filter(kind=CompanyKind.EMPLOYER).exclude(name__in=named).order_by("pk")
    )


def _organisation(name: str, kind: str) -> Company:
    existing = Company.objects.filter(name=name).first()
    return existing or company_services.company_create(actor=None, name=name, kind=kind, cvr="")


def _contact(company: Company) -> ContactPerson | None:
    return ContactPerson.objects.filter(company=company, is_active=True).order_by("pk").first()


def _invite(meeting: Meeting, members: list[NetworkMember], answers: list[str]) -> list:
    """Invitations as if e-mailed (the demo sends nothing)."""
    invitations = []
    for member, answer in zip(members, answers, strict=False):
        invitation = MeetingInvitation(
            meeting=meeting,
            member=member,
            name=member.label[:200],
            email=member.email,
            answer=answer,
            answered_at=(
                timezone.make_aware(datetime.combine(meeting.date, time(9))) - timedelta(days=7)
                if answer != Answer.PENDING
                else None
            ),
            sent_sequence=0,
            sent_at=timezone.make_aware(datetime.combine(meeting.date, time(9)))
            - timedelta(days=14),
        )
        invitation.rsvp_hash = hash_token(tokens.rsvp_secret(invitation))
        invitation.save()
        invitations.append(invitation)
    return invitations


def _held_vote(meeting: Meeting, attendances: list[Attendance], picks: list[tuple[int, int]]):
    """A vote that was held: the ballots cast while it was open, then closed."""
    vote = services.vote_create(actor=None, meeting=meeting, title="Prioritering af Top-7")
    opened = timezone.make_aware(datetime.combine(meeting.date, time(16, 5)))
    Vote.objects.filter(pk=vote.pk).update(status=VoteStatus.OPEN, opened_at=opened)
    proposals = list(meeting.proposals.order_by("position"))
    for n, (attendance, (a, b)) in enumerate(zip(attendances, picks, strict=False)):
        ballot = Ballot.objects.create(
            vote=vote,
            meeting=meeting,
            attendance=attendance,
            cast_at=opened + timedelta(seconds=20 + n * 7),
        )
        BallotPick.objects.bulk_create(
            [
                BallotPick(ballot=ballot, vote=vote, meeting=meeting, proposal=proposals[i])
                for i in (a, b)
            ]
        )
    Vote.objects.filter(pk=vote.pk).update(
        status=VoteStatus.CLOSED, closed_at=opened + timedelta(minutes=10)
    )
    return vote


def seed(jobcenter: Jobcenter) -> int:
    """In the current jobcenter scope; skipped when it has networks already."""
    if Network.objects.exists():
        return 0
    consultants = _staff(Role.CONSULTANT)
    managers = _staff(Role.MANAGER)
    employers = _local_companies()
    if not consultants or not managers or len(employers) < 12:
        return 0
    services.network_kinds_ensure_defaults()
    created = 0
    if jobcenter.slug == "roskilde":
        created += _roskilde_2008(jobcenter, consultants, managers, employers)
    created += _randers_fc(jobcenter, consultants, employers)
    return created


def _roskilde_2008(
    jobcenter: Jobcenter, consultants: list[User], managers: list[User], employers: list[Company]
) -> int:
    kinds = {k.code: k for k in services.network_kinds_ensure_defaults()}
    host, speaker = managers[0], consultants[-1]
    network = services.network_create(
        actor=None,
        name="Samfundsansvar i praksis via lokale partnerskaber",
        kind=kinds["local_partnership"],
        purpose=(
            "Nydanske ledige på arbejdsmarkedet via CSR og lokalt samfundsansvar: virksomheder, "
            "jobcenter og uddannelsesinstitutioner samarbejder om mål og aktiviteter."
        ),
        success_criterion=(
            "Nydanske ledige kommer i job i partnerskabets virksomheder, og virksomhederne "
            "tager selv del i samarbejdsgrupperne. Antal fremmødte alene tæller ikke."
        ),
        coordinator=JOBCENTER,  # "Jobcenter Roskilde varetager … tovholderfunktion" (000:L269)
        jobcenter_contact=consultants[0],
    )
    ess = _organisation("Erhvervs- og Selskabsstyrelsen/ESSJ", CompanyKind.PUBLIC_BODY)
    mht = _organisation("mhtconsult", CompanyKind.EMPLOYER)
    members: list[NetworkMember] = []
    for company in employers[:12]:
        contact = _contact(company)
        members.append(
            services.member_add(
                actor=None,
                network=network,
                organisation=company,
                contact=contact,
                joined_on=date(2008, 11, 1),
            )
        )
    for name, kind, people in OTHER_ACTORS:
        organisation = _organisation(name, kind)
        for person, title in people:
            contact = company_services.contact_create(
                actor=None,
                company=organisation,
                name=person,
                title=title,
                role=ContactRole.OTHER,
                email=f"{person.split()[0].lower()}@{jobcenter.slug}-netvaerk.example",
            )
            members.append(
                services.member_add(
                    actor=None,
                    network=network,
                    contact=contact,
                    role=MemberRole.RESOURCE_PERSON,
                    joined_on=date(2008, 11, 1),
                )
            )
    for user in (host, speaker, consultants[0]):
        if not NetworkMember.objects.filter(network=network, user=user).exists():
            members.append(
                services.member_add(
                    actor=None, network=network, user=user, joined_on=date(2008, 11, 1)
                )
            )
    meeting = services.meeting_create(
        actor=None,
        network=network,
        title="Første netværksmøde",
        date=ROSKILDE_DAY,
        starts_at=time(15),
        ends_at=time(18),
        venue="Roskilde",
        catering_note="Der serveres forfriskninger undervejs.",
    )
    presenters = {
        "host": Party(user=host),
        "speaker": Party(user=speaker),
        "ess": Party(organisation=ess),
        "mht": Party(organisation=mht),
        None: None,
    }
    for span, title, kind, who in PROGRAMME:
        services.agenda_item_add(
            actor=None,
            meeting=meeting,
            time=span,
            title=title,
            kind=kind,
            presenter=presenters[who],
        )
    # All but one said yes, and all but one of them came (invented).
    answers = [Answer.NO if i == 5 else Answer.YES for i in range(len(members))]
    invitations = _invite(meeting, members, answers)
    came = [i for i in invitations if i.answer == Answer.YES][:-1]
    attendances = services.attendance_from_invitations(
        actor=consultants[0], meeting=meeting, invitations=came
    )
    for title, text in TOP_7:
        services.proposal_add(actor=None, meeting=meeting, title=title, text=text)
    # Each participant's two crosses (invented), ranking jobpakker first.
    rng = random.Random("jobbro-demo-roskilde-2008")  # noqa: S311 - demo data
    weights = [6, 2, 3, 4, 4, 3, 2]
    picks = []
    for _ in attendances:
        first = rng.choices(range(7), weights=weights)[0]
        rest = [i for i in range(7) if i != first]
        second = rng.choices(rest, weights=[weights[i] for i in rest])[0]
        picks.append((first, second))
    _held_vote(meeting, attendances, picks)
    proposals = list(meeting.proposals.order_by("position"))
    g1 = services.goal_group_create(actor=None, meeting=meeting, tovholder=JOBCENTER)
    g2 = services.goal_group_create(actor=None, meeting=meeting, tovholder=JOBCENTER)
    g3 = services.goal_group_create(actor=None, meeting=meeting, label_style=LabelStyle.LETTERS)
    goals = {
        "G1-1": services.group_goal_set(actor=None, group=g1, ordinal=1, proposal=proposals[3]),
        "G1-2": services.group_goal_set(actor=None, group=g1, ordinal=2, proposal=proposals[4]),
        "G2-1": services.group_goal_set(actor=None, group=g2, ordinal=1, proposal=proposals[0]),
        "G2-2": services.group_goal_set(
            actor=None,
            group=g2,
            ordinal=2,
            custom_text=(
                "At vi samarbejder om at skabe en håndholdt indsats, hvor trappemodellen og "
                "jobpakker er kernepunktet."
            ),
        ),
        "G3-A": services.group_goal_set(
            actor=None, group=g3, ordinal=1, custom_text="Partnerskabsaftaler"
        ),
        "G3-B": services.group_goal_set(actor=None, group=g3, ordinal=2, proposal=proposals[5]),
    }
    for group, comments in ((g1, G1_COMMENTS), (g2, G2_COMMENTS), (g3, G3_COMMENTS)):
        for heading, ordinal, text in comments:
            goal = group.goals.get(ordinal=ordinal) if ordinal else None
            services.group_comment_add(
                actor=None, group=group, heading=heading, text=text, goal=goal
            )
    start_of_new_year = parse_approx_date("i starten af det nye år", today=ROSKILDE_DAY)
    workshop = "Idéforslag og konkrete planer på første virksom.nu-workshop"
    school = Company.objects.get(name=OTHER_ACTORS[0][0])
    sg1 = services.working_group_create(
        actor=None,
        network=network,
        origin_meeting=meeting,
        theme="Udvikling af partnerskabsaftaler og lokalt korps af rollemodeller",
        convener=JOBCENTER,
        target=start_of_new_year,
        target_event=workshop,
        goals=[goals["G3-A"]],
        members=[Party(organisation=school), Party(contact=_contact(employers[0]))],
    )
    sg2 = services.working_group_create(
        actor=None,
        network=network,
        origin_meeting=meeting,
        theme="Udvikling af konkrete jobpakkeforløb",
        convener=JOBCENTER,
        target=start_of_new_year,
        target_event=workshop,
        goals=[goals["G2-1"], goals["G2-2"]],
        members=[Party(user=speaker), Party(contact=_contact(employers[1]))],
    )
    services.action_item_create(
        actor=None,
        origin=meeting,
        text="Indkalde til teamwork om de to samarbejdstemaer",
        owner=JOBCENTER,
        due=ApproxDate(date(2009, 1, 1), Precision.MONTH),
    )
    services.action_item_create(
        actor=None,
        origin=sg2,
        text="Konkretisere finansieringsgrundlaget for jobpakkerne",
        owner=Party(user=consultants[0]),
        due=start_of_new_year,
    )
    services.action_item_create(
        actor=None,
        origin=sg1,
        text="Samle et lokalt korps af rollemodeller fra virksomheder og uddannelsesinstitutioner",
        owner=Party(organisation=school),
        due=ApproxDate(date(2009, 1, 1), Precision.HALF),
    )
    _role_models(meeting, employers)
    # Job rotation, attitude barriers and the hotline are left without a group or an item:
    # the orphan check shows them (000:L273-275).
    return 1


def _role_models(meeting: Meeting, employers: list[Company]) -> None:
    contact = _contact(employers[2])
    if contact is not None:
        staff = services.role_model_create(
            actor=None,
            contact=contact,
            theme="Mangfoldighedsledelse og interkulturel kommunikation i en mindre virksomhed",
        )
        services.role_model_appearance_add(actor=None, role_model=staff, meeting=meeting)
    candidate = (
        Candidate.objects.filter(is_demo=True, status=CandidateStatus.ACTIVE).order_by("pk").first()
    )
    if candidate is None:
        return
    if services.role_model_consent(candidate) is None:
        candidate_services.consent_record(
            actor=None,
            candidate=candidate,
            company=None,
            categories=[ConsentCategory.FULL_NAME, ConsentCategory.PLACEMENTS],
            given_on=timezone.localdate() - timedelta(days=60),
            note="Vil gerne fortælle sin historie som rollemodel i netværk.",
        )
    services.role_model_create(
        actor=None,
        candidate=candidate,
        theme="Fra praktik til fast job: min vej ind på arbejdsmarkedet",
    )


def _randers_fc(jobcenter: Jobcenter, consultants: list[User], employers: list[Company]) -> int:
    kinds = {k.code: k for k in services.network_kinds_ensure_defaults()}
    club = Company.objects.filter(name="Randers FC").first()
    discus = Company.objects.filter(name="DISCUS A/S").first()
    if club is None:
        return 0
    job_consultant = consultants[-1]
    network = services.network_create(
        actor=None,
        name="Randers FC's sponsornetværk",
        kind=kinds["sponsor_network"],
        purpose=(
            "Sætte virksomhedernes sociale ansvar på dagsordenen i klubbens sponsornetværk og "
            "finde konkrete jobåbninger – opgaver frem for stillinger – til personer med mindst "
            "ét års ledighed."
        ),
        success_criterion=(
            "Jobåbninger fra møderne følges op af jobkonsulenten inden for få dage, og "
            "virksomhederne beder selv om besøg."
        ),
        coordinator=Party(organisation=club),
        jobcenter_contact=job_consultant,
    )
    members = [
        services.member_add(
            actor=None,
            network=network,
            organisation=club,
            contact=_contact(club),
            role=MemberRole.HOST,
        )
    ]
    if discus is not None:
        members.append(
            services.member_add(
                actor=None,
                network=network,
                organisation=discus,
                contact=_contact(discus),
                role=MemberRole.RESOURCE_PERSON,
            )
        )
    sponsors = employers[12:20]
    for company in sponsors:
        members.append(
            services.member_add(
                actor=None, network=network, organisation=company, contact=_contact(company)
            )
        )
    members.append(services.member_add(actor=None, network=network, user=job_consultant))
    today = timezone.localdate()
    programme = [
        ("Kl. 16.00 – 16.10", "Velkomst", AgendaKind.WELCOME, Party(organisation=club)),
        ("Kl. 16.10 – 16.40", "Småjob: opgaver frem for stillinger – virksomhederne interviewer "
         "hinanden om egnede arbejdsopgaver", AgendaKind.GROUP_WORK, None),
        ("Kl. 16.40 – 17.00", "Erfaringer med at ansætte ledige", AgendaKind.TALK,
         Party(organisation=discus) if discus else None),
        ("Kl. 17.00 – 17.15", "Ønsker I besøg af en jobkonsulent?", AgendaKind.PLENARY,
         Party(user=job_consultant)),
        ("Kl. 17.15 – 18.00", "Netværk og kampstart", AgendaKind.OTHER, None),
    ]  # fmt: skip
    rng = random.Random(f"jobbro-demo-randers-{jobcenter.slug}")  # noqa: S311 - demo data
    for days in (-90, -14, 30):
        meeting = services.meeting_create(
            actor=None,
            network=network,
            date=today + timedelta(days=days),
            starts_at=time(16),
            ends_at=time(18),
            venue="Stadion, sponsorloungen",
            catering_note="Let buffet før kampstart.",
        )
        for span, title, kind, presenter in programme:
            services.agenda_item_add(
                actor=None, meeting=meeting, time=span, title=title, kind=kind, presenter=presenter
            )
        if days > 0:
            _invite(
                meeting,
                members,
                [rng.choice([Answer.YES, Answer.YES, Answer.NO, Answer.PENDING]) for _ in members],
            )
            continue
        invitations = _invite(meeting, members, [Answer.YES] * len(members))
        came = [i for i in invitations if rng.random() < 0.8]
        services.attendance_from_invitations(
            actor=job_consultant, meeting=meeting, invitations=came
        )
        item = services.action_item_create(
            actor=None,
            origin=meeting,
            text="Følge op på jobåbningerne og ønskerne om besøg fra mødet",
            owner=Party(user=job_consultant),
            due=ApproxDate(meeting.date + timedelta(days=5)),
        )
        if days < -30:
            services.action_item_set_status(
                actor=None, item=item, status="done", done_on=meeting.date + timedelta(days=3)
            )
    return 1


__all__ = ["seed"]
