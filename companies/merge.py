"""Duplicates: companies that are likely the same one, and merging two.

Two companies cannot share a CVR number (a unique constraint), nor two workplaces a P-number,
so duplicates hide behind different numbers under the same or nearly the same name. Each name
gets a key in SQL (GROUPS_SQL): "Møllers Transport ApS" and "Moeller Transport" share one.
Companies that share a key are suggested, with the reason: the same name or nearly, at the
same address, the same postcode or elsewhere. One pass over the jobcenter's companies and a
hash aggregate, with no pair-by-pair comparison, so it stays fast on 100,000 companies: a
trigram join of every company against every other needs one probe of the trigram index per
company, and on 100,000 similar names each probe returns thousands.
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

MAX_SUGGESTIONS = 100
MAX_GROUPS = 300
# Of a large group (a chain's many shops under one name), the first few are enough to show.
GROUP_MEMBERS = 8

# The companies that share a name key, a group each. The key: the name in lower case, æ/ø/å
# and ae/oe/aa folded alike, a legal form at the end cut off, a possessive "s" at the end of a
# word left out, spaces and punctuation removed. Plain replace() and right() only: a regular
# expression or translate() per name cost 3-6 µs more each, a second or more on 100,000.
GROUPS_SQL = """
SELECT array_agg(id) AS ids
FROM (
  SELECT id, replace(replace(replace(replace(replace(replace(replace(
    CASE
      WHEN right(f, 4) IN (' aps', ' a/s', ' i/s', ' ivs', ' k/s', ' p/s') THEN left(f, -4)
      WHEN right(f, 5) IN (' amba', ' smba') THEN left(f, -5)
      WHEN right(f, 9) = ' a.m.b.a.' THEN left(f, -9)
      ELSE f
    END || ' ', 's ', ' '), ' ', ''), '.', ''), ',', ''), '-', ''), '/', ''), '&', '') AS key
  FROM (
    SELECT id, replace(replace(replace(replace(replace(replace(replace(
      trim(lower(name)), 'æ', 'a'), 'ø', 'o'), 'å', 'a'), 'aa', 'a'), 'ae', 'a'), 'oe', 'o'),
      'é', 'e') AS f
    FROM companies_company
    WHERE tenant_id = %(tenant)s
    OFFSET 0
  ) AS folded
) AS keyed
GROUP BY key
HAVING count(*) > 1 AND key <> ''
ORDER BY count(*), min(id)
LIMIT %(groups)s
"""


@dataclass(frozen=True)
class DuplicatePair:
    first: Company
    second: Company
    same_name: bool
    place: str  # "address", "postcode" or "" (elsewhere)

    @property
    def reason(self) -> str:
        name = _("Samme navn") if self.same_name else _("Næsten samme navn")
        if self.place == "address":
            return _("%(name)s og samme adresse") % {"name": name}
        if self.place == "postcode":
            return _("%(name)s og samme postnummer") % {"name": name}
        return _("%(name)s, andet postnummer") % {"name": name}

    @property
    def strength(self) -> int:
        """Most likely first: the same address, then the same postcode, then the name."""
        return {"address": 0, "postcode": 2, "": 4}[self.place] + (0 if self.same_name else 1)


def _plain_name(company: Company) -> str:
    return " ".join(company.name.casefold().split())


def _pair(a: Company, b: Company) -> DuplicatePair:
    first, second = (a, b) if a.pk < b.pk else (b, a)
    place = ""
    if a.postcode and a.postcode == b.postcode:
        same_address = a.address.strip() and a.address.casefold() == b.address.casefold()
        place = "address" if same_address else "postcode"
    return DuplicatePair(first, second, _plain_name(a) == _plain_name(b), place)


def duplicate_suggestions(limit: int = MAX_SUGGESTIONS) -> list[DuplicatePair]:
    """Likely duplicate pairs in the current jobcenter, the most likely first."""
    with connection.cursor() as cursor:
        cursor.execute(GROUPS_SQL, {"tenant": current_tenant_id(), "groups": MAX_GROUPS})
        groups = [sorted(ids)[:GROUP_MEMBERS] for (ids,) in cursor.fetchall()]
    companies = Company.objects.in_bulk({pk for ids in groups for pk in ids})
    pairs = [
        _pair(companies[a], companies[b])
        for ids in groups
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if a in companies and b in companies
    ]
    pairs.sort(key=lambda p: (p.strength, _plain_name(p.first), p.first.pk, p.second.pk))
    return pairs[:limit]


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
