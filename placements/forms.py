"""Forms for the placement pages. Choices that depend on the jobcenter are given to each form
inside the request's tenant scope, never at class level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.forms import DateInput, UserChoiceField
from companies.models import ContactPerson, JobOpening, Workplace
from placements.models import (
    Anchor,
    CadenceStep,
    Channel,
    Outcome,
    Placement,
    PlacementStatus,
    PlacementType,
)
from placements.selectors import ORDERINGS, PlacementFilters

ME = "me"


class PlacementFilterForm(forms.Form):
    """The list's filters, read from and kept in the URL."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    consultant = forms.ChoiceField(label=_("Ansvarlig konsulent"), required=False)
    outcome = forms.ChoiceField(label=_("Resultat"), required=False)
    period_from = forms.DateField(label=_("I gang fra"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("I gang til"), required=False, widget=DateInput())
    company = forms.UUIDField(required=False, widget=forms.HiddenInput)
    candidate = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in ORDERINGS], widget=forms.HiddenInput
    )

    def __init__(
        self, data: Any, *, actor: User, types: list[PlacementType], consultants: list[User]
    ) -> None:
        super().__init__(data)
        self._actor = actor
        self._types = {str(t.public_id): t for t in types}
        self._consultants = {str(u.public_id): u for u in consultants}
        self.fields["type"].choices = [
            ("", _("Alle typer")),
            *((key, t.name) for key, t in self._types.items()),
        ]
        self.fields["status"].choices = [("", _("Alle")), *PlacementStatus.choices]
        self.fields["consultant"].choices = [
            ("", _("Alle")),
            (ME, _("Mine forløb")),
            *((key, u.name or u.email) for key, u in self._consultants.items()),
        ]
        self.fields["outcome"].choices = [("", _("Alle")), *Outcome.choices]

    def filters(self, *, company_id: Any, candidate_id: Any) -> PlacementFilters:
        self.is_valid()
        data = self.cleaned_data
        key = data.get("consultant") or ""
        consultant = self._actor if key == ME else self._consultants.get(key)
        placement_type = self._types.get(data.get("type") or "")
        return PlacementFilters(
            placement_type=placement_type.pk if placement_type else None,
            status=data.get("status") or "",
            company=company_id,
            consultant=consultant.pk if consultant else None,
            candidate=candidate_id,
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
            outcome=data.get("outcome") or "",
            ordering=data.get("sort") or "-start",
        )


class CentreChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A virksomhedscenter with its seats taken today, when the queryset counts them."""

    def label_from_instance(self, obj: Any) -> str:
        taken = getattr(obj, "taken", None)
        if taken is None:
            return str(obj)
        return str(
            _("%(name)s (%(taken)s af %(seats)s pladser besat)")
            % {"name": obj.name, "taken": taken, "seats": obj.seats}
        )


class PlacementForm(forms.ModelForm):  # type: ignore[type-arg]
    placement_type = forms.ModelChoiceField(
        label=_("Type"), queryset=None, to_field_name="public_id", empty_label=_("Vælg type")
    )
    workplace = forms.ModelChoiceField(
        label=_("Arbejdssted"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Hele virksomheden"),
    )
    job_opening = forms.ModelChoiceField(
        label=_("Jobåbning, forløbet besætter"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Ingen"),
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor i virksomheden"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Ingen"),
    )
    consultant = UserChoiceField(label=_("Ansvarlig konsulent"))
    # What the placement counts towards or fills (issue 7): the company's own only.
    agreement = forms.ModelChoiceField(
        label=_("Tæller med i aftalen"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Ingen"),
        help_text=_("Forløbet tælles med i aftalens mål."),
    )
    centre_contract = CentreChoiceField(
        label=_("Plads i virksomhedscenter"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Ingen"),
        help_text=_("Forløbet optager en af centrets pladser; et fuldt center kan ikke vælges."),
    )
    job_package = forms.ModelChoiceField(
        label=_("Del af jobpakken"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Ingen"),
    )

    LINKS = ("agreement", "centre_contract", "job_package")

    class Meta:
        model = Placement
        fields = [
            "placement_type",
            "workplace",
            "job_opening",
            "planned_start",
            "planned_end",
            "hours_per_week",
            "tasks",
            "mentor",
            "mentor_hours_per_week",
            "consultant",
            "agreement",
            "centre_contract",
            "job_package",
        ]
        widgets = {"planned_start": DateInput(), "planned_end": DateInput()}

    def __init__(
        self,
        data: Any = None,
        *,
        instance: Placement,
        types: QuerySet[PlacementType],
        workplaces: QuerySet[Workplace],
        openings: QuerySet[JobOpening],
        mentors: QuerySet[ContactPerson],
        consultants: QuerySet[User],
        agreements: QuerySet[Any],
        centres: QuerySet[Any],
        packages: QuerySet[Any],
    ) -> None:
        super().__init__(data, instance=instance)
        self.fields["placement_type"].queryset = types  # type: ignore[attr-defined]
        self.fields["workplace"].queryset = workplaces  # type: ignore[attr-defined]
        self.fields["job_opening"].queryset = openings  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["consultant"].queryset = consultants
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["centre_contract"].queryset = centres  # type: ignore[attr-defined]
        self.fields["job_package"].queryset = packages  # type: ignore[attr-defined]
        for name in self.LINKS:
            self.fields[name].error_messages["invalid_choice"] = _(
                "Vælg en af virksomhedens egne; den valgte hører til en anden virksomhed eller "
                "findes ikke."
            )
        self.fields["planned_end"].help_text = _("Tom for et job uden slutdato.")
        for name in (
            "placement_type",
            "workplace",
            "job_opening",
            "mentor",
            "consultant",
            *self.LINKS,
        ):
            value = getattr(instance, name, None) if getattr(instance, f"{name}_id") else None
            if value is not None:
                self.initial[name] = value.public_id


class StartForm(forms.Form):
    started_on = forms.DateField(
        label=_("Første dag i forløbet"),
        widget=DateInput(),
        error_messages={
            "required": _("Skriv den dag, forløbet startede."),
            "invalid": _("Skriv datoen som dd.mm.åååå."),
        },
    )

    def __init__(self, data: Any = None, *, placement: Placement) -> None:
        # The planned start is the likeliest first day; today says nothing when the planned
        # start is weeks away or long past.
        super().__init__(data, initial={"started_on": placement.planned_start})
        self.fields["started_on"].help_text = _("Planlagt start: %(day)s.") % {
            "day": f"{placement.planned_start:%d.%m.%Y}"
        }


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Sidste dag"), widget=DateInput())
    interrupted = forms.BooleanField(
        label=_("Forløbet blev afbrudt før tid"),
        required=False,
        help_text=_("Opfølgninger, der ikke længere giver mening, aflyses."),
    )
    reason = forms.CharField(
        label=_("Årsag til afbrydelsen"),
        required=False,
        max_length=300,
        help_text=_("Skal udfyldes, når forløbet er afbrudt."),
    )
    # Nothing is chosen in advance: a pre-selected "Ordinært job" would be counted as a result
    # whenever nobody changed it.
    outcome = forms.ChoiceField(
        label=_("Resultat efter forløbet"),
        help_text=_("Hvad skete der bagefter? Vælg det, der passer; intet er valgt på forhånd."),
        choices=[("", _("Vælg resultat")), *Outcome.choices],
        error_messages={"required": _("Vælg, hvad der skete efter forløbet.")},
    )
    outcome_note = forms.CharField(label=_("Bemærkning"), required=False, max_length=300)

    def __init__(self, data: Any = None, *, placement: Placement) -> None:
        today = timezone.localdate()
        planned_end = placement.planned_end
        last_day = planned_end if planned_end and planned_end < today else today
        super().__init__(data, initial={"ended_on": last_day})


class FollowUpDoneForm(forms.Form):
    notes = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FollowUpNoteForm(forms.Form):
    notes = forms.CharField(
        label=_("Note (frivilligt)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpForm(forms.Form):
    label = forms.CharField(label=_("Opfølgning"), max_length=120)
    due_on = forms.DateField(label=_("Senest"), widget=DateInput())
    owner = UserChoiceField(label=_("Ansvarlig"))
    channel = forms.ChoiceField(label=_("Kanal"), choices=Channel.choices)

    def __init__(self, data: Any = None, *, consultants: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["owner"].queryset = consultants


class PlacementTypeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PlacementType
        fields = [
            "name",
            "is_employment",
            "is_ordinary",
            "is_subsidised",
            "is_education",
            "is_exclusive",
            "max_weeks",
            "is_active",
        ]
        labels = {
            "is_employment": _("Ansættelse (løn)"),
            "is_ordinary": _("Ordinær beskæftigelse (uden støtte)"),
            "is_subsidised": _("Støttet (tilskud eller særlige vilkår)"),
            "is_education": _("Uddannelse"),
        }


class CadenceStepForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CadenceStep
        fields = ["label", "anchor", "offset_days", "channel"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = [("", _("Vælg, hvad der regnes fra")), *Anchor.choices]
