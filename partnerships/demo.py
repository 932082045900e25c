"""Demo partnerships for `seed_demo`: agreements of each type and status, with commitments
ahead of and behind target; two virksomhedscentre (one full with a waiting list, one
under-used); two jobpakker (a roofer trainee programme like Phønix Tag Materialer's
"Tagdækker Trainee", and hotel upskilling). The organisations appear in their seed roles only;
the actuals are invented (DOMAIN.md section 6: "Demo-data – ikke faktiske resultater")."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Jobcenter, Membership, Role, User
from candidates.models import Candidate, CandidateStatus
from companies.models import Company, CompanyKind, CompanyStatus, ContactPerson
from partnerships import services
from partnerships.models import Agreement, CentreContract, Commitment, JobPackage
from placements import services as placement_services
from placements.models import Placement


def _consultant() -> User | None:
    membership = (
        Membership.objects.filter(role=Role.CONSULTANT, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _free_candidates() -> list[Candidate]:
    """Active demo candidates without a placement (so a new one cannot overlap)."""
    busy = Placement.objects.values("candidate_id")
    return list(
        Candidate.objects.filter(is_demo=True, status=CandidateStatus.ACTIVE)
        .exclude(pk__in=busy)
        .order_by("pk")
    )


def _commit(agreement: Agreement, area: str, target: int, per: str = "year") -> None:
    services.commitment_save(
        actor=None, commitment=Commitment(agreement=agreement), area=area, target=target, per=per
    )


def _sign(agreement: Agreement, actor: User) -> None:
    services.agreement_set_status(actor=actor, agreement=agreement, status="awaiting_signature")
    signer = ContactPerson.objects.filter(company=agreement.company).first()
    services.agreement_set_status(
        actor=actor,
        agreement=agreement,
        status="signed",
        signed_on=min(agreement.starts_on, timezone.localdate()),
        signed_by_company=signer.name if signer else "Direktionen",
        signed_for_jobcenter_by="Birthe Demodal, jobcenterchef",
    )


def seed(jobcenter: Jobcenter) -> int:
    """In the current jobcenter scope; skipped when it has agreements already."""
    if Agreement.objects.exists():
        return 0
    actor = _consultant()
    companies = list(
        Company.objects.filter(status=CompanyStatus.ACTIVE, kind=CompanyKind.EMPLOYER).order_by(
            "pk"
        )
    )
    if actor is None or len(companies) < 8:
        return 0
    types = {t.name: t for t in services.agreement_types_ensure_defaults()}
    placement_types = {t.code: t for t in placement_services.placement_types_ensure_defaults()}
    today = timezone.localdate()
    year_ago = today - timedelta(days=200)
    # Placements need candidates without one (no overlap); waiting lists and cohorts do not.
    free = _free_candidates()
    everyone = list(
        Candidate.objects.filter(is_demo=True, status=CandidateStatus.ACTIVE).order_by("-pk")
    )
    made = 0

    def agreement(company: Company, kind: str, title: str, **fields: object) -> Agreement:
        nonlocal made
        made += 1
        return services.agreement_create(
            actor=actor,
            agreement_type=types[kind],
            company=company,
            title=title,
            purpose=str(
                fields.pop(
                    "purpose", "Flere ledige i job gennem praktik, løntilskud og ansættelse."
                )
            ),
            contributions=str(
                fields.pop(
                    "contributions",
                    "Virksomheden stiller pladser og mentorer til rådighed; jobcentret finder "
                    "kandidater, følger op og hjælper med ansøgninger om tilskud.",
                )
            ),
            jobcenter_contact=actor,
            **fields,  # type: ignore[arg-type]
        )

    # Ahead of target: internships delivered, placements linked.
    ahead = agreement(
        companies[0],
        "Partnerskabsaftale",
        "Partnerskab om praktik og ansættelse",
        starts_on=year_ago,
        ends_on=year_ago + timedelta(days=730),
    )
    _commit(ahead, "internships", 3)
    _commit(ahead, "ordinary_hires", 2)
    _sign(ahead, actor)
    # Third parties with their roles: an education institution and a business organisation.
    partners = {
        c.name: c
        for c in Company.objects.filter(
            kind__in=[CompanyKind.EDUCATION, CompanyKind.BUSINESS_ORGANISATION]
        )
    }
    if partners:
        services.agreement_update(actor=actor, agreement=ahead, parties=list(partners.values()))
        roles = {
            "VUC Storstrøm": "Uddannelsespartner: danskundervisning og AMU-kurser",
            "Danske Malermestre": "Brancheorganisation, medunderskriver",
        }
        services.agreement_party_roles_set(
            actor=actor,
            agreement=ahead,
            roles={
                party.pk: roles.get(party.organisation.name, "")
                for party in ahead.parties.select_related("organisation")
            },
        )
    for candidate in free[:3]:
        start = year_ago + timedelta(days=30 + 20 * made)
        placement_services.placement_create(
            actor=actor,
            candidate=candidate,
            company=ahead.company,
            placement_type=placement_types["internship"],
            planned_start=start,
            planned_end=start + timedelta(weeks=8),
            consultant=actor,
            agreement=ahead,
        )
    # Behind target: ten wage-subsidy places promised, none delivered.
    behind = agreement(
        companies[1],
        "Partnerskabsaftale",
        "Løntilskud i plejen",
        starts_on=year_ago,
        ends_on=year_ago + timedelta(days=1095),
    )
    _commit(behind, "wage_subsidy", 10)
    _commit(behind, "events", 4, per="agreement")
    _sign(behind, actor)
    # A general cooperation agreement ending soon, a framework agreement awaiting signature,
    # a draft, a terminated one, and an ended one that was not renewed.
    ending = agreement(
        companies[2],
        "Samarbejdsaftale",
        "Samarbejde om rekruttering",
        starts_on=today - timedelta(days=320),
        ends_on=today + timedelta(days=45),
    )
    _commit(ending, "network", 2, per="agreement")
    _sign(ending, actor)
    waiting = agreement(
        companies[3],
        "Rammeaftale om virksomhedspraktik",
        "Faste praktikpladser på lageret",
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=379),
    )
    _commit(waiting, "internships", 6)
    services.agreement_set_status(actor=actor, agreement=waiting, status="awaiting_signature")
    draft = agreement(
        companies[4],
        "Partnerskabsaftale",
        "Udkast: mentorer i butikkerne",
        starts_on=today + timedelta(days=30),
    )
    _commit(draft, "mentor", 4)
    stopped = agreement(
        companies[5], "Samarbejdsaftale", "Sommerjob", starts_on=today - timedelta(days=400)
    )
    _sign(stopped, actor)
    services.agreement_set_status(
        actor=actor, agreement=stopped, status="terminated", reason="Virksomheden har skiftet ejer."
    )
    ended = agreement(
        companies[6],
        "Samarbejdsaftale",
        "Kantinen 2024–25",
        starts_on=today - timedelta(days=700),
        ends_on=today - timedelta(days=20),
    )
    _sign(ended, actor)
    services.agreement_not_renewed(
        actor=actor, agreement=ended, reason="Kantinen er lagt ud til en leverandør."
    )

    # Two virksomhedscentre: one full with a waiting list, one under-used.
    full = services.centre_save(
        actor=actor,
        contract=CentreContract(),
        company=companies[7],
        name="Virksomhedscenter Lager og logistik",
        seats=2,
        work_areas="Pluk, pak, varemodtagelse",
        mentor_hours_per_week=6,
        payment_per_seat_month=2500,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=600),
    )
    seated = free[3:5]
    for candidate in seated:
        placement = services.seat_assign(
            actor=actor,
            contract=full,
            candidate=candidate,
            placement_type=placement_types["internship"],
            planned_start=today - timedelta(days=60),
            planned_end=today + timedelta(days=30),  # praktik lasts at most 13 weeks
            consultant=actor,
        )
        placement_services.placement_start(
            actor=actor, placement=placement, started_on=today - timedelta(days=60)
        )
    for candidate in [c for c in everyone if c not in seated][:3]:
        services.waiting_list_add(actor=actor, contract=full, candidate=candidate)
    quiet = services.centre_save(
        actor=actor,
        contract=CentreContract(),
        company=companies[0],
        name="Virksomhedscenter Produktion",
        seats=5,
        work_areas="Montage og pakning",
        mentor_hours_per_week=10,
        payment_per_seat_month=2000,
        starts_on=today - timedelta(days=150),
    )
    if len(free) > 5:
        services.seat_assign(
            actor=actor,
            contract=quiet,
            candidate=free[5],
            placement_type=placement_types["internship"],
            planned_start=today - timedelta(days=10),
            planned_end=today + timedelta(days=70),
            consultant=actor,
        )

    # Two jobpakker.
    roofer_company = Company.objects.filter(name__startswith="Phønix Tag").first() or companies[1]
    roofer = services.job_package_save(
        actor=actor,
        package=JobPackage(),
        company=roofer_company,
        title="Tagdækker trainee",
        competence_profile="Vil arbejde i højden og udendørs; kørekort B er en fordel.",
        positions=4,
        stage="running",
    )
    for kind, title, days, amu in (
        ("course", "Sikkerhed ved arbejde på tage", 5, "48210"),
        ("course", "Tagdækning med pap", 15, "45614"),
        ("internship", "Praktik hos virksomheden", 60, ""),
        ("certificate", "Certifikat: Arbejde i højder", 2, ""),
    ):
        services.module_add(
            actor=actor, package=roofer, kind=kind, title=title, duration_days=days, amu_number=amu
        )
    modules = list(roofer.modules.order_by("position"))
    cohort = everyone[3:9]
    for number, candidate in enumerate(cohort):
        participant = services.participant_enrol(
            actor=actor, package=roofer, candidate=candidate, enrolled_on=today - timedelta(days=90)
        )
        for module in modules[: max(0, 4 - number)]:
            services.module_completed(
                actor=actor,
                participant=participant,
                module=module,
                completed_on=today - timedelta(days=60),
            )
        if number == 0:
            services.participant_outcome(actor=actor, participant=participant, outcome="hired")
        elif number == 4:
            services.participant_outcome(
                actor=actor, participant=participant, outcome="dropped_out", reason="Højdeskræk"
            )
    hotel = services.job_package_save(
        actor=actor,
        package=JobPackage(),
        company=companies[2],
        title="Opkvalificering til hotel og rengøring",
        competence_profile="Service, rengøring efter standard, dansk på arbejdspladsen.",
        positions=6,
    )
    for kind, title, days in (
        ("danish", "Dansk på arbejdspladsen", 20),
        ("course", "Hotelrengøring", 10),
        ("mentor", "Mentor de første 4 uger", 28),
    ):
        services.module_add(actor=actor, package=hotel, kind=kind, title=title, duration_days=days)
    return made
