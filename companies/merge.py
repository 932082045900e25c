"""Duplicates (issue 4, item 7): companies that are likely the same one, and merging two.

Two companies cannot share a CVR number (a unique constraint), nor two workplaces a P-number,
so the suggestions are companies with very similar names (pg_trgm on `search_document`, with
the digits of the CVR number left out) at the same postcode or the same address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.tenancy import current_tenant_id
from companies.models import (
    Activity,
    Company,
    CompanyFollower,
    CompanyMerge,
    ContactPerson,
    JobOpening,
    KeyAccountHandover,
    Workplace,
)

SIMILARITY = 0.6
MAX_SUGGESTIONS = 100

SUGGESTIONS_SQL = """
SELECT a.id, b.id, similarity(
    regexp_replace(a.search_document, '[0-9]', '', 'g'),
    regexp_replace(b.search_document, '[0-9]', '', 'g')
) AS score
FROM companies_company AS a
JOIN companies_company AS b
  ON b.tenant_id = a.tenant_id AND b.id > a.id AND b.search_document %% a.search_document
WHERE a.tenant_id = %(tenant)s
  AND ((a.postcode <> '' AND a.postcode = b.postcode)
       OR (a.address <> '' AND lower(a.address) = lower(b.address)))
  AND similarity(
    regexp_replace(a.search_document, '[0-9]', '', 'g'),
    regexp_replace(b.search_document, '[0-9]', '', 'g')
  ) >= %(threshold)s
ORDER BY score DESC, a.id, b.id
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class DuplicatePair:
    first: Company
    second: Company
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def duplicate_suggestions(limit: int = MAX_SUGGESTIONS) -> list[DuplicatePair]:
    """Likely duplicate pairs in the current jobcenter, most similar first."""
    with transaction.atomic(), connection.cursor() as cursor:
        # The % operator prefilters through the trigram index, at a loose threshold; the exact
        # score (without the CVR digits) decides.
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = 0.4")
        cursor.execute(
            SUGGESTIONS_SQL,
            {"tenant": current_tenant_id(), "threshold": SIMILARITY, "limit": limit},
        )
        rows = cursor.fetchall()
    ids = {pk for a, b, _score in rows for pk in (a, b)}
    companies = Company.objects.in_bulk(ids)
    return [
        DuplicatePair(companies[a], companies[b], float(score))
        for a, b, score in rows
        if a in companies and b in companies
    ]


FILLABLE = [
    "cvr",
    "legal_form",
    "industry_code",
    "industry_text",
    "employee_count",
    "size_band",
    "address",
    "postcode",
    "city",
    "municipality_code",
    "priority",
    "key_account",
    "key_account_deputy",
    "deputy_until",
    "notes",
]


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


# Rows of other apps that name a company once per something: the other's row goes where the
# survivor already has one (an agreement that had both companies as parties keeps one).
ONCE_PER = {"partnerships.AgreementParty": "agreement"}


def _move_references(survivor: Company, other: Company) -> dict[str, int]:
    """Point every row of the other apps that refers to `other` (placements, consents,
    presentations, agreements and their parties, virksomhedscentre, jobpakker, employer
    users) at the survivor. Found from the model graph, so a new relation cannot be forgotten;
    history rows (pghistory events, DO_NOTHING) keep what was true when they were written."""
    moved = {}
    for relation in Company._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        model = relation.related_model
        if model._meta.app_label == "companies" or relation.on_delete is models.DO_NOTHING:
            continue
        field = relation.field.name
        rows = model._base_manager.filter(**{field: other})
        once_per = ONCE_PER.get(model._meta.label)
        if once_per:
            taken = model._base_manager.filter(**{field: survivor}).values(once_per)
            rows.filter(**{f"{once_per}__in": taken}).delete()
        moved[model._meta.label_lower.replace(".", "_")] = rows.update(**{field: survivor})
    return moved


@transaction.atomic
def company_merge(*, actor: User | None, survivor: Company, other: Company) -> CompanyMerge:
    """Move everything of `other` to `survivor`, fill the survivor's empty fields from it,
    delete it, and log the merge. One transaction."""
    if survivor.pk == other.pk:
        raise ValidationError(_("En virksomhed kan ikke lægges sammen med sig selv."))
    # Lock both, in a fixed order, so two merges of the same pair cannot interleave.
    pair = Company.objects.select_for_update().filter(pk__in=[survivor.pk, other.pk])
    locked = {c.pk: c for c in pair.order_by("pk")}
    if len(locked) != 2:
        raise ValidationError(_("Virksomheden findes ikke længere."))
    survivor, other = locked[survivor.pk], locked[other.pk]

    moved = {
        "contacts": ContactPerson.objects.filter(company=other).update(company=survivor),
        "workplaces": Workplace.objects.filter(company=other).update(company=survivor),
        "activities": Activity.objects.filter(company=other).update(company=survivor),
        "openings": JobOpening.objects.filter(company=other).update(company=survivor),
        "handovers": KeyAccountHandover.objects.filter(company=other).update(company=survivor),
    }
    already = CompanyFollower.objects.filter(company=survivor).values("user_id")
    CompanyFollower.objects.filter(company=other, user_id__in=already).delete()
    moved["followers"] = CompanyFollower.objects.filter(company=other).update(company=survivor)

    moved.update(_move_references(survivor, other))

    filled = []
    for name in FILLABLE:
        attname = survivor._meta.get_field(name).attname
        if _is_empty(getattr(survivor, attname)) and not _is_empty(getattr(other, attname)):
            setattr(survivor, attname, getattr(other, attname))
            filled.append(name)
    survivor.tags = sorted(set(survivor.tags) | set(other.tags))
    log = CompanyMerge(
        survivor=survivor,
        merged_public_id=other.public_id,
        merged_name=other.name,
        merged_cvr=other.cvr,
        moved={**moved, "filled": filled},
        by=actor,
    )
    other.delete()  # first: the survivor may take over its CVR number
    survivor.save()
    log.save()
    return log
