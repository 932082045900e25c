"""Lock one: the ORM refuses to read tenant rows outside a scope, and start-up refuses a
model that is neither scoped nor declared global."""

from __future__ import annotations

import pytest
from django.db import models
from django.test.utils import isolate_apps

from accounts.checks import scoping_errors
from accounts.models import Membership, Team
from accounts.tenancy import ScopeError, TenantModel, tenant_scope

pytestmark = pytest.mark.django_db


def test_a_tenant_model_cannot_be_queried_without_a_scope(personas) -> None:
    with pytest.raises(ScopeError):
        list(Membership.objects.all())
    with pytest.raises(ScopeError):
        Team.objects.count()


def test_inside_a_scope_the_orm_sees_only_that_jobcenter(personas) -> None:
    with tenant_scope(personas.aalborg):
        emails = sorted(Membership.objects.values_list("user__email", flat=True))

    assert emails == ["admin@aalborg.example", "consultant@aalborg.example"]


def test_a_row_of_another_jobcenter_cannot_be_saved_inside_a_scope(personas) -> None:
    with tenant_scope(personas.roskilde):
        team = Team(tenant=personas.aalborg, name="Smuglet")
        with pytest.raises(ScopeError):
            team.save()


def test_nested_scopes_restore_the_outer_jobcenter(personas) -> None:
    with tenant_scope(personas.roskilde):
        with tenant_scope(personas.aalborg):
            assert Membership.objects.count() == 2
        assert Membership.objects.count() == 5


def test_our_models_are_all_scoped_or_declared_global() -> None:
    from django.apps import apps

    assert scoping_errors(apps.get_models()) == []


@isolate_apps("companies")
def test_start_up_refuses_a_model_that_is_neither_scoped_nor_global() -> None:
    class Stray(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "companies"

    class Scoped(TenantModel):
        tags = models.ManyToManyField("self")

        class Meta:
            app_label = "companies"

    errors = {error.id: error.msg for error in scoping_errors([Stray, Scoped])}

    assert "companies.Stray is neither tenant-scoped nor declared global." in errors["jobbro.E001"]
    assert "many-to-many" in errors["jobbro.E004"]
