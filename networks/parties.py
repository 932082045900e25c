"""Who holds a role in a network: a tovholder, a convener, an owner of an action item, the
presenter of an agenda item. In a network that may be a person or an organisation, and often
the jobcenter itself ("Jobcenter Roskilde varetager den videre koordinator- og
tovholderfunktion", 000:L269; DOMAIN.md trap 13: person-only owners).

A model stores a party in four columns with a common prefix: `<prefix>_user` (a member of the
jobcenter's staff), `<prefix>_contact` (a contact person in the company register),
`<prefix>_organisation` (a company or other organisation in the register) and
`<prefix>_is_jobcenter`. Agenda items add `presenter_name` for a guest not in the register.
The database checks that at most one of them is set (exactly one where a party is required);
`Party` is the value the services take and the selectors give back.

Forms name a party by a key: `user:<public id>`, `contact:<public id>`, `org:<public id>` or
`jobcenter`; `party_from_key()` finds it in the current jobcenter (an unknown or foreign one
is refused like a missing one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, IntegerField, Q, Value
from django.db.models.functions import NullIf
from django.db.models.lookups import Exact, LessThanOrEqual
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from companies.models import Company, ContactPerson


@dataclass(frozen=True)
class Party:
    user: User | None = None
    contact: ContactPerson | None = None
    organisation: Company | None = None
    jobcenter: bool = False
    name: str = ""  # a guest not in the register (presenters only)

    def __post_init__(self) -> None:
        chosen = sum(
            1 for v in (self.user, self.contact, self.organisation, self.jobcenter, self.name) if v
        )
        if chosen > 1:
            raise ValueError("A party is one person or one organisation.")

    @property
    def is_empty(self) -> bool:
        return not (self.user or self.contact or self.organisation or self.jobcenter or self.name)

    @property
    def is_organisation(self) -> bool:
        """An organisation (a company, another organisation, the jobcenter) rather than a
        person: reminders then go to a person who answers for it."""
        return bool(self.organisation or self.jobcenter)

    def label(self, jobcenter_name: str = "") -> str:
        """In Danish, for a page or the minutes: "Karen Konsulent", "Lene Holm, DISCUS A/S",
        "Jobcenter Roskilde"."""
        if self.user is not None:
            return self.user.name or self.user.email
        if self.contact is not None:
            company = self.contact.company.name if self.contact.company_id else ""
            return f"{self.contact.name}, {company}" if company else self.contact.name
        if self.organisation is not None:
            return self.organisation.name
        if self.jobcenter:
            return jobcenter_name or _("Jobcentret")
        return self.name

    @property
    def key(self) -> str:
        if self.user is not None:
            return f"user:{self.user.public_id}"
        if self.contact is not None:
            return f"contact:{self.contact.public_id}"
        if self.organisation is not None:
            return f"org:{self.organisation.public_id}"
        if self.jobcenter:
            return "jobcenter"
        return ""

    def __str__(self) -> str:
        return self.label()


NOBODY = Party()
JOBCENTER = Party(jobcenter=True)


def party_fields(verbose_name: str) -> tuple[models.ForeignKey[Any, Any], ...]:
    """The three foreign keys of a party, for `<prefix>_user, <prefix>_contact,
    <prefix>_organisation = party_fields(...)` (the fourth column, `<prefix>_is_jobcenter`, is
    a boolean the model declares itself). Related names are hidden: a contact person does not
    need to know every agenda item they spoke at."""
    return (
        models.ForeignKey(
            "accounts.User",
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name="+",
            verbose_name=verbose_name,
        ),
        models.ForeignKey(
            ContactPerson,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name="+",
            verbose_name=verbose_name,
        ),
        models.ForeignKey(
            Company,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name="+",
            verbose_name=verbose_name,
        ),
    )


def _chosen(prefix: str, *, with_name: bool = False) -> Func:
    columns: list[Any] = [
        f"{prefix}_user",
        f"{prefix}_contact",
        f"{prefix}_organisation",
        NullIf(f"{prefix}_is_jobcenter", Value(False)),
    ]
    if with_name:
        columns.append(NullIf(f"{prefix}_name", Value("")))
    return Func(*columns, function="num_nonnulls", output_field=IntegerField())


def party_check(prefix: str, *, name: str, required: bool, with_name: bool = False) -> Any:
    """A CheckConstraint: at most one (or exactly one, when required) way of naming the party."""
    chosen = _chosen(prefix, with_name=with_name)
    condition = Exact(chosen, 1) if required else LessThanOrEqual(chosen, 1)
    return models.CheckConstraint(condition=condition, name=name)


def read(obj: Any, prefix: str) -> Party:
    """The party an object holds under `prefix` (its related rows should be select_related)."""
    return Party(
        user=getattr(obj, f"{prefix}_user") if getattr(obj, f"{prefix}_user_id") else None,
        contact=getattr(obj, f"{prefix}_contact") if getattr(obj, f"{prefix}_contact_id") else None,
        organisation=(
            getattr(obj, f"{prefix}_organisation")
            if getattr(obj, f"{prefix}_organisation_id")
            else None
        ),
        jobcenter=bool(getattr(obj, f"{prefix}_is_jobcenter")),
        name=getattr(obj, f"{prefix}_name", "") or "",
    )


def assign(obj: Any, prefix: str, party: Party | None) -> None:
    """Put a party on an object (None or an empty party clears it)."""
    party = party or NOBODY
    setattr(obj, f"{prefix}_user", party.user)
    setattr(obj, f"{prefix}_contact", party.contact)
    setattr(obj, f"{prefix}_organisation", party.organisation)
    setattr(obj, f"{prefix}_is_jobcenter", party.jobcenter)
    if hasattr(obj, f"{prefix}_name"):
        setattr(obj, f"{prefix}_name", party.name.strip())
    elif party.name:
        raise ValidationError(
            {prefix: _("Vælg en person eller en organisation fra registret.")}, code="unknown"
        )


def select_related(prefix: str) -> list[str]:
    """The joins that `read()` and `Party.label()` need."""
    return [
        f"{prefix}_user",
        f"{prefix}_contact",
        f"{prefix}_contact__company",
        f"{prefix}_organisation",
    ]


def check_in_jobcenter(party: Party | None, *, field: str) -> None:
    """Refuse staff who are not (or no longer) members of the current jobcenter, and contact
    persons who are no longer active, with a message on the form's field."""
    if party is None:
        return
    if (
        party.user is not None
        and not Membership.objects.filter(user=party.user, is_active=True).exists()
    ):
        raise ValidationError(
            {field: _("%(name)s er ikke medarbejder i jobcentret.") % {"name": party.label()}},
            code="not_staff",
        )
    if party.contact is not None and not party.contact.is_active:
        raise ValidationError(
            {field: _("%(name)s er ikke længere aktiv kontaktperson.") % {"name": party.label()}},
            code="inactive_contact",
        )


def party_from_key(key: str, *, field: str = "party") -> Party:
    """The party a form's key names, found in the current jobcenter ("" is nobody)."""
    key = (key or "").strip()
    if not key:
        return NOBODY
    if key == "jobcenter":
        return JOBCENTER
    kind, _sep, raw = key.partition(":")
    try:
        public_id = UUID(raw)
    except ValueError:
        public_id = None
    found: Any = None
    if public_id is not None:
        if kind == "user":
            found = User.objects.filter(
                Q(public_id=public_id),
                pk__in=Membership.objects.filter(is_active=True).values("user_id"),
            ).first()
            return Party(user=found) if found else _unknown(field)
        if kind == "contact":
            found = ContactPerson.objects.select_related("company").filter(public_id=public_id)
            contact = found.first()
            return Party(contact=contact) if contact else _unknown(field)
        if kind == "org":
            company = Company.objects.filter(public_id=public_id).first()
            return Party(organisation=company) if company else _unknown(field)
    return _unknown(field)


def _unknown(field: str) -> Party:
    raise ValidationError(
        {field: _("Personen eller organisationen findes ikke i jobcentret.")}, code="unknown"
    )
