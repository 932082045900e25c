"""Presenting a candidate to a company (issue 6, item 7): what may be shared is what the
candidate has consented to share with that company (or with employers in general); the first
name may always be said. Each presentation is a contact-log entry ("Konkret kandidat") and a
record of exactly what was shared (DOMAIN.md 3.3 and trap 1: consented, work-relevant facts
only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import selectors as candidate_selectors
from candidates.models import Candidate, CandidateStatus, ConsentCategory
from companies import services as company_services
from companies.models import ActivityType, Company, ContactPerson, ContactPurpose, JobOpening
from placements.models import Presentation

# The contact purpose a presentation is logged under (companies.models.DEFAULT_PURPOSES).
PURPOSE = "Konkret kandidat"


def _labels(categories: Iterable[str]) -> str:
    labels = [str(ConsentCategory(c).label).lower() for c in categories]
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s og %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _purpose(actor: User) -> ContactPurpose:
    """The jobcenter's "Konkret kandidat" purpose, also when it was retired; added back if the
    jobcenter removed it from its catalogue under that name."""
    for purpose in company_services.purposes_ensure_defaults(include_inactive=True):
        if purpose.name.casefold() == PURPOSE.casefold():
            return purpose
    return company_services.purpose_save(actor=actor, purpose=None, name=PURPOSE)


@transaction.atomic
def presentation_create(
    *,
    actor: User,
    candidate: Candidate,
    company: Company,
    categories: Iterable[str] = (),
    job_opening: JobOpening | None = None,
    type: str = ActivityType.PHONE,
    contacts: Iterable[ContactPerson] = (),
    note: str = "",
    occurred_at: datetime | None = None,
) -> Presentation:
    """Present the candidate to the company, sharing the first name and `categories`
    (ConsentCategory values). Refused, with nothing saved, when the candidate has not consented
    to share one of them with this company on the day."""
    categories = list(dict.fromkeys(categories))
    unknown = sorted(set(categories) - set(ConsentCategory.values))
    if unknown:
        raise ValidationError(
            {
                "categories": _("Der findes ingen oplysninger, der hedder %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    if candidate.is_anonymised or candidate.status == CandidateStatus.CLOSED:
        raise ValidationError(
            {"candidate": _("Kandidaten er afsluttet og kan ikke præsenteres for virksomheder.")}
        )
    if company.is_ceased:
        raise ValidationError({"company": _("Virksomheden er ophørt.")})
    if job_opening is not None and job_opening.company_id != company.pk:
        raise ValidationError({"job_opening": _("Jobåbningen hører til en anden virksomhed.")})
    day = timezone.localdate(occurred_at) if occurred_at else timezone.localdate()
    shared = candidate_selectors.shared_categories(candidate=candidate, company=company, on=day)
    refused = [c for c in categories if c not in shared]
    if refused:
        raise ValidationError(
            {
                "categories": ValidationError(
                    _(
                        "%(name)s har ikke givet samtykke til at dele %(what)s med %(company)s. "
                        "Præsentér kun det, kandidaten har sagt ja til; fornavnet må altid "
                        "nævnes."
                    )
                    % {
                        "name": candidate.first_name,
                        "what": _labels(refused),
                        "company": company.name,
                    },
                    code="not_consented",
                )
            }
        )
    # The contact log is read by every colleague: it names the candidate by first name only;
    # the presentation row links the person.
    summary = _("Kandidaten %(name)s er præsenteret.") % {"name": candidate.first_name}
    if categories:
        summary += " " + _("Delt med samtykke: %(what)s.") % {"what": _labels(categories)}
    else:
        summary += " " + _("Kun fornavnet er delt.")
    if job_opening is not None:
        summary += " " + _("Til jobåbningen %(title)s.") % {"title": job_opening.title}
    if note.strip():
        summary += "\n\n" + note.strip()
    activity = company_services.activity_create(
        actor=actor,
        company=company,
        type=type,
        purpose=_purpose(actor),
        occurred_at=occurred_at,
        contacts=contacts,
        purpose_text=_("Præsentation af en kandidat"),
        summary=summary,
    )
    presentation = Presentation(
        candidate=candidate,
        company=company,
        job_opening=job_opening,
        categories=categories,
        activity=activity,
        presented_by=actor,
        presented_at=activity.occurred_at,
    )
    presentation.full_clean(exclude=["tenant"])
    presentation.save()
    return presentation
