"""Forms for the jobcenter's own administration (Indstillinger).

Querysets and choices that depend on the jobcenter (teams, members) are given to each form
when it is made, inside the request's tenant scope; a class-level queryset would either leak
across jobcenters or query outside a scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import selectors, working_days
from accounts.models import Role, Team
from accounts.services import ACCESS_LOG_RETENTION_TOO_SHORT, MIN_ACCESS_LOG_RETENTION_MONTHS


class TeamChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=None,
            required=False,
            to_field_name="public_id",
            label=_("Team"),
            empty_label=_("Intet team"),
            **kwargs,
        )


class MemberFilterForm(forms.Form):
    """The member list's search, filters and sorting; read from and kept in the URL."""

    q = forms.CharField(label=_("Søg efter navn eller e-mail"), required=False, max_length=200)
    role = forms.ChoiceField(label=_("Rolle"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), ("1", _("Aktive")), ("0", _("Deaktiverede"))],
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for key in selectors.MEMBERSHIP_ORDERINGS],
        widget=forms.HiddenInput,
    )

    def __init__(self, data: Any, *, teams: Iterable[Team]) -> None:
        super().__init__(data)
        self.fields["role"].choices = [("", _("Alle roller")), *Role.choices]
        self.fields["team"].choices = [
            ("", _("Alle teams")),
            (selectors.NO_TEAM, _("Uden team")),
            *((str(team.public_id), team.name) for team in teams),
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters as selector arguments; a tampered value is ignored, not an error."""
        self.is_valid()
        data = self.cleaned_data
        active = data.get("active")
        return {
            "query": data.get("q") or "",
            "role": data.get("role") or "",
            "team": data.get("team") or "",
            "active": None if not active else active == "1",
            "order": data.get("sort") or selectors.MEMBERSHIP_DEFAULT_ORDER,
        }


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        help_text=_(
            "Står i invitationen. Har personen allerede en bruger i Jobbro, fx i et andet "
            "jobcenter, beholder de det navn, de har."
        ),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices, initial=Role.CONSULTANT)
    team = TeamChoiceField()
    company_cvr = forms.CharField(
        label=_("Virksomhedens CVR-nummer"),
        max_length=11,
        required=False,
        help_text=_("Kun for virksomhedskontakter: den virksomhed, personen taler for."),
    )

    def __init__(self, *args: Any, teams: Iterable[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["team"].queryset = teams


class AcceptInvitationForm(forms.Form):
    """Someone new to Jobbro accepts an invitation: their name and a password of their own."""

    name = forms.CharField(label=_("Dit navn"), max_length=200)
    password1 = forms.CharField(
        label=_("Vælg en adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "minlength": 12}),
        help_text=_(
            "Mindst 12 tegn. Brug gerne nogle ord, som kun du forbinder med hinanden; undgå "
            "almindelige ord, dit navn og rene tal."
        ),
    )
    password2 = forms.CharField(
        label=_("Gentag adgangskoden"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean(self) -> dict[str, Any]:
        from accounts.invitations import check_new_password

        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        elif first:
            try:
                check_new_password(
                    invitation=self.invitation, name=data.get("name") or "", password=first
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label=_("Ny e-mailadresse"),
        max_length=254,
        help_text=_(
            "Personen får et link på den nye adresse og bekræfter ændringen, logget ind som "
            "sig selv. Indtil da logger de ind med den nuværende adresse, som også får besked."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_email"].widget.attrs["autocomplete"] = "off"


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    team = TeamChoiceField()
    company_cvr = forms.CharField(
        label=_("Virksomhedens CVR-nummer"),
        max_length=11,
        required=False,
        help_text=_("Kun for virksomhedskontakter: den virksomhed, personen taler for."),
    )
    is_active = forms.BooleanField(
        label=_("Aktiv i jobcentret"),
        required=False,
        help_text=_(
            "Et deaktiveret medlem kan ikke længere logge ind i dette jobcenter. Personens "
            "bruger og adgang til andre jobcentre påvirkes ikke."
        ),
    )

    def __init__(self, *args: Any, teams: Iterable[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=120)


class ApiTokenForm(forms.Form):
    """A person's own new API token (Mine indstillinger): it is always their own."""

    name = forms.CharField(
        label=_("Navn på nøglen"),
        max_length=100,
        help_text=_("Fx det system, der skal bruge nøglen."),
    )
    read_only = forms.BooleanField(
        label=_("Kun læseadgang"),
        required=False,
        initial=True,
        help_text=_("Nøglen kan hente data, men ikke oprette, ændre eller slette."),
    )


class JobcenterSettingsForm(forms.Form):
    name = forms.CharField(label=_("Jobcentrets navn"), max_length=200)
    board_label = forms.CharField(
        label=_("Betegnelse for beskæftigelsesudvalget"),
        max_length=60,
        help_text=_("Fx LBR, RAR eller Beskæftigelsesudvalget. Vises i menuer og rapporter."),
    )
    access_log_retention_months = forms.IntegerField(
        label=_("Opbevaring af adgangsloggen (måneder)"),
        min_value=MIN_ACCESS_LOG_RETENTION_MONTHS,
        max_value=120,
        error_messages={"min_value": ACCESS_LOG_RETENTION_TOO_SHORT},
        help_text=_("Mindst 6 måneder. Ældre opslag slettes automatisk hver nat."),
    )
    candidate_retention_years = forms.IntegerField(
        label=_("Opbevaring af afsluttede borgere (år)"),
        min_value=1,
        max_value=20,
        help_text=_("Hvor mange år efter afslutningen en borgers oplysninger gemmes."),
    )
    contact_warning_days = forms.IntegerField(
        label=_("Advar om en kollegas kontakt inden for (dage)"),
        min_value=0,
        max_value=365,
        help_text=_(
            "Når en konsulent logger en kontakt, og en kollega har haft kontakt med samme "
            "virksomhed inden for så mange dage, vises en advarsel. 0 slår advarslen fra."
        ),
    )
    opening_take_up_days = forms.IntegerField(
        label=_("En ny jobåbning skal tages op inden for (arbejdsdage)"),
        min_value=1,
        max_value=30,
        help_text=_("Derefter får den faste kontaktperson en påmindelse, og lederen ser den."),
    )
    closing_days = forms.CharField(
        label=_("Lukkedage"),
        required=False,
        max_length=600,
        help_text=_(
            "Dage, hvor jobcentret er lukket, ud over weekender og helligdage (dem kender "
            "Jobbro). Tæller ikke som arbejdsdage. Adskil med komma: dd.mm hvert år, fx 24.12, "
            "eller dd.mm.åååå én gang, fx 15.05.2026."
        ),
    )
    priority_label_1 = forms.CharField(label=_("Navn på prioritetsgruppe 1"), max_length=60)
    priority_label_2 = forms.CharField(label=_("Navn på prioritetsgruppe 2"), max_length=60)
    priority_label_3 = forms.CharField(label=_("Navn på prioritetsgruppe 3"), max_length=60)
    priority_label_4 = forms.CharField(label=_("Navn på prioritetsgruppe 4"), max_length=60)

    def clean_closing_days(self) -> list[str]:
        return working_days.parse_closing_days(self.cleaned_data.get("closing_days") or "")
