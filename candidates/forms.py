"""Forms for the candidate pages. Choices that depend on the jobcenter (consultants, teams,
target groups, schemes, steps, companies) are given to each form inside the request's tenant
scope, never at class level. A CPR number is only ever typed into a POST form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from candidates import cpr as cpr_numbers
from candidates.models import (
    AssessmentScheme,
    Candidate,
    CandidateStatus,
    ConsentCategory,
    DanishLevel,
    DrivingLicence,
    Occupation,
    SensitiveKind,
    StaircaseStep,
    TargetGroup,
)
from candidates.selectors import ORDERINGS, CandidateFilters
from companies.forms import DateInput, UserChoiceField
from companies.models import Company

ME = "me"


def _split(text: str, limit: int) -> list[str]:
    return [part.strip()[:limit] for part in (text or "").split(",") if part.strip()]


class CprField(forms.CharField):
    """A CPR number as typed; cleaned to ten digits. Never echoed back in an error."""

    widget = forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("label", _("CPR-nummer"))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return cpr_numbers.normalise(value) if value else ""


class CandidateFilterForm(forms.Form):
    """The list's search, filters and sorting, read from and kept in the URL (never a CPR
    number: that search has its own POST form)."""

    q = forms.CharField(label=_("Søg på navn eller sagsnummer"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    target_group = forms.ChoiceField(label=_("Målgruppe"), required=False)
    assessment = forms.ChoiceField(label=_("Seneste vurdering"), required=False)
    consultant = forms.ChoiceField(label=_("Ansvarlig konsulent"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    occupation = forms.ChoiceField(label=_("Stillingsønske eller erfaring"), required=False)
    min_hours = forms.DecimalField(
        label=_("Mindst timer pr. uge"), required=False, min_value=0, max_value=60, decimal_places=1
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in ORDERINGS], widget=forms.HiddenInput
    )

    def __init__(
        self,
        data: Any,
        *,
        actor: User,
        consultants: list[User],
        teams: list[Team],
        target_groups: list[TargetGroup],
        assessment_values: list[str],
        occupations: list[Occupation],
    ) -> None:
        super().__init__(data)
        self._actor = actor
        self._consultants = {str(user.public_id): user for user in consultants}
        self._teams = {str(team.public_id): team for team in teams}
        self._groups = {str(group.public_id): group for group in target_groups}
        self.fields["status"].choices = [("", _("Alle")), *CandidateStatus.choices]
        self.fields["target_group"].choices = [
            ("", _("Alle målgrupper")),
            *((key, group.name) for key, group in self._groups.items()),
        ]
        self.fields["assessment"].choices = [
            ("", _("Alle")),
            *((value, value) for value in assessment_values),
        ]
        self.fields["consultant"].choices = [
            ("", _("Alle")),
            (ME, _("Mine kandidater")),
            *((key, user.name or user.email) for key, user in self._consultants.items()),
        ]
        self.fields["team"].choices = [
            ("", _("Alle teams")),
            *((key, team.name) for key, team in self._teams.items()),
        ]
        self.fields["occupation"].choices = [
            ("", _("Alle")),
            *((o.code, f"{o.title} ({o.code})") for o in occupations),
        ]

    def filters(self) -> CandidateFilters:
        """The valid filters as selector arguments; a tampered value is ignored."""
        self.is_valid()
        data = self.cleaned_data
        consultant_key = data.get("consultant") or ""
        consultant = self._actor if consultant_key == ME else self._consultants.get(consultant_key)
        team = self._teams.get(data.get("team") or "")
        group = self._groups.get(data.get("target_group") or "")
        min_hours: Decimal | None = data.get("min_hours")
        return CandidateFilters(
            search=data.get("q") or "",
            status=data.get("status") or "",
            target_group=group.pk if group else None,
            assessment=data.get("assessment") or "",
            consultant=consultant.pk if consultant else None,
            team=team.pk if team else None,
            occupation=data.get("occupation") or "",
            min_hours=min_hours,
            ordering=data.get("sort") or "name",
        )

    @property
    def mine(self) -> bool:
        return bool(self.is_bound and self.data.get("consultant") == ME)


class CprLookupForm(forms.Form):
    cpr = CprField(label=_("Find på CPR-nummer"), help_text=_("Fx 010190-1234."))


class CandidateForm(forms.ModelForm):  # type: ignore[type-arg]
    cpr = CprField(
        required=False,
        help_text=_("Frivilligt. Gemmes krypteret og vises kun som fødselsdato (DDMMÅÅ-XXXX)."),
    )
    consultant = UserChoiceField(
        label=_("Ansvarlig konsulent"), required=False, empty_label=_("Ingen endnu")
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Intet team"),
    )
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Vælg målgruppe"),
    )

    class Meta:
        model = Candidate
        fields = [
            "first_name",
            "last_name",
            "cpr",
            "case_reference",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "consultant",
            "team",
            "target_group",
        ]

    def __init__(
        self,
        data: Any = None,
        *,
        instance: Candidate | None = None,
        consultants: QuerySet[User],
        teams: QuerySet[Team],
        target_groups: QuerySet[TargetGroup],
        may_reassign: bool = True,
    ) -> None:
        super().__init__(data, instance=instance)
        self.fields["consultant"].queryset = consultants
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["target_group"].queryset = target_groups  # type: ignore[attr-defined]
        # Who works with the candidate is changed only by someone who does already (or a
        # manager): the others are not offered the fields; the page shows them read-only.
        self.assignment_locked = not may_reassign
        if self.assignment_locked:
            del self.fields["consultant"]
            del self.fields["team"]
        if instance is not None and instance.pk:
            # The number itself is never put back into the page.
            self.fields["cpr"].help_text = (
                _("Registreret: %(masked)s. Lad feltet stå tomt for at beholde det.")
                % {"masked": instance.cpr_masked}
                if instance.has_cpr
                else _("Intet CPR-nummer registreret.")
            )
            for name, value in (
                ("consultant", instance.consultant),
                ("team", instance.team),
                ("target_group", instance.target_group),
            ):
                if value is not None and name in self.fields:
                    self.initial[name] = value.public_id


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    wished = forms.ModelMultipleChoiceField(
        label=_("Ønskede stillinger"),
        queryset=None,
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("DISCO-08. Hold Ctrl nede for at vælge flere."),
    )
    held = forms.ModelMultipleChoiceField(
        label=_("Erfaring fra stillinger"),
        queryset=None,
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("DISCO-08. Hold Ctrl nede for at vælge flere."),
    )
    competences = forms.CharField(
        label=_("Kompetencer"),
        required=False,
        max_length=1000,
        help_text=_("Adskil med komma, fx »truckcertifikat, kundeservice«."),
    )
    languages = forms.CharField(
        label=_("Sprog"), required=False, max_length=300, help_text=_("Adskil med komma.")
    )
    driving_licences = forms.MultipleChoiceField(
        label=_("Kørekort og certifikater"),
        required=False,
        choices=DrivingLicence.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    danish_level = forms.ChoiceField(
        label=_("Dansk"), required=False, choices=[("", _("Ikke oplyst")), *DanishLevel.choices]
    )

    class Meta:
        model = Candidate
        fields = [
            "education",
            "danish_level",
            "languages",
            "driving_licences",
            "hours_per_week",
            "max_travel_km",
            "competences",
            "profile_text",
        ]

    def __init__(
        self,
        data: Any = None,
        *,
        instance: Candidate,
        occupations: QuerySet[Occupation],
        wished: list[str],
        held: list[str],
    ) -> None:
        initial = {
            "competences": ", ".join(instance.competences),
            "languages": ", ".join(instance.languages),
            "wished": wished,
            "held": held,
        }
        super().__init__(data, instance=instance, initial=initial)
        self.fields["wished"].queryset = occupations  # type: ignore[attr-defined]
        self.fields["held"].queryset = occupations  # type: ignore[attr-defined]
        self.order_fields(["wished", "held"])

    def clean_competences(self) -> list[str]:
        return _split(self.cleaned_data.get("competences", ""), 80)

    def clean_languages(self) -> list[str]:
        return _split(self.cleaned_data.get("languages", ""), 40)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CandidateStatus.choices)
    closed_on = forms.DateField(
        label=_("Afsluttet den"),
        required=False,
        widget=DateInput(),
        help_text=_("Kun ved afslutning. Opbevaringsfristen regnes fra denne dato."),
    )
    reason = forms.CharField(
        label=_("Årsag"), required=False, max_length=300, help_text=_("Kun ved afslutning.")
    )


class RevealForm(forms.Form):
    purpose = forms.CharField(
        label=_("Hvorfor skal du se hele CPR-nummeret?"),
        max_length=300,
        help_text=_("Formålet skrives i adgangsloggen sammen med dit navn og tidspunktet."),
    )


class AssessmentForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=_("Vurderingsskema"), queryset=None, to_field_name="public_id", empty_label=None
    )
    value = forms.CharField(label=_("Vurdering"), max_length=60)
    assessed_on = forms.DateField(label=_("Vurderet den"), widget=DateInput())
    note = forms.CharField(label=_("Bemærkning"), required=False, max_length=500)

    def __init__(self, data: Any = None, *, schemes: QuerySet[AssessmentScheme]) -> None:
        super().__init__(data, initial={"assessed_on": timezone.localdate()})
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
        values: list[str] = []
        for scheme in schemes:
            values.extend(v for v in scheme.values if v not in values)
        self.fields["value"] = forms.ChoiceField(
            label=_("Vurdering"), choices=[("", _("Vælg")), *((v, v) for v in values)]
        )
        self.order_fields(["scheme", "value", "assessed_on", "note"])


class ConsentForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Hvem må se oplysningerne"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Arbejdsgivere generelt"),
    )
    categories = forms.MultipleChoiceField(
        label=_("Hvilke oplysninger"),
        choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Fornavnet vises altid for den virksomhed, kandidaten er i forløb hos. "
            "Helbred og andre følsomme oplysninger deles aldrig."
        ),
    )
    given_on = forms.DateField(label=_("Givet den"), widget=DateInput())
    note = forms.CharField(label=_("Bemærkning"), required=False, max_length=300)

    def __init__(self, data: Any = None, *, companies: QuerySet[Company]) -> None:
        super().__init__(data, initial={"given_on": timezone.localdate()})
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Trukket tilbage den"), widget=DateInput())

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, initial={"withdrawn_on": timezone.localdate()})


SENSITIVE_PURPOSES = [
    ("", _("Vælg formål")),
    ("Planlægning af forløb", _("Planlægning af forløb")),
    ("Match med virksomhed", _("Match med virksomhed")),
    ("Opfølgning", _("Opfølgning")),
    ("Samtale med kandidaten", _("Samtale med kandidaten")),
    ("Ledelsestilsyn", _("Ledelsestilsyn")),
]


class SensitivePurposeForm(forms.Form):
    formaal = forms.ChoiceField(label=_("Formål med opslaget"), choices=SENSITIVE_PURPOSES)


class SensitiveNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=SensitiveKind.choices)
    text = forms.CharField(label=_("Notat"), widget=forms.Textarea, max_length=5000)


class StaircaseMoveForm(forms.Form):
    to_step = forms.ModelChoiceField(
        label=_("Trin"), queryset=None, to_field_name="public_id", empty_label=_("Vælg trin")
    )
    moved_on = forms.DateField(label=_("Dato"), widget=DateInput())
    note = forms.CharField(label=_("Bemærkning"), required=False, max_length=300)

    def __init__(self, data: Any = None, *, steps: QuerySet[StaircaseStep]) -> None:
        super().__init__(data, initial={"moved_on": timezone.localdate()}, prefix="move")
        self.fields["to_step"].queryset = steps  # type: ignore[attr-defined]


class SubGoalForm(forms.Form):
    text = forms.CharField(label=_("Delmål"), max_length=300)
    due_on = forms.DateField(label=_("Senest"), required=False, widget=DateInput())

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="goal")


class CatalogueForm(forms.ModelForm):  # type: ignore[type-arg]
    """An entry of a catalogue; without an order, a new entry goes last."""

    def __init__(self, data: Any = None, *, instance: Any, initial: Any = None) -> None:
        super().__init__(data, instance=instance, initial=initial)
        self.fields["sort_order"].required = False
        self.fields["sort_order"].help_text = _("Lavest først. Tom: sidst.")

    def clean_sort_order(self) -> int:
        value = self.cleaned_data.get("sort_order")
        return int(value) if value is not None else 0


class TargetGroupForm(CatalogueForm):
    class Meta:
        model = TargetGroup
        fields = ["name", "valid_from", "valid_to", "sort_order"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class SchemeForm(CatalogueForm):
    values = forms.CharField(
        label=_("Værdier"),
        max_length=600,
        help_text=_("Adskil med komma, fx »Jobparat, Aktivitetsparat«."),
    )

    class Meta:
        model = AssessmentScheme
        fields = ["name", "values", "valid_from", "valid_to", "sort_order"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, data: Any = None, *, instance: AssessmentScheme) -> None:
        initial = {"values": ", ".join(instance.values)} if instance.pk else None
        super().__init__(data, instance=instance, initial=initial)

    def clean_values(self) -> list[str]:
        values = list(dict.fromkeys(_split(self.cleaned_data.get("values", ""), 60)))
        if not values:
            raise forms.ValidationError(_("Skriv mindst én værdi."))
        return values


class StepForm(CatalogueForm):
    class Meta:
        model = StaircaseStep
        fields = ["name", "description", "sort_order", "is_active"]
