"""Forms for the jobpakke pages. Choices that depend on the jobcenter are given to each form
inside the request's tenant scope, never at class level."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.forms import DateInput
from companies.models import Company, JobOpening
from partnerships.models import JobPackage, JobPackageStage, ModuleKind, ParticipantOutcome
from partnerships.selectors.job_packages import (
    ACTIVE,
    DEFAULT_ORDERING,
    FINISHED,
    ORDERINGS,
    JobPackageFilters,
)


class JobPackageFilterForm(forms.Form):
    """The list's search and filters, read from and kept in the URL."""

    q = forms.CharField(label=_("Søg i titel og virksomhed"), required=False, max_length=100)
    stage = forms.ChoiceField(label=_("Fase"), required=False)
    state = forms.ChoiceField(label=_("Aktive eller afsluttede"), required=False)
    company = forms.ChoiceField(label=_("Virksomhed"), required=False)
    key_account = forms.ChoiceField(label=_("Virksomhedens kontaktperson"), required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in ORDERINGS], widget=forms.HiddenInput
    )

    def __init__(self, data: Any, *, companies: list[Company], consultants: list[User]) -> None:
        super().__init__(data)
        self._companies = {str(c.public_id): c for c in companies}
        self._consultants = {str(u.public_id): u for u in consultants}
        self.fields["stage"].choices = [("", _("Alle faser")), *JobPackageStage.choices]
        self.fields["state"].choices = [
            ("", _("Alle")),
            (ACTIVE, _("Aktive")),
            (FINISHED, _("Afsluttede")),
        ]
        self.fields["company"].choices = [
            ("", _("Alle virksomheder")),
            *((key, c.name) for key, c in self._companies.items()),
        ]
        self.fields["key_account"].choices = [
            ("", _("Alle")),
            *((key, u.name or u.email) for key, u in self._consultants.items()),
        ]

    def filters(self) -> JobPackageFilters:
        self.is_valid()
        data = self.cleaned_data
        consultant = self._consultants.get(data.get("key_account") or "")
        return JobPackageFilters(
            search=(data.get("q") or "").strip(),
            stage=data.get("stage") or "",
            company=data.get("company") or None,
            key_account=consultant.pk if consultant else None,
            state=data.get("state") or "",
            ordering=data.get("sort") or DEFAULT_ORDERING,
        )

    def chosen(self) -> bool:
        self.is_valid()
        return any(v for k, v in self.cleaned_data.items() if k != "sort")


class CompanyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=None, to_field_name="public_id", **kwargs)

    def label_from_instance(self, obj: Company) -> str:
        return f"{obj.name} ({obj.cvr})" if obj.cvr else obj.name


class OpeningChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=None, to_field_name="public_id", **kwargs)

    def label_from_instance(self, obj: JobOpening) -> str:
        return f"{obj.company.name} – {obj.title}"


class JobPackageForm(forms.ModelForm):  # type: ignore[type-arg]
    company = CompanyChoiceField(
        label=_("Virksomhed"),
        empty_label=_("Vælg virksomhed"),
        error_messages={"required": _("Vælg virksomheden, der efterspørger medarbejdere.")},
    )
    job_opening = OpeningChoiceField(
        label=_("Jobåbning"),
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Virksomhedens jobåbning, som jobpakken skal besætte."),
    )

    class Meta:
        model = JobPackage
        fields = ["company", "job_opening", "title", "competence_profile", "positions", "stage"]
        error_messages = {
            "title": {"required": _("Giv jobpakken en titel.")},
            "positions": {
                "required": _("Skriv hvor mange stillinger virksomheden vil besætte."),
                "min_value": _("Der skal være mindst én stilling."),
                "invalid": _("Skriv et helt tal."),
            },
        }
        help_texts = {
            "competence_profile": _(
                "Hvad virksomheden kræver: faglige kompetencer, certifikater, sprog."
            ),
            "positions": _("Hvor mange virksomheden vil ansætte."),
        }

    def __init__(
        self,
        data: Any = None,
        *,
        instance: JobPackage,
        companies: QuerySet[Company],
        openings: QuerySet[JobOpening],
    ) -> None:
        super().__init__(data, instance=instance)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
        self.fields["job_opening"].queryset = openings  # type: ignore[attr-defined]
        for name in ("company", "job_opening"):
            if getattr(instance, f"{name}_id"):
                self.initial[name] = getattr(instance, name).public_id


AMU_NUMBER = re.compile(r"^\d{4,6}$")


class ModuleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Vælg type")), *ModuleKind.choices],
        error_messages={"required": _("Vælg modulets type.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Giv modulet en titel.")},
    )
    amu_number = forms.CharField(
        label=_("AMU-nummer"),
        required=False,
        max_length=10,
        help_text=_("Kursets nummer i AMU, fx 40113. Skal udfyldes for et AMU-kursus."),
    )
    duration_days = forms.IntegerField(
        label=_("Varighed (dage)"),
        min_value=1,
        max_value=730,
        error_messages={
            "required": _("Skriv modulets varighed i dage."),
            "min_value": _("Varigheden skal være mindst 1 dag."),
            "max_value": _("Varigheden kan højst være 730 dage."),
            "invalid": _("Skriv et helt antal dage."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("amu_number") or "").strip()
        data["amu_number"] = number
        if number and not AMU_NUMBER.match(number):
            self.add_error("amu_number", _("Et AMU-nummer er 4–6 cifre, fx 40113."))
        elif data.get("kind") == ModuleKind.COURSE and not number:
            self.add_error("amu_number", _("Skriv AMU-nummeret for et AMU-kursus."))
        return data


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Søg kandidat på navn"), required=False, max_length=100)


class EnrolForm(forms.Form):
    candidate = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": _("Vælg en kandidat.")}
    )
    enrolled_on = forms.DateField(
        label=_("Optaget den"),
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Resultat"),
        choices=ParticipantOutcome.choices,
        error_messages={"required": _("Vælg et resultat.")},
    )
    reason = forms.CharField(
        label=_("Årsag"),
        required=False,
        max_length=300,
        help_text=_("Skal udfyldes, når kandidaten ikke blev ansat eller stoppede undervejs."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = (data.get("reason") or "").strip()
        data["reason"] = reason
        needs_reason = (ParticipantOutcome.NOT_HIRED, ParticipantOutcome.DROPPED_OUT)
        if data.get("outcome") in needs_reason and not reason:
            self.add_error("reason", _("Skriv årsagen til, at kandidaten ikke blev ansat."))
        return data


class CopyForm(forms.Form):
    company = CompanyChoiceField(
        label=_("Den nye virksomhed"),
        empty_label=_("Vælg virksomhed"),
        error_messages={"required": _("Vælg virksomheden, jobpakken skal kopieres til.")},
    )
    title = forms.CharField(
        label=_("Titel på kopien"),
        required=False,
        max_length=200,
        help_text=_("Tom: samme titel som skabelonen."),
    )

    def __init__(self, data: Any = None, *, companies: QuerySet[Company]) -> None:
        super().__init__(data)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
