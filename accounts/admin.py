from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Jobcenter, PlatformAudit, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name",)}),
        (_("Rettigheder"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Datoer"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class JobcenterAdminForm(forms.ModelForm):
    first_admin_email = forms.EmailField(
        label=_("Første administrator (e-mail)"),
        required=False,
        help_text=_(
            "Opretter personen som administrator i jobcentret. Findes personen ikke, oprettes "
            "en bruger uden adgangskode; personen vælger selv én via 'Glemt adgangskode'."
        ),
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


@admin.register(Jobcenter)
class JobcenterAdmin(admin.ModelAdmin):
    """Platform staff create jobcenters and their first admin here. Tenant data (members,
    citizens, companies) is deliberately not in this admin: it is reached only inside a
    jobcenter, by its own members."""

    form = JobcenterAdminForm
    list_display = ["name", "slug", "municipality_code", "board_label", "is_active", "created_at"]
    search_fields = ["name", "slug", "municipality_code"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Jobcenter, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        email = form.cleaned_data.get("first_admin_email")
        if email:
            services.jobcenter_add_admin(actor=request.user, jobcenter=obj, email=email)


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
