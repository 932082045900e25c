"""Networks' part of an agreement's commitments: the area "Deltagelse i netværk" is counted
from attendance at network meetings, not from the contact log.

Partnerships sits below networks and must not import it, so networks registers the counting
rule and its SQL with partnerships.actuals (`register_area_counter`), as placements registers
its part of a candidate's data with candidates.subject_access. Both the agreement page
(partnerships.actuals) and the list's "behind target" filter (one statement,
partnerships.selectors.agreements) count by it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerships.actuals import AreaCounter, register_area_counter
from partnerships.models import Area

NETWORK_ATTENDANCE = register_area_counter(
    AreaCounter(
        area=Area.NETWORK,
        unit=_("møder"),
        rule=_(
            "Tæller netværksmøder i perioden, hvor virksomheden var repræsenteret: mindst én "
            "person fra virksomheden er registreret som mødt. Et møde tæller én gang, uanset "
            "hvor mange der kom; aflyste møder tæller ikke."
        ),
        sql="""
            SELECT {c}.id, count(DISTINCT a.meeting_id)
            FROM {c}
            JOIN networks_attendance a
              ON a.tenant_id = {tenant} AND a.organisation_id = {c}.company_id
            JOIN networks_meeting m
              ON m.id = a.meeting_id AND m.tenant_id = {tenant} AND m.cancelled_at IS NULL
             AND m.date BETWEEN {c}.starts AND {c}.ends
            WHERE {c}.area = 'network'
            GROUP BY {c}.id
        """,
    )
)
