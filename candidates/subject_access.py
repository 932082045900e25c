"""Everything Jobbro holds about a candidate, in one place: for a citizen's request for access
(GDPR art. 15) as JSON and a readable PDF, and for the retention job's export hook.

Other apps add their part (placements, follow-ups…) with `register_section()`, so this module
never needs to know them. The CPR number appears masked only (DESIGN.md section 5).

`collect()` is the data as it is stored (ISO dates, for the JSON file); `readable_sections()` is
the same parts as the citizen reads them in the PDF: Danish dates and numbers, and only the
lines that say something."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import numberformat, timezone
from django.utils.translation import gettext as _

from accounts import access_log
from candidates import selectors
from candidates.models import Candidate, SensitiveNote

Section = Callable[[Candidate], tuple[str, str, list[dict[str, Any]]]]
_SECTIONS: list[tuple[int, Section]] = []


def register_section(section: Section | None = None, *, order: int = 50) -> Any:
    """Add a part to the export: `section(candidate)` returns (key, Danish heading, rows).
    Parts come by `order` (lowest first), then in the order they were registered. Use it as
    `@register_section` or `@register_section(order=10)`."""

    def add(part: Section) -> Section:
        _SECTIONS.append((order, part))
        _SECTIONS.sort(key=lambda entry: entry[0])
        return part

    return add(section) if section is not None else add


def _person(user: Any) -> str:
    return (user.name or user.email) if user is not None else ""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def collect(candidate: Candidate) -> dict[str, Any]:
    """The whole record as plain data (JSON-ready), section by section."""
    occupations = list(selectors.candidate_occupations(candidate=candidate))
    plan = selectors.staircase_plan(candidate=candidate)
    record: dict[str, Any] = {
        "generated_at": _plain(timezone.now()),
        "candidate": {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "cpr": candidate.cpr_masked,
            "email": candidate.email,
            "phone": candidate.phone,
            "address": candidate.address,
            "postcode": candidate.postcode,
            "city": candidate.city,
            "case_reference": candidate.case_reference,
            "status": candidate.get_status_display(),
            "closed_on": _plain(candidate.closed_on),
            "closed_reason": candidate.closed_reason,
            "target_group": candidate.target_group.name if candidate.target_group else "",
            "responsible_consultant": _person(candidate.consultant),
            "team": candidate.team.name if candidate.team else "",
            "created_at": _plain(candidate.created_at),
        },
        "profile": {
            "wished_occupations": [str(o.occupation) for o in occupations if o.kind == "wished"],
            "held_occupations": [str(o.occupation) for o in occupations if o.kind == "held"],
            "competences": candidate.competences,
            "education": candidate.education,
            "danish_level": candidate.get_danish_level_display(),
            "languages": candidate.languages,
            "driving_licences": candidate.driving_licences,
            "hours_per_week": _plain(candidate.hours_per_week),
            "max_travel_km": candidate.max_travel_km,
            "profile_text": candidate.profile_text,
        },
        "assessments": [
            {
                "assessed_on": _plain(a.assessed_on),
                "scheme": a.scheme.name,
                "value": a.value,
                "note": a.note,
            }
            for a in selectors.candidate_assessments(candidate=candidate)
        ],
        "consents": [
            {
                "company": c.company.name if c.company else _("Arbejdsgivere generelt"),
                "categories": c.category_labels(),
                "given_on": _plain(c.given_on),
                "withdrawn_on": _plain(c.withdrawn_on),
                "note": c.note,
            }
            for c in selectors.candidate_consents(candidate=candidate)
        ],
        # The citizen has the right to see these too (art. 15 covers all personal data).
        "sensitive_notes": [
            {
                "kind": n.get_kind_display(),
                "text": n.text,
                "written_at": _plain(n.written_at),
            }
            for n in SensitiveNote.objects.filter(candidate=candidate).order_by("written_at")
        ],
        "staircase_plan": (
            {
                "current_step": plan.current_step.name,
                "started_on": _plain(plan.started_on),
                "sub_goals": [
                    {
                        "text": g.text,
                        "step": g.step.name,
                        "due_on": _plain(g.due_on),
                        "status": g.get_status_display(),
                    }
                    for g in plan.sub_goals.all()
                ],
                "moves": [
                    {
                        "moved_on": _plain(m.moved_on),
                        "from_step": m.from_step.name if m.from_step else "",
                        "to_step": m.to_step.name,
                        "note": m.note,
                    }
                    for m in plan.moves.all()
                ],
            }
            if plan
            else None
        ),
        "lookups": [
            {
                "at": _plain(entry.at),
                "action": entry.action,
                "purpose": entry.purpose,
                "through_api": entry.api_token_id is not None,
            }
            for entry in access_log.lookup_history(
                object_type=candidate._meta.label_lower, object_id=str(candidate.public_id)
            )
        ],
    }
    record["other"] = {}
    for _order, section in _SECTIONS:
        key, heading, rows = section(candidate)
        record["other"][key] = {"heading": heading, "rows": [_plain_row(r) for r in rows]}
    return record


def _plain_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in row.items()}


def _readable(value: Any) -> str:
    """A value as a Danish reader expects it; "" for one that says nothing."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{moment:%d.%m.%Y} kl. {moment:%H.%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, Decimal | float):
        return numberformat.format(
            Decimal(str(value)).normalize(),
            decimal_sep=",",
            thousand_sep=".",
            grouping=3,
            force_grouping=True,
        )
    if isinstance(value, list | tuple):
        return ", ".join(_readable(item) for item in value if _readable(item))
    return str(value)


def readable_sections(candidate: Candidate) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """The other apps' parts for the PDF: (heading, rows), each row its (label, text) lines,
    leaving out the lines with nothing to say."""
    sections = []
    for _order, section in _SECTIONS:
        _key, heading, rows = section(candidate)
        lines = [
            [(label, text) for label, value in row.items() if (text := _readable(value))]
            for row in rows
        ]
        sections.append((heading, [row for row in lines if row]))
    return sections
