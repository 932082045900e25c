"""Demo candidates for `seed_demo` (DOMAIN.md section 6, issue 5 item 11).

Everyone here is invented: the surnames are made of words that say so (Demo-, Prøve-,
Eksempel-, Fiktiv-, …), the telephone numbers start with 0 (no Danish number does), and the
CPR numbers come from `candidates.cpr.fictitious()`: a birth date in 1960–1999 that is never
1 January, with a last digit that makes the modulus-11 check fail, so they belong to nobody.
Every candidate is marked `is_demo`.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pgtrigger
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone

from accounts.models import Jobcenter, Membership, Role, User
from candidates import cpr, services
from candidates.models import (
    AssessmentScheme,
    Candidate,
    CandidateStatus,
    ConsentCategory,
    DanishLevel,
    Occupation,
    SensitiveKind,
    StaircaseStep,
    SubGoalStatus,
    TargetGroup,
)
from companies import demo as companies_demo
from companies.models import Company

FIRST_NAMES = [
    "Mette", "Lars", "Hanne", "Jens", "Susanne", "Henrik", "Camilla", "Thomas", "Louise",
    "Mikkel", "Sara", "Anders", "Nadia", "Kasper", "Maja", "Ahmad", "Fatima", "Piotr",
    "Olena", "Yonas", "Bente", "Rasmus", "Line", "Jesper", "Amira", "Morten", "Ida", "Emil",
    "Signe", "Mohammed", "Pernille", "Frederik", "Katrine", "Ali", "Dorthe", "Nikolaj",
]  # fmt: skip
# Danish-looking surnames made of words that mean "demo", "sample", "invented" and the like.
SURNAME_ROOTS = [
    "Demo", "Prøve", "Eksempel", "Fiktiv", "Opdigt", "Påfund", "Skitse", "Udkast", "Attrap",
    "Model", "Forsøg", "Kopi",
]  # fmt: skip
SURNAME_ENDINGS = ["sen", "gaard", "holm", "lund", "bæk", "rup", "skov", "dal", "by", "strøm"]
STREETS = ["Eksempelvej", "Demogade", "Prøvestien", "Fiktivparken", "Skitsealle"]
ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@dataclass(frozen=True)
class Profile:
    education: str
    competences: list[str]
    wished: list[str]  # DISCO-08 codes from candidates/data/disco08.csv
    held: list[str] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)
    text: str = ""


PROFILES = [
    Profile(
        "Grundforløb, ernæringsassistent (ikke afsluttet)",
        ["Hygiejnebevis", "Kold køkken", "Opvask og rengøring"],
        ["9412"],
        ["5120"],
        text="Vil gerne i et køkken med faste rammer. Har hjulpet til i en kantine i to år.",
    ),
    Profile(
        "Folkeskolens 9. klasse",
        ["Truckcertifikat A og B", "Plukning med håndscanner", "Varemodtagelse"],
        ["9333", "8344"],
        ["9321"],
        ["B", "truck"],
        "Mødestabil og vant til skiftehold. Ønsker fuld tid på et lager tæt på hjemmet.",
    ),
    Profile(
        "AMU: Rengøringsteknik",
        ["Rengøring efter standard", "Maskinel gulvvask", "Kemikaliekendskab"],
        ["9112"],
        ["9129"],
        text="Arbejder gerne selvstændigt og tidligt om morgenen.",
    ),
    Profile(
        "HG, handelsskolens grundforløb",
        ["Kundeservice", "Kasseekspedition", "Vareopfyldning"],
        ["5223", "9334"],
        ["5230"],
        text="Glad for kundekontakt. Har brug for oplæring i kassesystemer.",
    ),
    Profile(
        "Social- og sundhedshjælper",
        ["Personlig pleje", "Forflytning", "Dokumentation i omsorgssystem"],
        ["5322"],
        ["5329"],
        ["B"],
        "Vil tilbage til ældreplejen på deltid efter en længere pause.",
    ),
    Profile(
        "Tømrer, svendebrev fra 2004",
        ["Stilladskursus", "Sikkerhedskursus (AMU)", "Gipsvægge"],
        ["9313", "7115"],
        ["7115"],
        ["B", "BE"],
        "Erfaren håndværker, der har været væk fra faget og gerne vil i gang igen.",
    ),
    Profile(
        "Erhvervsuddannelse som chauffør (kørekort C)",
        ["Kørsel med varevogn", "Ruteplanlægning", "Varelevering"],
        ["8322", "9621"],
        ["8332"],
        ["B", "C"],
        "Kender området godt og kan starte tidligt.",
    ),
    Profile(
        "AMU: Grøn pleje og anlæg",
        ["Grøn pleje", "Småmaskiner", "Beskæring"],
        ["9214", "6113"],
        ["9211"],
        ["B"],
        "Trives udendørs og i et lille team.",
    ),
    Profile(
        "Kontoruddannelse (EUX), afbrudt",
        ["Office-pakken", "Telefonbetjening", "Fakturering"],
        ["4110", "4222"],
        ["4226"],
        text="Ønsker et kontorjob med faste opgaver, gerne deltid i starten.",
    ),
    Profile(
        "Uddannelse fra hjemlandet som maskintekniker (ikke anerkendt i Danmark)",
        ["Maskinpasning", "Kvalitetskontrol", "Svejsning (grundlæggende)"],
        ["9329", "8160"],
        ["7223"],
        ["B"],
        "Teknisk stærk; har brug for danskundervisning ved siden af jobbet.",
    ),
]
# Danish level with the languages a person at that level might also speak.
LANGUAGES = [
    (DanishLevel.NATIVE, ["Dansk", "Engelsk"]),
    (DanishLevel.NATIVE, ["Dansk"]),
    (DanishLevel.FLUENT, ["Dansk", "Polsk", "Engelsk"]),
    (DanishLevel.GOOD, ["Dansk", "Arabisk"]),
    (DanishLevel.BASIC, ["Tigrinya", "Arabisk", "Dansk"]),
    (DanishLevel.GOOD, ["Dansk", "Ukrainsk", "Russisk"]),
    (DanishLevel.BASIC, ["Somali", "Engelsk", "Dansk"]),
    (DanishLevel.NATIVE, ["Dansk", "Tysk"]),
]
HOURS = [Decimal(h) for h in (10, 15, 20, 25, 30, 37)]
TRAVEL_KM = [5, 10, 15, 25, 40]
SUB_GOALS = [
    "Møde stabilt i praktikken i fire uger",
    "Tage truckcertifikat",
    "Afklare helbredet med egen læge",
    "Søge fem stillinger om måneden",
    "Gennemføre danskuddannelse, modul 3",
    "Lave CV sammen med jobkonsulenten",
    "Prøve en dag med fuld arbejdstid",
]
SENSITIVE = [
    (SensitiveKind.HEALTH, "Oplyser ondt i ryggen; tåler ikke tunge løft over 10 kg."),
    (SensitiveKind.BARRIER, "Har svært ved at møde før kl. 9 på grund af søvnproblemer."),
    (SensitiveKind.OTHER, "Gæld til det offentlige; en aftale om afdrag er på plads."),
    (SensitiveKind.HEALTH, "Angst i store grupper; har det bedst med én fast kollega."),
]
CLOSING_REASONS = ["Ordinær beskæftigelse", "Påbegyndt uddannelse", "Flyttet fra kommunen"]

SEED_COUNT = 30


def fictional_name(rng: random.Random) -> tuple[str, str]:
    return (
        rng.choice(FIRST_NAMES),
        rng.choice(SURNAME_ROOTS) + rng.choice(SURNAME_ENDINGS),
    )


def _email(first: str, last: str, n: int) -> str:
    return f"{first}.{last}{n}@demo.example".lower().translate(ASCII)


def _phone(rng: random.Random) -> str:
    # Danish numbers never start with 0, so this one reaches nobody.
    pairs = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3))
    return f"+45 0{rng.randint(0, 9)} {pairs}"


def _places(jobcenter: Jobcenter) -> list[tuple[str, str]]:
    places = companies_demo.CITIES.get(jobcenter.slug)
    if places:
        return [(postcode, city) for postcode, city, _code in places]
    return [("4000", "Roskilde")]


def _consultants() -> list[Membership]:
    return list(
        Membership.objects.filter(role=Role.CONSULTANT, is_active=True)
        .select_related("user", "team")
        .order_by("user__email")
    )


def _unique_cpr(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = cpr.fictitious(rng)
        if number not in taken:
            taken.add(number)
            return number


def seed(jobcenter: Jobcenter) -> int:
    """Inside the jobcenter's scope: about 30 fictional candidates with profiles, assessments,
    consents, staircase plans, a few sensitive notes and a few closed candidates (one closed
    so long ago that the nightly retention anonymises it). Idempotent: skips when the
    jobcenter has demo candidates already."""
    if Candidate.objects.filter(is_demo=True).exists():
        return 0
    services.catalogues_ensure_defaults()
    rng = random.Random(f"jobbro-demo-candidates-{jobcenter.slug}")  # noqa: S311 - demo data
    today = timezone.localdate()
    target_groups = list(TargetGroup.objects.order_by("sort_order"))
    schemes = {s.name: s for s in AssessmentScheme.objects.all()}
    current, legacy = schemes["Jobparat / aktivitetsparat"], schemes["Matchgruppe 1–5"]
    steps = list(StaircaseStep.objects.filter(is_active=True).order_by("sort_order"))
    occupations = {o.code: o for o in Occupation.objects.all()}
    consultants = _consultants()
    companies = list(Company.objects.order_by("name")[:10])
    places = _places(jobcenter)
    taken: set[str] = set()
    created: list[Candidate] = []
    for i in range(SEED_COUNT):
        first, last = fictional_name(rng)
        profile = PROFILES[i % len(PROFILES)]
        danish, languages = LANGUAGES[i % len(LANGUAGES)]
        postcode, city = places[i % len(places)]
        member = consultants[i % len(consultants)] if consultants else None
        candidate = services.candidate_create(
            actor=member.user if member else None,
            cpr=_unique_cpr(rng, taken),
            first_name=first,
            last_name=last,
            email=_email(first, last, i),
            phone=_phone(rng),
            address=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
            postcode=postcode,
            city=city,
            case_reference=f"DEMO-{jobcenter.slug[:3].upper()}-{1001 + i}",
            consultant=member.user if member else None,
            team=member.team if member else None,
            target_group=target_groups[i % len(target_groups)],
            education=profile.education,
            danish_level=danish,
            driving_licences=profile.licences,
            hours_per_week=HOURS[i % len(HOURS)],
            max_travel_km=TRAVEL_KM[i % len(TRAVEL_KM)],
            languages=languages,
            competences=profile.competences,
            profile_text=profile.text,
        )
        created.append(candidate)
        actor = member.user if member else None
        services.candidate_set_occupations(
            actor=actor,
            candidate=candidate,
            wished=[occupations[c] for c in profile.wished if c in occupations],
            held=[occupations[c] for c in profile.held if c in occupations],
        )
        # Every third has a match-group assessment from before 2014 under the legacy scheme.
        if i % 3 == 0:
            services.assessment_record(
                actor=actor,
                candidate=candidate,
                scheme=legacy,
                value=legacy.values[i % len(legacy.values)],
                assessed_on=date(2010 + i % 4, 1 + i % 12, 10),
                note="Overført fra det tidligere fagsystem.",
            )
        for months_ago in [18, 3] if i % 2 else [6]:
            services.assessment_record(
                actor=actor,
                candidate=candidate,
                scheme=current,
                value=current.values[(i + months_ago) % 2],
                assessed_on=today - relativedelta(months=months_ago),
            )
        _consents(actor, candidate, i, today, companies)
        if i < 25 and steps:
            _staircase(actor, candidate, i, today, steps)
        if i % 8 == 3 and member is not None:
            kind, text = SENSITIVE[(i // 8) % len(SENSITIVE)]
            services.sensitive_note_add(
                actor=member.user, membership=member, candidate=candidate, kind=kind, text=text
            )
        _status(actor, candidate, i, today, jobcenter)
    # is_demo is not something a service sets: the demo marks its own rows.
    Candidate.objects.filter(pk__in=[c.pk for c in created]).update(is_demo=True)
    return len(created)


def _consents(
    actor: User | None, candidate: Candidate, i: int, today: date, companies: list[Company]
) -> None:
    if i % 4 == 0 and companies:
        consent = services.consent_record(
            actor=actor,
            candidate=candidate,
            company=companies[i % len(companies)],
            categories=[ConsentCategory.FULL_NAME, ConsentCategory.PROFILE],
            given_on=today - timedelta(days=40 + i),
            note="Givet ved samtale om praktik.",
        )
        if i == 8:
            services.consent_withdraw(
                actor=actor,
                consent=consent,
                withdrawn_on=today - timedelta(days=5),
            )
    if i % 5 == 0:
        services.consent_record(
            actor=actor,
            candidate=candidate,
            company=None,
            categories=[ConsentCategory.PROFILE, ConsentCategory.AVAILABILITY],
            given_on=today - timedelta(days=90 + i),
        )


def _staircase(
    actor: User | None, candidate: Candidate, i: int, today: date, steps: list[StaircaseStep]
) -> None:
    """Up the steps to step i mod 5 over the last months; one candidate takes a step back."""
    target = i % len(steps)
    started = today - timedelta(days=30 * (target + 2) + i)
    plan = services.staircase_move(
        actor=actor, candidate=candidate, to_step=steps[0], moved_on=started
    )
    for n in range(1, target + 1):
        plan = services.staircase_move(
            actor=actor,
            candidate=candidate,
            to_step=steps[n],
            moved_on=started + timedelta(days=30 * n),
            note="Aftalt på opfølgningssamtale.",
        )
    if i == 12 and target > 0:
        plan = services.staircase_move(
            actor=actor,
            candidate=candidate,
            to_step=steps[target - 1],
            moved_on=today - timedelta(days=7),
            note="Et skridt tilbage efter sygdom; prøver igen om en måned.",
        )
    # One goal overdue (for every other plan), one due soon, one achieved.
    for n, due in enumerate(
        [today - timedelta(days=10 + i), today + timedelta(days=14 + i), today - timedelta(days=40)]
    ):
        if n == 0 and i % 2:
            continue
        goal = services.sub_goal_add(
            actor=actor,
            plan=plan,
            text=SUB_GOALS[(i + n) % len(SUB_GOALS)],
            due_on=due,
        )
        if n == 2:
            services.sub_goal_set_status(
                actor=actor,
                goal=goal,
                status=SubGoalStatus.ACHIEVED,
            )


def _status(
    actor: User | None, candidate: Candidate, i: int, today: date, jobcenter: Jobcenter
) -> None:
    if i in (25, 26):
        services.candidate_set_status(
            actor=actor,
            candidate=candidate,
            status=CandidateStatus.PAUSED,
        )
    elif i in (27, 28):
        services.candidate_set_status(
            actor=actor,
            candidate=candidate,
            status=CandidateStatus.CLOSED,
            closed_on=today - timedelta(days=60 * (i - 25)),
            reason=CLOSING_REASONS[i - 27],
        )
    elif i == 29:
        # Past the retention deadline: the nightly task has something to do in the demo.
        services.candidate_set_status(
            actor=actor,
            candidate=candidate,
            status=CandidateStatus.CLOSED,
            closed_on=today - relativedelta(years=jobcenter.candidate_retention_years, months=3),
            reason=CLOSING_REASONS[2],
        )


# --- Load-test candidates (`seed_demo --candidates N`) ----------------------------------------

CANDIDATE_COLUMNS = [
    "id", "tenant_id", "public_id", "first_name", "last_name", "cpr_ciphertext", "cpr_digest",
    "email", "phone", "address", "postcode", "city", "case_reference", "consultant_id",
    "team_id", "status", "closed_on", "closed_reason", "target_group_id",
    "latest_assessment_id", "education", "danish_level", "driving_licences", "hours_per_week",
    "max_travel_km", "languages", "competences", "profile_text", "is_demo", "created_at",
    "updated_at",
]  # fmt: skip
ASSESSMENT_COLUMNS = [
    "id", "tenant_id", "public_id", "candidate_id", "scheme_id", "value", "assessed_on", "note",
    "recorded_by_id", "recorded_at",
]  # fmt: skip
OCCUPATION_COLUMNS = ["tenant_id", "candidate_id", "occupation_id", "kind"]


def _copy_value(value: object) -> str:
    """A value in COPY's text format (a list as an array literal)."""
    if value is None:
        return "\\N"
    if isinstance(value, list):
        value = (
            "{"
            + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value)
            + "}"
        )
    text = str(value)
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(raw, escaped)
    return text


def _reserve_ids(table: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _load(table: str, columns: list[str], lines: list[str]) -> str:
    """COPY the lines (text format) into a temporary table shaped like `table`; its name.
    PostgreSQL refuses COPY into a table with row-level security, so the rows reach the real
    table through INSERT … SELECT, where the policy checks every row's jobcenter as usual."""
    names = ", ".join(columns)
    temporary = f"load_{table}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "  # noqa: S608 - our names
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {temporary} ({names}) FROM STDIN") as copy:
            for start in range(0, len(lines), 10_000):
                copy.write("".join(lines[start : start + 10_000]))
    return temporary


def generate(jobcenter: Jobcenter, count: int) -> int:
    """`count` more fictional candidates for load tests, inside the current jobcenter scope:
    profiles, a current assessment each (every fifth also a legacy one), an occupation or two,
    a mix of statuses (some closed long enough ago for retention). The CPR numbers are
    fictitious, encrypted here as the services would, and never repeat one the jobcenter has.

    Built for speed (200,000 in about a minute): ids reserved up front, rows written as COPY
    text and moved in with one INSERT per table. Generated rows get no write history (nobody
    wrote them), and the text is assembled without escaping except for the catalogue texts
    below, since every other value is made here from plain names and digits."""
    if count <= 0:
        return 0
    services.catalogues_ensure_defaults()
    tenant_id = jobcenter.pk
    existing = Candidate.objects.count()
    rng = random.Random(f"jobbro-load-{jobcenter.slug}-{existing}")  # noqa: S311 - demo data
    now = timezone.now().isoformat()
    today = timezone.localdate()
    target_groups = list(TargetGroup.objects.values_list("pk", flat=True))
    schemes = {s.name: s for s in AssessmentScheme.objects.all()}
    current, legacy = schemes["Jobparat / aktivitetsparat"], schemes["Matchgruppe 1–5"]
    occupations = dict(Occupation.objects.values_list("code", "pk"))
    consultants = [(_copy_value(m.user_id), _copy_value(m.team_id)) for m in _consultants()] or [
        (_copy_value(None), _copy_value(None))
    ]
    places = _places(jobcenter)
    taken = set(Candidate.objects.exclude(cpr_digest="").values_list("cpr_digest", flat=True))
    oldest_closing = 365 * (jobcenter.candidate_retention_years + 3)
    profiles = [
        (
            _copy_value(p.education),
            _copy_value(p.licences),
            _copy_value(p.competences),
            _copy_value(p.text),
            [occupations[c] for c in p.wished[:1] if c in occupations],
            [occupations[c] for c in p.held[:1] if c in occupations],
        )
        for p in PROFILES
    ]
    languages = [(danish, _copy_value(spoken)) for danish, spoken in LANGUAGES]
    null = _copy_value(None)

    candidate_ids = _reserve_ids("candidates_candidate", count)
    latest_ids = _reserve_ids("candidates_assessment", count)
    legacy_ids = iter(_reserve_ids("candidates_assessment", (count + 4) // 5))
    candidates: list[str] = []
    assessments: list[str] = []
    occupation_rows: list[str] = []
    for n, (candidate_id, assessment_id) in enumerate(zip(candidate_ids, latest_ids, strict=True)):
        while True:
            number = cpr.fictitious(rng)
            digest = cpr.digest(number, tenant_id=tenant_id)
            if digest not in taken:
                taken.add(digest)
                break
        first, last = fictional_name(rng)
        education, licences, competences, text, wished, held = rng.choice(profiles)
        danish, spoken = rng.choice(languages)
        postcode, city = rng.choice(places)
        consultant_id, team_id = rng.choice(consultants)
        roll = rng.random()
        status, closed_on, reason = CandidateStatus.ACTIVE.value, null, ""
        if roll < 0.07:
            status = CandidateStatus.PAUSED.value
        elif roll < 0.15:
            status = CandidateStatus.CLOSED.value
            closed_on = (today - timedelta(days=rng.randint(1, oldest_closing))).isoformat()
            reason = rng.choice(CLOSING_REASONS)
        candidates.append(
            f"{candidate_id}\t{tenant_id}\t{uuid.uuid4()}\t{first}\t{last}\t"
            f"{cpr.encrypt(number, tenant_id=tenant_id)}\t{digest}\t"
            f"{_email(first, last, candidate_id)}\t{_phone(rng)}\t"
            f"{rng.choice(STREETS)} {rng.randint(1, 200)}\t{postcode}\t{city}\t"
            f"DEMO-{candidate_id:07d}\t{consultant_id}\t{team_id}\t{status}\t{closed_on}\t"
            f"{reason}\t{rng.choice(target_groups)}\t{assessment_id}\t{education}\t{danish}\t"
            f"{licences}\t{rng.choice(HOURS)}\t{rng.choice(TRAVEL_KM)}\t{spoken}\t"
            f"{competences}\t{text}\tt\t{now}\t{now}\n"
        )
        assessed_on = today - timedelta(days=rng.randint(0, 730))
        assessments.append(
            f"{assessment_id}\t{tenant_id}\t{uuid.uuid4()}\t{candidate_id}\t{current.pk}\t"
            f"{rng.choice(current.values)}\t{assessed_on}\t\t{consultant_id}\t{now}\n"
        )
        if n % 5 == 0:
            assessed_on = date(rng.randint(2008, 2013), rng.randint(1, 12), 15)
            assessments.append(
                f"{next(legacy_ids)}\t{tenant_id}\t{uuid.uuid4()}\t{candidate_id}\t"
                f"{legacy.pk}\t{rng.choice(legacy.values)}\t{assessed_on}\t\t"
                f"{consultant_id}\t{now}\n"
            )
        for occupation_id in wished:
            occupation_rows.append(f"{tenant_id}\t{candidate_id}\t{occupation_id}\twished\n")
        for occupation_id in held if n % 3 == 0 else []:
            occupation_rows.append(f"{tenant_id}\t{candidate_id}\t{occupation_id}\theld\n")

    loaded = {
        table: (columns, _load(table, columns, lines))
        for table, columns, lines in (
            ("candidates_candidate", CANDIDATE_COLUMNS, candidates),
            ("candidates_assessment", ASSESSMENT_COLUMNS, assessments),
            ("candidates_candidateoccupation", OCCUPATION_COLUMNS, occupation_rows),
        )
    }
    inserts = {
        table: f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - our names
        f"SELECT {', '.join(columns)} FROM {temporary}"
        for table, (columns, temporary) in loaded.items()
    }
    with connection.cursor() as cursor:
        # Candidates and their latest assessments point to each other, so they go in with one
        # statement, and the foreign keys are checked at its end. Checked at commit instead
        # (Django's deferred default), hundreds of thousands of pending checks make every
        # row trigger slower than the last: minutes instead of seconds.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pgtrigger.ignore("candidates.Candidate:insert_insert"):
            cursor.execute(
                f"WITH candidates AS ({inserts['candidates_candidate']} RETURNING id) "
                + inserts["candidates_assessment"]
            )
        cursor.execute(inserts["candidates_candidateoccupation"])
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _columns, temporary in loaded.values():
            cursor.execute(f"DROP TABLE {temporary}")
        cursor.execute(
            "ANALYZE candidates_candidate, candidates_assessment, candidates_candidateoccupation"
        )
    return count
