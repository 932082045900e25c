"""The platform staff's admin: jobcenters and their first admin, users, and their second
factors. Every staff action on a user, a membership or a second factor asks why, and writes
the reason to PlatformAudit; without a reason the action is refused.

Tenant data (members, citizens, companies) is deliberately not here: it is reached only inside
a jobcenter, by its own members. Users are not added here either: people come in through an
invitation (accounts.invitations), platform staff through `manage.py createsuperuser`.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import admin_thirdparty, invitations, services
from accounts.models import Jobcenter, Membership, PlatformAudit, User
from accounts.tenancy import tenant_scope


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Begrundelse"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Hvorfor gør du det? Fx sagsnummer eller hvem der bad om det. Skrives i "
            "platformens revisionslog med dit navn og tidspunktet."
        ),
    )


def _notify(user: User, subject: str, body: str) -> None:
    """Tell the person what platform staff did to their user, so they notice if they did not
    ask for it."""
    send_mail(subject, body, None, [user.email])


class UserChangeForm(DjangoUserChangeForm):
    reason = reason_field()

    class Meta(DjangoUserChangeForm.Meta):
        model = User
        fields = "__all__"


class PasswordChangeForm(AdminPasswordChangeForm):
    reason = reason_field()


class MfaResetForm(forms.Form):
    reason = reason_field()


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    change_password_form = PasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "name"]
    readonly_fields = ["second_factor", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name",)}),
        (_("Totrinsbekræftelse"), {"fields": ("second_factor",)}),
        (_("Rettigheder"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Datoer"), {"fields": ("last_login", "date_joined")}),
        (_("Hvorfor"), {"fields": ("reason",)}),
    )
    actions: list[Any] = []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a user would delete their memberships in every jobcenter: deactivate them.
        return False

    @admin.display(description=_("Godkenderapp"))
    def second_factor(self, obj: User) -> str:
        kinds = list(
            Authenticator.objects.filter(user=obj)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
            .values_list("type", flat=True)
        )
        url = reverse("admin:accounts_user_mfa_reset", args=[obj.pk])
        if not kinds:
            return gettext("Ingen. Personen sætter en op, næste gang de logger ind.")
        return format_html(
            '{} <a href="{}">{}</a>',
            gettext("Sat op."),
            url,
            gettext("Nulstil totrinsbekræftelsen"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/totrinsbekraeftelse/",
                self.admin_site.admin_view(self.mfa_reset_view),
                name="accounts_user_mfa_reset",
            ),
            *super().get_urls(),
        ]

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        old_email = User.objects.filter(pk=obj.pk).values_list("email", flat=True).first()
        super().save_model(request, obj, form, change)
        changed = ", ".join(name for name in form.changed_data if name != "reason") or "-"
        services.platform_audit(
            actor=request.user,  # type: ignore[arg-type]
            action=f"Ændrede brugeren {obj.email} (user {obj.pk}): {changed}.",
            reason=form.cleaned_data["reason"],
        )
        if old_email and old_email.lower() != obj.email.lower():
            services.user_mark_address_verified(user=obj)
            old = User(email=old_email)
            _notify(
                old,
                gettext("Din e-mailadresse i Jobbro er ændret"),
                gettext(
                    "Jobbros platformsadministration har ændret den e-mailadresse, du logger "
                    "ind med, fra %(old)s til %(new)s. Var det ikke aftalt med dig, så "
                    "kontakt dit jobcenter med det samme."
                )
                % {"old": old_email, "new": obj.email},
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # The password and its audit row are saved together, or neither is.
        request.jobbro_password_change = True  # type: ignore[attr-defined]
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        if getattr(request, "jobbro_password_change", False):
            # Django's password view calls this once the form (reason included) is valid.
            services.platform_audit(
                actor=request.user,  # type: ignore[arg-type]
                action=f"Satte en ny adgangskode for {obj.email} (user {obj.pk}).",
                reason=request.POST.get("reason", ""),
            )
            _notify(
                obj,
                gettext("Din adgangskode til Jobbro er ændret"),
                gettext(
                    "Jobbros platformsadministration har givet dig en ny adgangskode. Var det "
                    "ikke aftalt med dig, så kontakt dit jobcenter med det samme."
                ),
            )
        return entry

    def mfa_reset_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Remove a person's authenticator app and recovery codes (a lost phone): they enrol
        a new one at their next sign-in. Asks why, and audits it."""
        user = get_object_or_404(User, pk=object_id)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        form = MfaResetForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                removed, _detail = Authenticator.objects.filter(user=user).delete()
                services.platform_audit(
                    actor=request.user,  # type: ignore[arg-type]
                    action=(
                        f"Nulstillede totrinsbekræftelsen for {user.email} (user {user.pk}): "
                        f"{removed} fjernet."
                    ),
                    reason=form.cleaned_data["reason"],
                )
            _notify(
                user,
                gettext("Din totrinsbekræftelse i Jobbro er nulstillet"),
                gettext(
                    "Jobbros platformsadministration har fjernet godkenderappen fra din bruger. "
                    "Næste gang du logger ind, sætter du en ny op. Var det ikke aftalt med dig, "
                    "så kontakt dit jobcenter med det samme."
                ),
            )
            self.message_user(
                request,
                gettext("Totrinsbekræftelsen for %(email)s er nulstillet.") % {"email": user.email},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": gettext("Nulstil totrinsbekræftelsen for %(email)s") % {"email": user.email},
            "form": form,
            "authenticators": Authenticator.objects.filter(user=user),
        }
        return TemplateResponse(request, "admin/accounts/user/mfa_reset.html", context)


# Second factors and addresses are changed only through the audited actions above, or by the
# person themself (/konto/2fa/); the lists stay readable.
admin.site.unregister(Authenticator)
admin.site.unregister(EmailAddress)


class ReadOnlyAdmin(admin.ModelAdmin):
    actions: list[Any] = []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdmin):
    person = admin_thirdparty.shown("user", _("Bruger"))
    created = admin_thirdparty.shown("created_at", _("Oprettet"))
    last_used = admin_thirdparty.shown("last_used_at", _("Senest brugt"))

    list_display = ["person", "kind", "created", "last_used"]
    readonly_fields = list_display
    fields = list_display
    search_fields = ["user__email"]

    @admin.display(description=_("Type"), ordering="type")
    def kind(self, obj: Authenticator) -> str:
        return obj.get_type_display()


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyAdmin):
    list_display = ["email", "user", "primary", "verified"]
    search_fields = ["email", "user__email"]


class JobcenterAdminForm(forms.ModelForm):
    first_admin_email = forms.EmailField(
        label=_("Første administrator (e-mail)"),
        required=False,
        help_text=_(
            "Kun for et jobcenter uden medlemmer. Personen får en invitation på e-mail og "
            "bliver administrator, når de tager imod. Derefter inviterer jobcentret selv."
        ),
    )
    first_admin_name = forms.CharField(
        label=_("Første administrator (navn)"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Begrundelse for den første administrator"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Skrives i platformens revisionslog, når der inviteres en administrator."),
    )

    class Meta:
        model = Jobcenter
        fields = [
            "name",
            "slug",
            "municipality_code",
            "board_label",
            "access_log_retention_months",
            "candidate_retention_years",
            "is_active",
        ]
        # The model's own text names the address as /<kort navn>/…, which the admin shows as
        # HTML, so the brackets vanish; an example says it better.
        help_texts = {
            "slug": _(
                "Står i alle jobcentrets adresser: fx koege giver /koege/. Små bogstaver, tal og "
                "bindestreger; æ, ø og å skrives ae, oe og aa."
            ),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("first_admin_email"):
            return data
        if not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv, hvorfor personen skal være administrator."))
        if self.instance.pk is not None:
            with tenant_scope(self.instance):
                has_members = Membership.objects.exists()
            if has_members:
                self.add_error(
                    "first_admin_email",
                    _(
                        "Jobcentret har allerede medlemmer. Dets egne administratorer inviterer "
                        "nye personer under Indstillinger → Brugere."
                    ),
                )
        return data


@admin.register(Jobcenter)
class JobcenterAdmin(admin.ModelAdmin):
    """Platform staff create jobcenters here and invite their first admin."""

    form = JobcenterAdminForm
    list_display = ["name", "slug", "municipality_code", "board_label", "is_active", "created_at"]
    search_fields = ["name", "slug", "municipality_code"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Jobcenter, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        email = form.cleaned_data.get("first_admin_email")
        if email:
            invitation = invitations.invitation_create_first_admin(
                actor=request.user,  # type: ignore[arg-type]
                jobcenter=obj,
                email=email,
                name=form.cleaned_data.get("first_admin_name") or "",
                reason=form.cleaned_data["reason"],
            )
            self.message_user(
                request,
                gettext("Invitationen er sendt til %(email)s.") % {"email": invitation.email},
                messages.SUCCESS,
            )


@admin.register(PlatformAudit)
class PlatformAuditAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "reason"]
    search_fields = ["actor", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
