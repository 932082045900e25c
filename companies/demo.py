"""Demo companies for `seed_demo`: the organisations DOMAIN.md names in their seed roles, plus
generated local companies with valid CVR check digits. People and activity are fictional."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from accounts.models import Jobcenter, Membership, Role, User
from candidates.models import Occupation
from companies import services
from companies.models import (
    ActivityType,
    Company,
    CompanyKind,
    ContactRole,
    OpeningSource,
    OpeningStatus,
    Sector,
)

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)

# Organisations from DOMAIN.md section 6 (their CVR numbers here are generated, not real).
NAMED = [
    ("DISCUS A/S", "471100", "Detailhandel", 120, Sector.PRIVATE),
    ("Salling Group A/S", "471100", "Supermarkeder", 900, Sector.PRIVATE),
    ("Danske Malermestre", "941100", "Arbejdsgiverorganisation", 40, Sector.OTHER),
    ("Pensam", "653000", "Pensionskasse", 150, Sector.PRIVATE),
    ("VUC Storstrøm", "853100", "Uddannelse", 200, Sector.PUBLIC),
    ("Jobservice Danmark", "783000", "Rekruttering", 60, Sector.PRIVATE),
    ("Phønix Tag Materialer A/S", "232000", "Tagmaterialer", 180, Sector.PRIVATE),
    ("Vejle Boldklub", "931200", "Sportsklub", 45, Sector.OTHER),
    ("FC Fredericia", "931200", "Sportsklub", 35, Sector.OTHER),
    ("Randers FC", "931200", "Sportsklub", 50, Sector.OTHER),
]
# The organisations that are third parties to agreements rather than employers (the
# partnerships demo names them on an agreement); every other company is an employer.
KINDS = {
    "Danske Malermestre": CompanyKind.BUSINESS_ORGANISATION,
    "VUC Storstrøm": CompanyKind.EDUCATION,
}

GENERATED_KINDS = [
    ("Tømrer", "433200", "Tømrer- og bygningssnedkervirksomhed"),
    ("Kantine", "562900", "Kantiner"),
    ("Transport", "494100", "Vejgodstransport"),
    ("Rengøring", "812100", "Rengøring"),
    ("Maskinfabrik", "282900", "Maskinfremstilling"),
    ("Plejecenter", "873000", "Plejehjem"),
    ("Bageri", "107100", "Bagerier"),
    ("Lager & Logistik", "521000", "Oplagring"),
]
SURNAMES = ["Søndergaard", "Østergård", "Møller", "Nørgaard", "Kjær", "Bækgaard", "Holm", "Lund"]
FIRST_NAMES = ["Lene", "Peter", "Mette", "Søren", "Hanne", "Jens", "Pia", "Ole", "Rikke", "Kim"]
CITIES = {
    "roskilde": [
        ("4000", "Roskilde", "265"),
        ("4040", "Jyllinge", "265"),
        ("4130", "Viby Sj.", "265"),
    ],
    "aalborg": [
        ("9000", "Aalborg", "851"),
        ("9200", "Aalborg SV", "851"),
        ("9400", "Nørresundby", "851"),
    ],
}
STREETS = ["Industrivej", "Hovedgaden", "Stationsvej"]
# Title, hours a week and DISCO-08 occupation (candidates/data/disco08.csv), so matching has
# occupations to compare.
OPENINGS = [
    ("Kantinehjælp", 10, "9412"),
    ("Lagermedarbejder", 25, "9333"),
    ("Rengøringsassistent", 15, "9112"),
]


def valid_cvr(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        check = (11 - sum(d * w for d, w in zip(digits, CVR_WEIGHTS, strict=True)) % 11) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def _staff(role: str) -> list[User]:
    ids = Membership.objects.filter(role=role, is_active=True).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("email"))


def seed(jobcenter: Jobcenter) -> int:
    """Inside the jobcenter's scope: the named organisations plus 20 local companies, with
    contacts, a contact history and some openings. Idempotent: skips when companies exist."""
    if Company.objects.exists():
        return 0
    rng = random.Random(f"jobbro-demo-{jobcenter.slug}")  # noqa: S311 - demo data
    consultants = _staff(Role.CONSULTANT)
    managers = _staff(Role.MANAGER)
    purposes = services.purposes_ensure_defaults()
    places = CITIES.get(jobcenter.slug, [("4000", "Roskilde", jobcenter.municipality_code)])
    now = timezone.now()
    rows = [(n, code, text, count, sector) for n, code, text, count, sector in NAMED]
    for i in range(20):
        kind, code, text = GENERATED_KINDS[i % len(GENERATED_KINDS)]
        rows.append(
            (
                f"{SURNAMES[i % len(SURNAMES)]}s {kind}",
                code,
                text,
                rng.randint(3, 300),
                Sector.PRIVATE,
            )
        )
    created = 0
    for index, (name, code, text, count, sector) in enumerate(rows):
        postcode, city, municipality = places[index % len(places)]
        # Every fifth company has no key account yet: the manager's list is not empty.
        owner = None if index % 5 == 4 or not consultants else consultants[index % len(consultants)]
        company = services.company_create(
            actor=None,
            cvr=valid_cvr(rng),
            name=name,
            legal_form="A/S" if name.endswith("A/S") else "ApS",
            industry_code=code,
            industry_text=text,
            employee_count=count,
            sector=sector,
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            postcode=postcode,
            city=city,
            municipality_code=municipality,
            priority=rng.randint(1, 4),
            key_account=owner,
            kind=KINDS.get(name, CompanyKind.EMPLOYER),
        )
        created += 1
        services.workplace_create(
            actor=None,
            company=company,
            name=f"{name} – {city}",
            p_number=str(1000000000 + rng.randint(0, 899999999)),
            postcode=postcode,
            city=city,
            municipality_code=municipality,
        )
        contact = services.contact_create(
            actor=None,
            company=company,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            title="HR-ansvarlig",
            role=ContactRole.HR,
            email=f"hr{index}@{jobcenter.slug}-virksomhed.example",
            phone=f"+45 {rng.randint(20000000, 99999999)}",
        )
        people = consultants + managers
        for step in range(rng.randint(1, 4)):
            who = people[(index + step) % len(people)] if people else None
            if who is None:
                break
            services.activity_create(
                actor=who,
                company=company,
                type=rng.choice([ActivityType.VISIT, ActivityType.PHONE, ActivityType.EMAIL]),
                purpose=purposes[(index + step) % len(purposes)],
                occurred_at=now - timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 8)),
                contacts=[contact],
                summary="Drøftede virksomhedens behov for arbejdskraft og mulige praktikforløb.",
                outcome="Virksomheden er interesseret.",
                next_step="Send forslag til praktik" if step == 0 and index % 3 == 0 else "",
                next_step_due=(
                    timezone.localdate() + timedelta(days=rng.randint(-5, 10))
                    if step == 0 and index % 3 == 0
                    else None
                ),
                # The key account follows up, so every consultant has tasks on Min dag.
                next_step_owner=owner if step == 0 and index % 3 == 0 else None,
            )
        if index % 4 == 0:
            title, hours, code = OPENINGS[index % len(OPENINGS)]
            opening = services.job_opening_create(
                actor=None,
                company=company,
                title=title,
                hours_per_week=hours,
                occupation_code=Occupation.objects.filter(code=code).first(),
                positions=rng.randint(1, 3),
                source=OpeningSource.COMPANY,
                requirements="Opgaver frem for stillinger: fleksible timer, oplæring på stedet.",
            )
            if index % 8 == 0:
                services.job_opening_set_status(
                    actor=None, opening=opening, status=OpeningStatus.IN_PROGRESS
                )
            else:
                # Reported a week ago and not taken up: on the manager's list.
                type(opening).objects.filter(pk=opening.pk).update(
                    reported_at=now - timedelta(days=7)
                )
    return created


def generate(jobcenter: Jobcenter, companies: int, activities_per_company: int = 0) -> None:
    """Many companies (and activities) for load tests, generated in SQL inside the current
    jobcenter scope: `seed_demo --companies 100000 --activities 10`."""
    consultant = _staff(Role.CONSULTANT)[:1] or _staff(Role.ADMIN)[:1]
    purpose = services.purposes_ensure_defaults()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH new AS (
                INSERT INTO companies_company (
                    tenant_id, public_id, cvr, name, legal_form, industry_code, industry_text,
                    employee_count, size_band, sector, address, postcode, city,
                    municipality_code, status, priority, key_account_id, tags, notes,
                    created_at, updated_at
                )
                SELECT %(tenant)s, gen_random_uuid(), '',
                       'Genereret ' || (ARRAY['Tømrer','Kantine','Transport','Rengøring',
                       'Bageri','Søndergård','Østergaard','Lager'])[1 + i %% 8] || ' ' || i
                       || ' ApS', 'ApS', '433200', 'Genereret', i %% 300, '', 'private',
                       'Vej ' || i, '4000', 'Roskilde', %(municipality)s, 'active', 1 + i %% 4,
                       %(owner)s, '{}', '', now(), now()
                FROM generate_series(1, %(n)s) AS i
                RETURNING id
            )
            INSERT INTO companies_activity (
                tenant_id, public_id, company_id, type, occurred_at, is_planned,
                consultant_id, purpose_id, purpose_text, summary, outcome, next_step, created_at
            )
            SELECT %(tenant)s, gen_random_uuid(), new.id, 'phone',
                   now() - (g * interval '3 days'), false, %(owner)s, %(purpose)s, '',
                   'Genereret kontakt', '', '', now()
            FROM new, generate_series(1, %(per)s) AS g
            """,
            {
                "tenant": jobcenter.pk,
                "municipality": jobcenter.municipality_code,
                "owner": consultant[0].pk if consultant else None,
                "purpose": purpose.pk,
                "n": companies,
                "per": activities_per_company if consultant else 0,
            },
        )
