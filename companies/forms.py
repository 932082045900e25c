"""Forms for the company pages. Querysets and choices that depend on the jobcenter (consultants,
contact persons, purposes, workplaces) are given to each form when it is made, inside the
request's tenant scope, never at class level."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import Occupation, TargetGroup
from companies.models import (
    ActivityType,
    Company,
    CompanyKind,
    CompanyStatus,
    ContactPerson,
    ContactPurpose,
    JobOpening,
    OpeningStatus,
    SizeBand,
    Workplace,
    validate_cvr,
)
from companies.selectors import ORDERINGS, CompanyFilters

NO_KEY_ACCOUNT = "none"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A colleague, addressed by public id. The empty choice says what to do (Django's
    "---------" is read aloud as dashes)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("Vælg kollega"))
        super().__init__(queryset=User.objects.none(), to_field_name="public_id", **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


def priority_choices(labels: Sequence[str]) -> list[tuple[str, str]]:
    return [(str(number), f"{number} – {label}") for number, label in enumerate(labels, start=1)]


class CompanyFilterForm(forms.Form):
    """The company list's search, filters and sorting; read from and kept in the URL."""

    q = forms.CharField(label=_("Søg på navn, CVR- eller P-nummer"), required=False, max_length=200)
    industry = forms.CharField(
        label=_("Branchekode (begyndelsen)"),
        required=False,
        max_length=6,
        validators=[RegexValidator(r"^\d{1,6}$")],
    )
    size_band = forms.ChoiceField(label=_("Størrelse"), required=False)
    priority = forms.ChoiceField(label=_("Prioritetsgruppe"), required=False)
    key_account = forms.ChoiceField(label=_("Fast kontaktperson"), required=False)
    municipality = forms.CharField(
        label=_("Kommunekode"),
        required=False,
        max_length=3,
        validators=[RegexValidator(r"^\d{3}$")],
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    contacted = forms.IntegerField(
        label=_("Kontakt inden for (måneder)"), required=False, min_value=1, max_value=120
    )
    not_contacted = forms.IntegerField(
        label=_("Ingen kontakt i (måneder)"), required=False, min_value=1, max_value=120
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for key in ORDERINGS],
        widget=forms.HiddenInput,
    )

    def __init__(
        self, data: Any, *, priority_labels: Sequence[str], consultants: Iterable[User]
    ) -> None:
        super().__init__(data)
        self._consultants = {str(user.public_id): user for user in consultants}
        self.fields["size_band"].choices = [("", _("Alle størrelser")), *SizeBand.choices]
        self.fields["priority"].choices = [
            ("", _("Alle grupper")),
            *priority_choices(priority_labels),
        ]
        self.fields["key_account"].choices = [
            ("", _("Alle")),
            (NO_KEY_ACCOUNT, _("Uden fast kontaktperson")),
            *((key, user.name or user.email) for key, user in self._consultants.items()),
        ]
        self.fields["status"].choices = [("", _("Alle")), *CompanyStatus.choices]

    def filters(self) -> CompanyFilters:
        """The valid filters as selector arguments; a tampered value is ignored, not an error."""
        self.is_valid()
        data = self.cleaned_data
        key = data.get("key_account") or ""
        user = self._consultants.get(key)
        return CompanyFilters(
            search=data.get("q") or "",
            industry=data.get("industry") or "",
            size_band=data.get("size_band") or "",
            priority=int(data["priority"]) if data.get("priority") else None,
            key_account=user.pk if user else None,
            without_key_account=key == NO_KEY_ACCOUNT,
            municipality=data.get("municipality") or "",
            status=data.get("status") or "",
            contacted_within_months=data.get("contacted"),
            not_contacted_within_months=data.get("not_contacted"),
            ordering=data.get("sort") or "name",
        )

    @property
    def sort_chosen(self) -> bool:
        return bool(self.cleaned_data.get("sort")) if hasattr(self, "cleaned_data") else False


class CompanyForm(forms.ModelForm):  # type: ignore[type-arg]
    # Wider than the eight digits, so "12 34 56 78" can be typed and cleaned.
    cvr = forms.CharField(
        label=_("CVR-nummer"),
        required=False,
        max_length=11,
        help_text=_("Otte cifre. Kan kun udelades for organisationer uden CVR-nummer."),
    )
    priority = forms.TypedChoiceField(
        label=_("Prioritetsgruppe"), required=False, coerce=int, empty_value=None
    )
    key_account = UserChoiceField(
        label=_("Fast kontaktperson i jobcentret"),
        required=False,
        empty_label=_("Ingen endnu"),
    )
    tags = forms.CharField(
        label=_("Mærker"),
        required=False,
        max_length=400,
        help_text=_("Adskil med komma, fx »byggeri, sommerjob«."),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "cvr",
            "legal_form",
            "industry_code",
            "industry_text",
            "employee_count",
            "size_band",
            "sector",
            "kind",
            "address",
            "postcode",
            "city",
            "municipality_code",
            "status",
            "priority",
            "key_account",
            "tags",
            "notes",
        ]

    def __init__(
        self,
        data: Any = None,
        *,
        instance: Company | None = None,
        priority_labels: Sequence[str],
        consultants: QuerySet[User],
    ) -> None:
        initial = {"tags": ", ".join(instance.tags)} if instance and instance.tags else None
        super().__init__(data, instance=instance, initial=initial)
        self.fields["priority"].choices = [("", _("Ingen")), *priority_choices(priority_labels)]
        self.fields["key_account"].queryset = consultants
        if instance is not None and instance.key_account_id:
            self.initial["key_account"] = instance.key_account.public_id
        self.fields["size_band"].help_text = _("Udfyldes ud fra antal ansatte, hvis den er tom.")
        self.fields["size_band"].choices = [("", _("Ud fra antal ansatte")), *SizeBand.choices]
        self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or CompanyKind.EMPLOYER

    def clean_cvr(self) -> str:
        cvr = "".join(self.cleaned_data.get("cvr", "").split())
        if cvr:
            validate_cvr(cvr)
        return cvr

    def clean_tags(self) -> list[str]:
        text = self.cleaned_data.get("tags") or ""
        return [tag.strip()[:40] for tag in text.split(",") if tag.strip()]


class WorkplaceForm(forms.ModelForm):  # type: ignore[type-arg]
    p_number = forms.CharField(
        label=_("P-nummer"),
        required=False,
        max_length=13,
        help_text=_("Ti cifre (produktionsenhedens nummer i CVR)."),
    )

    class Meta:
        model = Workplace
        fields = ["name", "p_number", "address", "postcode", "city", "municipality_code"]

    def clean_p_number(self) -> str:
        return "".join(self.cleaned_data.get("p_number", "").split())


class ContactPersonForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "role", "email", "phone", "is_active"]


class ActivityForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=ActivityType.choices)
    occurred_date = forms.DateField(label=_("Dato"), widget=DateInput())
    occurred_time = forms.TimeField(label=_("Klokkeslæt"), widget=TimeInput())
    is_planned = forms.BooleanField(
        label=_("Planlagt kontakt (har ikke fundet sted endnu)"), required=False
    )
    consultant = UserChoiceField(label=_("Konsulent"))
    contacts = forms.ModelMultipleChoiceField(
        label=_("Kontaktpersoner, der deltog"),
        queryset=None,
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.ModelChoiceField(label=_("Formål"), queryset=None, empty_label=_("Vælg formål"))
    purpose_text = forms.CharField(label=_("Formål, uddybning"), required=False, max_length=200)
    summary = forms.CharField(label=_("Referat"), required=False, widget=forms.Textarea)
    outcome = forms.CharField(label=_("Resultat"), required=False, widget=forms.Textarea)
    next_step = forms.CharField(
        label=_("Næste skridt"),
        required=False,
        max_length=300,
        help_text=_("Bliver en opgave på forsiden for konsulenten."),
    )
    next_step_due = forms.DateField(
        label=_("Næste skridt senest"), required=False, widget=DateInput()
    )

    def __init__(
        self,
        data: Any = None,
        *,
        actor: User,
        consultants: QuerySet[User],
        contacts: QuerySet[ContactPerson],
        purposes: QuerySet[ContactPurpose],
    ) -> None:
        now = timezone.localtime()
        initial = {
            "type": ActivityType.VISIT,
            "occurred_date": now.date(),
            "occurred_time": now.strftime("%H:%M"),
            "consultant": actor.public_id,
        }
        super().__init__(data, initial=initial)
        self.fields["consultant"].queryset = consultants
        self.fields["contacts"].queryset = contacts
        self.fields["purpose"].queryset = purposes

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        occurred_at = timezone.make_aware(
            datetime.combine(data["occurred_date"], data["occurred_time"])
        )
        return {
            "type": data["type"],
            "occurred_at": occurred_at,
            "is_planned": data["is_planned"],
            "consultant": data["consultant"],
            "contacts": list(data["contacts"]),
            "purpose": data["purpose"],
            "purpose_text": data["purpose_text"],
            "summary": data["summary"],
            "outcome": data["outcome"],
            "next_step": data["next_step"],
            "next_step_due": data["next_step_due"],
        }


class HandoverForm(forms.Form):
    to_user = UserChoiceField(label=_("Giv til"), empty_label=_("Vælg kollega"))
    until = forms.DateField(
        label=_("Til og med"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Kun ved en midlertidig stedfortræder, fx under ferie. Uden dato overtager "
            "kollegaen virksomheden for good."
        ),
    )
    note = forms.CharField(label=_("Besked"), required=False, max_length=300)

    def __init__(self, data: Any = None, *, consultants: QuerySet[User]) -> None:
        super().__init__(data)
        self.fields["to_user"].queryset = consultants


class JobOpeningForm(forms.ModelForm):  # type: ignore[type-arg]
    # Declared, not generated: a generated field would query workplaces outside any scope.
    workplace = forms.ModelChoiceField(
        label=_("Arbejdssted"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Hele virksomheden"),
    )
    owner = UserChoiceField(label=_("Ansvarlig"), required=False, empty_label=_("Ingen endnu"))
    occupation_code = forms.ModelChoiceField(
        label=_("DISCO-08-stillingsbetegnelse"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("Ingen valgt"),
        help_text=_("Bruges til at finde kandidater, der ønsker eller har erfaring med faget."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Målgrupper"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kun hvis jobbet er tiltænkt bestemte målgrupper, fx fleksjob."),
    )

    class Meta:
        model = JobOpening
        fields = [
            "title",
            "occupation",
            "occupation_code",
            "postcode",
            "target_groups",
            "positions",
            "hours_per_week",
            "wished_start",
            "requirements",
            "source",
            "owner",
        ]
        widgets = {"wished_start": DateInput()}

    def __init__(
        self,
        data: Any = None,
        *,
        instance: JobOpening,
        consultants: QuerySet[User],
        workplaces: QuerySet[Workplace],
    ) -> None:
        super().__init__(data, instance=instance)
        self.fields["owner"].queryset = consultants
        self.fields["workplace"].queryset = workplaces  # type: ignore[attr-defined]
        self.fields["occupation_code"].queryset = Occupation.objects.order_by("title")  # type: ignore[attr-defined]
        self.fields["target_groups"].queryset = TargetGroup.objects.all()  # type: ignore[attr-defined]
        self.order_fields(["title", "occupation", "occupation_code", "workplace", "postcode"])
        if instance.workplace_id:
            self.initial["workplace"] = instance.workplace.public_id
        if instance.owner_id:
            self.initial["owner"] = instance.owner.public_id


class OpeningStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"))
    reason = forms.CharField(
        label=_("Årsag"),
        required=False,
        max_length=300,
        help_text=_("Skal udfyldes, når jobåbningen lukkes."),
    )

    def __init__(self, data: Any = None, *, allowed: Iterable[str]) -> None:
        super().__init__(data)
        self.fields["status"].choices = [
            (value, label) for value, label in OpeningStatus.choices if value in set(allowed)
        ]


class PurposeForm(forms.Form):
    name = forms.CharField(label=_("Formål"), max_length=100)
    is_active = forms.BooleanField(
        label=_("I brug"),
        required=False,
        initial=True,
        help_text=_("Et formål, der ikke er i brug, kan ikke vælges til nye kontakter."),
    )
