"""The agreement as a PDF (issue 7): parties, purpose, contributions, commitments with their
targets, period, and the signature lines or the record of who signed and when. Rendered by a
worker (partnerships.tasks.agreement_pdf), never in a view (accounts.documents)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts import documents
from partnerships import actuals
from partnerships.models import PHASE_LABELS, Agreement
from partnerships.selectors import agreements as selectors


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    commitments = list(
        agreement.commitments.select_related("purpose").order_by("pk")  # type: ignore[attr-defined]
    )
    return {
        "title": _("Aftale: %(title)s") % {"title": agreement.title},
        "agreement": agreement,
        "phase_label": PHASE_LABELS[agreement.phase()],
        "workplaces": selectors.agreement_workplaces(agreement=agreement),
        "parties": selectors.agreement_parties(agreement=agreement),
        "signatories": selectors.agreement_signatories(agreement=agreement),
        # Each with the unit it is counted in (forløb, personer, kontakter …).
        "commitments": [(c, actuals.rule_for(c)[0]) for c in commitments],
    }


def agreement_pdf(agreement: Agreement) -> bytes:
    return documents.render_pdf("partnerships/pdf/agreement.html", agreement_context(agreement))
