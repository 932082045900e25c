"""The jobcenter's catalogue of agreement types (Indstillinger): names, the evaluation rhythm
and when the key account is reminded before an agreement ends."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import view_helpers
from accounts.decorators import requires
from partnerships import services
from partnerships.models import AgreementType


class AgreementTypeForm(forms.ModelForm):  # type: ignore[type-arg]
    end_reminder_days = forms.CharField(
        label=gettext_lazy("Påmind før slut (dage)"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("Adskil med komma, fx »60, 14«. Tom: ingen påmindelse."),
    )

    class Meta:
        model = AgreementType
        fields = [
            "name",
            "description",
            "evaluation_months",
            "evaluation_reminder_days",
            "end_reminder_days",
            "is_active",
        ]

    def __init__(self, data: Any = None, *, instance: AgreementType) -> None:
        initial = {"end_reminder_days": ", ".join(str(d) for d in instance.end_reminder_days)}
        super().__init__(data, instance=instance, initial=initial)

    def clean_end_reminder_days(self) -> list[int]:
        text = self.cleaned_data.get("end_reminder_days") or ""
        days = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 365:
                raise forms.ValidationError(_("Skriv hele dage mellem 1 og 365, fx »60, 14«."))
            days.append(int(part))
        return sorted(set(days), reverse=True)


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    slug = view_helpers.tenant(request).slug
    return reverse(f"partnerships:{name}", kwargs={"jobcenter": slug, **kwargs})


def _save(request: HttpRequest, form: AgreementTypeForm, entry: AgreementType) -> bool:
    if not form.is_valid():
        return False
    try:
        services.agreement_type_save(
            actor=view_helpers.actor(request), agreement_type=entry, **form.cleaned_data
        )
    except ValidationError as error:
        view_helpers.attach(form, error)
        return False
    return True


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def agreement_types(request: HttpRequest) -> HttpResponse:
    services.agreement_types_ensure_defaults()
    form = AgreementTypeForm(view_helpers.posted(request), instance=AgreementType())
    if request.method == "POST" and _save(request, form, AgreementType()):
        messages.success(request, _("Aftaletypen er tilføjet."))
        return redirect(_url(request, "agreement_types"))
    return render(
        request,
        "partnerships/settings/agreement_types.html",
        {"types": AgreementType.objects.all(), "form": form},
    )


@requires("jobcenter.manage_settings")
@require_http_methods(["GET", "POST"])
def agreement_type_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    entry = AgreementType.objects.filter(public_id=public_id).first()
    if entry is None:
        raise Http404
    name = entry.name
    form = AgreementTypeForm(view_helpers.posted(request), instance=entry)
    if request.method == "POST" and _save(request, form, entry):
        messages.success(request, _("%(name)s er gemt.") % {"name": entry.name})
        return redirect(_url(request, "agreement_types"))
    return render(
        request,
        "partnerships/settings/agreement_type_edit.html",
        {"entry": entry, "name": name, "form": form},
    )


urlpatterns = [
    path("typer/", agreement_types, name="agreement_types"),
    path("typer/<uuid:public_id>/", agreement_type_edit, name="agreement_type_edit"),
]
