"""Writes for role models (000:L146, L160-163): people a network can invite to tell their
story. A candidate becomes one only with consent; a person from a company's staff needs none
beyond their own yes."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate, CandidateStatus, Consent, ConsentCategory
from companies.models import ContactPerson
from networks.models import Meeting, RoleModel, RoleModelAppearance
from networks.services.networks import clean_text


def role_model_consent(candidate: Candidate, on: date | None = None) -> Consent | None:
    """The consent that lets a candidate appear as a role model: given to employers in
    general (a network's audience is many companies, not one) and covering the full name,
    in force on the day."""
    on = on or timezone.localdate()
    return (
        Consent.objects.filter(
            candidate=candidate,
            company__isnull=True,
            categories__contains=[ConsentCategory.FULL_NAME],
            given_on__lte=on,
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .order_by("-given_on", "-pk")
        .first()
    )


@transaction.atomic
def role_model_create(
    *,
    actor: User | None,
    theme: str,
    candidate: Candidate | None = None,
    contact: ContactPerson | None = None,
    note: str = "",
) -> RoleModel:
    """A candidate (only with consent) or a person from a company's staff as a role model."""
    if (candidate is None) == (contact is None):
        raise ValidationError(
            {"candidate": _("Vælg enten en kandidat eller en medarbejder i en virksomhed.")}
        )
    role_model = RoleModel(theme=clean_text(theme), note=clean_text(note), created_by=actor)
    if not role_model.theme:
        raise ValidationError({"theme": _("Skriv, hvad rollemodellen fortæller om.")})
    if candidate is not None:
        if candidate.is_anonymised or candidate.status == CandidateStatus.CLOSED:
            raise ValidationError({"candidate": _("Kandidaten er afsluttet.")})
        consent = role_model_consent(candidate)
        if consent is None:
            raise ValidationError(
                {
                    "candidate": _(
                        "%(name)s har ikke givet samtykke til, at det fulde navn må deles med "
                        "arbejdsgivere generelt. En kandidat kan kun være rollemodel med "
                        "samtykke: registrér samtykket på kandidaten først."
                    )
                    % {"name": candidate.first_name}
                },
                code="no_consent",
            )
        if RoleModel.objects.filter(candidate=candidate).exists():
            raise ValidationError({"candidate": _("Kandidaten er allerede rollemodel.")})
        role_model.candidate, role_model.consent = candidate, consent
    else:
        assert contact is not None  # noqa: S101 - one of the two, checked above
        if RoleModel.objects.filter(contact=contact).exists():
            raise ValidationError(
                {"contact": _("%(name)s er allerede rollemodel.") % {"name": contact.name}}
            )
        role_model.contact = contact
    role_model.full_clean(exclude=["tenant", "candidate", "consent", "contact"])
    role_model.save()
    return role_model


@transaction.atomic
def role_model_set_active(
    *, actor: User | None, role_model: RoleModel, is_active: bool
) -> RoleModel:
    current = RoleModel.objects.select_for_update().get(pk=role_model.pk)
    current.is_active = is_active
    current.save(update_fields=["is_active"])
    return current


@transaction.atomic
def role_model_appearance_add(
    *,
    actor: User | None,
    role_model: RoleModel,
    meeting: Meeting | None = None,
    occurred_on: date | None = None,
    place: str = "",
) -> RoleModelAppearance:
    """Where the role model appeared: at a network meeting, or somewhere in words."""
    current = RoleModel.objects.select_for_update().get(pk=role_model.pk)
    day = meeting.date if meeting is not None else occurred_on
    if day is None:
        raise ValidationError({"occurred_on": _("Skriv datoen.")})
    if meeting is None and not clean_text(place):
        raise ValidationError({"place": _("Vælg mødet, eller skriv hvor.")})
    if current.candidate_id is not None:
        consent = Consent.objects.filter(pk=current.consent_id).first()
        # Nothing more is recorded about the person once the consent is withdrawn, not even
        # an appearance from before.
        withdrawn = consent is None or (
            consent.withdrawn_on is not None and consent.withdrawn_on <= timezone.localdate()
        )
        if withdrawn:
            raise ValidationError(
                _("Kandidatens samtykke er trukket tilbage; kandidaten er ikke længere rollemodel.")
            )
    appearance = RoleModelAppearance(
        role_model=current, meeting=meeting, occurred_on=day, place=clean_text(place)
    )
    appearance.full_clean(exclude=["tenant", "role_model", "meeting"])
    appearance.save()
    return appearance
