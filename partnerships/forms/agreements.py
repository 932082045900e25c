"""Forms for the agreement pages. Choices that depend on the jobcenter are given to each form
inside the request's tenant scope, never at class level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.forms import DateInput, UserChoiceField
from companies.models import Company, ContactPerson, ContactPurpose, Workplace
from partnerships.models import (
    PHASE_LABELS,
    Agreement,
    AgreementParty,
    AgreementType,
    Area,
    Commitment,
    Per,
)
from partnerships.selectors.agreements import ORDERINGS, AgreementFilters

ME = "me"
ENDING_CHOICES = [
    ("", _("Uanset slutdato")),
    ("30", _("Inden for 30 dage")),
    ("60", _("Inden for 60 dage")),
    ("90", _("Inden for 90 dage")),
    ("180", _("Inden for et halvt år")),
]


class AgreementFilterForm(forms.Form):
    """The list's search, filters and sorting; read from and kept in the URL."""

    q = forms.CharField(label=_("Søg på titel, virksomhed eller CVR-nummer"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    phase = forms.ChoiceField(label=_("Status"), required=False)
    ending = forms.ChoiceField(label=_("Udløber"), required=False, choices=ENDING_CHOICES)
    behind = forms.ChoiceField(
        label=_("Mål"),
        required=False,
        choices=[("", _("Alle")), ("1", _("Kun aftaler bagud"))],
    )
    key_account = forms.ChoiceField(label=_("Fast kontaktperson (virksomhed)"), required=False)
    contact = forms.ChoiceField(label=_("Kontaktperson i jobcentret"), required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in ORDERINGS], widget=forms.HiddenInput
    )

    def __init__(
        self, data: Any, *, actor: User, types: list[AgreementType], consultants: list[User]
    ) -> None:
        super().__init__(data)
        self._actor = actor
        self._types = {str(t.public_id): t for t in types}
        self._consultants = {str(u.public_id): u for u in consultants}
        self.fields["q"].max_length = 200
        self.fields["type"].choices = [
            ("", _("Alle typer")),
            *((key, t.name) for key, t in self._types.items()),
        ]
        self.fields["phase"].choices = [("", _("Alle")), *PHASE_LABELS.items()]
        people = [(key, u.name or u.email) for key, u in self._consultants.items()]
        self.fields["key_account"].choices = [("", _("Alle")), (ME, _("Mig")), *people]
        self.fields["contact"].choices = [("", _("Alle")), (ME, _("Mig")), *people]

    def _person(self, key: str) -> User | None:
        return self._actor if key == ME else self._consultants.get(key)

    def filters(self) -> AgreementFilters:
        self.is_valid()
        data = self.cleaned_data
        agreement_type = self._types.get(data.get("type") or "")
        key_account = self._person(data.get("key_account") or "")
        contact = self._person(data.get("contact") or "")
        ending = data.get("ending") or ""
        return AgreementFilters(
            search=data.get("q") or "",
            agreement_type=agreement_type.pk if agreement_type else None,
            phase=data.get("phase") or "",
            ending_within=int(ending) if ending else None,
            behind=data.get("behind") == "1",
            key_account=key_account.pk if key_account else None,
            contact=contact.pk if contact else None,
            ordering=data.get("sort") or "-start",
        )


class ContactChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: ContactPerson) -> str:
        return f"{obj.name}, {obj.title}" if obj.title else obj.name


class AgreementForm(forms.ModelForm):  # type: ignore[type-arg]
    """The agreement itself; its company is chosen before the form (and kept on edit)."""

    agreement_type = forms.ModelChoiceField(
        label=_("Type"), queryset=None, to_field_name="public_id", empty_label=_("Vælg type")
    )
    jobcenter_contact = UserChoiceField(label=_("Kontaktperson i jobcentret"))
    workplaces = forms.ModelMultipleChoiceField(
        label=_("Arbejdssteder"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt: aftalen gælder hele virksomheden."),
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Tredjeparter"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Uddannelsesinstitutioner, organisationer, foreninger og myndigheder."),
    )
    signatories = ContactChoices(
        label=_("Underskrivere for virksomheden"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = [
            "agreement_type",
            "title",
            "purpose",
            "contributions",
            "jobcenter_contact",
            "starts_on",
            "ends_on",
            "next_evaluation_on",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "next_evaluation_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "contributions": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Giv aftalen en titel.")},
            "purpose": {"required": _("Skriv aftalens formål.")},
            "starts_on": {"required": _("Skriv, hvornår aftalen gælder fra.")},
        }

    def __init__(
        self,
        data: Any,
        *,
        instance: Agreement,
        types: QuerySet[AgreementType],
        consultants: QuerySet[User],
        workplaces: QuerySet[Workplace],
        parties: QuerySet[Company],
        signatories: QuerySet[ContactPerson],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, instance=instance, initial=initial)
        self.fields["agreement_type"].queryset = types
        self.fields["jobcenter_contact"].queryset = consultants
        self.fields["workplaces"].queryset = workplaces
        self.fields["parties"].queryset = parties
        self.fields["signatories"].queryset = signatories
        self.fields["next_evaluation_on"].help_text = _(
            "Tom: typens evalueringsinterval efter startdatoen."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data

    def _post_clean(self) -> None:
        # The services validate the model (and say so in Danish); skip the ModelForm's own
        # full_clean, which would need the company set first.
        pass


class CommitmentForm(forms.ModelForm):  # type: ignore[type-arg]
    purpose = forms.ModelChoiceField(
        label=_("Tæl kun kontakter med formålet"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Alle formål"),
        help_text=_("Kun for områder, der tælles fra kontaktloggen."),
    )

    class Meta:
        model = Commitment
        fields = ["area", "target", "per", "purpose", "note"]
        error_messages = {
            "target": {
                "required": _("En forpligtelse skal have et mål på mindst 1."),
                "min_value": _("En forpligtelse skal have et mål på mindst 1."),
            },
            "area": {"required": _("Vælg et samarbejdsområde.")},
        }

    def __init__(
        self, data: Any, *, instance: Commitment, purposes: QuerySet[ContactPurpose]
    ) -> None:
        super().__init__(data, instance=instance)
        self.fields["purpose"].queryset = purposes
        self.fields["area"].choices = [("", _("Vælg område")), *Area.choices]
        self.fields["per"].choices = Per.choices

    def _post_clean(self) -> None:
        pass  # commitment_save validates the model


class SignForm(forms.Form):
    signed_by_company = forms.CharField(
        label=_("Underskrevet for virksomheden af"),
        max_length=200,
        error_messages={"required": _("Skriv, hvem der har underskrevet for virksomheden.")},
    )
    signed_for_jobcenter_by = forms.CharField(
        label=_("Underskrevet for jobcentret af"),
        max_length=200,
        help_text=_("Navnet på den, der skrev under, fx jobcenterchefen."),
        error_messages={"required": _("Skriv, hvem der har underskrevet for jobcentret.")},
    )
    signed_on = forms.DateField(
        label=_("Underskrevet den"),
        widget=DateInput(),
        error_messages={"required": _("Skriv datoen for underskriften.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Årsag"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en årsag.")},
    )


class RenewForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Den nye aftale gælder fra"),
        widget=DateInput(),
        error_messages={"required": _("Skriv, hvornår den nye aftale gælder fra.")},
    )
    ends_on = forms.DateField(label=_("Gælder til og med"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data


class EvaluatedForm(forms.Form):
    evaluated_on = forms.DateField(
        label=_("Evalueret den"),
        widget=DateInput(),
        error_messages={"required": _("Skriv datoen for evalueringen.")},
    )


class PartyRolesForm(forms.Form):
    """What each third party does in the agreement, one field per party, named by the
    organisation (`role_<public_id hex>`), so a party added meanwhile never gets another's role."""

    def __init__(self, data: Any, *, parties: list[AgreementParty]) -> None:
        super().__init__(data)
        self.parties = parties
        for party in parties:
            self.fields[self.field_name(party)] = forms.CharField(
                label=_("Rolle for %(name)s") % {"name": party.organisation.name},
                required=False,
                initial=party.role,
                max_length=200,
                error_messages={
                    "max_length": _("Skriv rollen med højst %(limit_value)d tegn."),
                },
                help_text=_("Fx medunderskriver, uddannelsespartner eller netværksvært."),
            )

    @staticmethod
    def field_name(party: AgreementParty) -> str:
        return f"role_{party.organisation.public_id.hex}"

    def roles(self) -> dict[int, str]:
        """The role typed for each party, by the party's id."""
        return {
            party.pk: self.cleaned_data[self.field_name(party)].strip() for party in self.parties
        }


MAX_SCAN_BYTES = 10 * 1024 * 1024


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Den underskrevne aftale (PDF, JPEG eller PNG, højst 10 MB)"),
        error_messages={
            "required": _("Vælg en fil."),
            "empty": _("Filen er tom."),
        },
    )
