"""Forms of the virksomhedscenter pages. Choices that depend on the jobcenter are given to each
form inside the request's tenant scope, never at class level."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import TargetGroup
from companies.forms import DateInput, UserChoiceField
from companies.models import ContactPerson, Workplace
from partnerships.models import Agreement, CentreContract
from partnerships.selectors.centres import ORDERINGS, CentreFilters
from placements.models import PlacementType

ME = "me"


class CentreFilterForm(forms.Form):
    """The list's search, filters and sorting, read from and kept in the URL."""

    q = forms.CharField(
        label=_("Søg (virksomhed, CVR-nummer eller navn)"), required=False, max_length=100
    )
    state = forms.ChoiceField(
        label=_("Periode"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("active", _("Aktive")),
            ("upcoming", _("Ikke startet")),
            ("ended", _("Udløbet")),
        ],
    )
    use = forms.ChoiceField(
        label=_("Belægning"),
        required=False,
        choices=[("", _("Alle")), ("under", _("Underudnyttede"))],
    )
    waiting = forms.ChoiceField(
        label=_("Venteliste"),
        required=False,
        choices=[("", _("Alle")), ("yes", _("Med venteliste"))],
    )
    consultant = forms.ChoiceField(label=_("Virksomhedens faste kontaktperson"), required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in ORDERINGS], widget=forms.HiddenInput
    )

    def __init__(self, data: Any, *, actor: User, consultants: list[User]) -> None:
        super().__init__(data)
        self._actor = actor
        self._consultants = {str(u.public_id): u for u in consultants}
        self.fields["consultant"].choices = [
            ("", _("Alle")),
            (ME, _("Mine virksomheder")),
            *((key, u.name or u.email) for key, u in self._consultants.items()),
        ]

    def filters(self) -> CentreFilters:
        self.is_valid()
        data = self.cleaned_data
        key = data.get("consultant") or ""
        consultant = self._actor if key == ME else self._consultants.get(key)
        return CentreFilters(
            search=(data.get("q") or "").strip(),
            state=data.get("state") or "",
            underused=data.get("use") == "under",
            waiting=data.get("waiting") == "yes",
            consultant=consultant.pk if consultant else None,
            ordering=data.get("sort") or "name",
        )


class CentreForm(forms.ModelForm):  # type: ignore[type-arg]
    workplace = forms.ModelChoiceField(
        label=_("Arbejdssted"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Hele virksomheden"),
    )
    agreement = forms.ModelChoiceField(
        label=_("Aftale, kontrakten hører under"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Ingen"),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Målgrupper"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CentreContract
        fields = [
            "name",
            "workplace",
            "agreement",
            "seats",
            "target_groups",
            "work_areas",
            "payment_per_seat_month",
            "mentor_hours_per_week",
            "starts_on",
            "ends_on",
            "underuse_share",
            "underuse_weeks",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "work_areas": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "underuse_share": _("Lederen får besked, når belægningen er under denne andel."),
            "underuse_weeks": _("… i så mange hele uger i træk."),
        }
        error_messages = {
            "seats": {"required": _("Skriv antal pladser.")},
            "name": {"required": _("Giv virksomhedscentret et navn.")},
            "starts_on": {"required": _("Skriv, hvornår kontrakten gælder fra.")},
        }

    def __init__(
        self,
        data: Any,
        *,
        instance: CentreContract,
        workplaces: QuerySet[Workplace],
        agreements: QuerySet[Agreement],
        target_groups: QuerySet[TargetGroup],
        contacts: list[ContactPerson],
        mentor_hours: dict[int, Decimal],
        chosen_groups: list[TargetGroup],
    ) -> None:
        super().__init__(data, instance=instance, initial={"target_groups": chosen_groups})
        self.fields["workplace"].queryset = workplaces
        self.fields["agreement"].queryset = agreements
        self.fields["target_groups"].queryset = target_groups
        self.contacts = contacts
        for contact in contacts:
            self.fields[f"mentor_{contact.public_id}"] = forms.DecimalField(
                label=_("%(name)s: mentortimer pr. uge") % {"name": contact.name},
                required=False,
                min_value=0,
                max_value=99,
                decimal_places=1,
                max_digits=4,
                initial=mentor_hours.get(contact.pk),
                help_text=_("Tom: ikke mentor for centret."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data

    def mentors(self) -> dict[ContactPerson, Decimal]:
        return {
            contact: hours
            for contact in self.contacts
            if (hours := self.cleaned_data.get(f"mentor_{contact.public_id}")) is not None
            and hours > 0
        }

    def contract_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in self.Meta.fields
            if name not in ("target_groups", "underuse_share", "underuse_weeks")
        }


class WaitingAddForm(forms.Form):
    candidate = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Bemærkning"), required=False, max_length=300)


class SeatAssignForm(forms.Form):
    placement_type = forms.ModelChoiceField(
        label=_("Forløbstype"),
        queryset=None,
        to_field_name="public_id",
        empty_label=_("Vælg type"),
        error_messages={"required": _("Vælg en forløbstype.")},
    )
    planned_start = forms.DateField(
        label=_("Planlagt start"),
        widget=DateInput(),
        error_messages={"required": _("Skriv startdatoen.")},
    )
    planned_end = forms.DateField(label=_("Planlagt slut"), required=False, widget=DateInput())
    hours_per_week = forms.DecimalField(
        label=_("Timer pr. uge"),
        required=False,
        min_value=0,
        max_value=60,
        decimal_places=1,
        max_digits=4,
    )
    consultant = UserChoiceField(
        label=_("Ansvarlig konsulent"),
        error_messages={"required": _("Vælg den ansvarlige konsulent.")},
    )

    def __init__(
        self,
        data: Any,
        *,
        types: QuerySet[PlacementType],
        consultants: QuerySet[User],
        consultant: User,
        today: date,
    ) -> None:
        internship = next((t for t in types if t.code == "internship"), None)
        super().__init__(
            data,
            initial={
                "planned_start": today,
                # A virksomhedscenter praktik runs 13 weeks (DOMAIN.md 3.5).
                "planned_end": today + timedelta(weeks=13, days=-1),
                "consultant": consultant.public_id,
                "placement_type": internship.public_id if internship else None,
            },
        )
        self.fields["placement_type"].queryset = types
        self.fields["consultant"].queryset = consultants

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Slutdatoen ligger før startdatoen."))
        return data
