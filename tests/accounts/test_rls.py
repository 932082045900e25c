"""Lock two: PostgreSQL row-level security on every tenant table, failing closed."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.utils import DatabaseError

from accounts import access_log
from accounts.models import AccessLog, Membership, Team
from accounts.tenancy import TenantModel, platform_connection, platform_scope, tenant_scope

pytestmark = pytest.mark.django_db


def tenant_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, TenantModel) and not model._meta.proxy
    )


def raw_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from models
        return cursor.fetchone()[0]


def test_there_are_tenant_tables_to_check() -> None:
    assert {"accounts_membership", "accounts_team", "accounts_accesslog"} <= set(tenant_tables())


@pytest.mark.parametrize("table", tenant_tables())
def test_every_tenant_table_has_row_level_security_enabled_forced_and_a_policy(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = %s", [table]
        )
        enabled, forced = cursor.fetchone()
        cursor.execute(
            "SELECT qual, with_check FROM pg_policies WHERE tablename = %s "
            "AND policyname = 'tenant_isolation'",
            [table],
        )
        policy = cursor.fetchone()

    assert enabled, f"{table}: row-level security is not enabled"
    assert forced, f"{table}: row-level security is not forced (the owner would bypass it)"
    assert policy is not None, f"{table}: no tenant_isolation policy"
    qual, with_check = policy
    assert "app.tenant_id" in qual
    assert "app.tenant_id" in with_check
    # Platform-wide access is the platform role's, never a setting's.
    assert "app.platform" not in qual + with_check


def test_the_application_role_cannot_bypass_row_level_security() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        superuser, bypass = cursor.fetchone()

    assert not superuser, "the application connects as a superuser"
    assert not bypass, "the application role has BYPASSRLS"


@pytest.mark.parametrize("table", tenant_tables())
def test_raw_sql_without_a_tenant_sees_no_rows(personas, table: str) -> None:
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            access_log.record(user=personas.consultant_a, action="view", object_id="x")
            Team.objects.create(name=f"Team {jobcenter.slug}")

    assert raw_count(table) == 0

    with tenant_scope(personas.roskilde):
        assert raw_count("accounts_membership") == Membership.objects.count() > 0
    assert raw_count(table) == 0


def test_raw_sql_in_a_tenant_sees_only_that_tenants_rows(personas) -> None:
    with tenant_scope(personas.roskilde):
        roskilde_members = raw_count("accounts_membership")
    with tenant_scope(personas.aalborg):
        aalborg_members = raw_count("accounts_membership")

    assert roskilde_members == 5
    assert aalborg_members == 2


def test_a_row_cannot_be_written_into_another_tenant_by_raw_sql(personas) -> None:
    with (
        tenant_scope(personas.roskilde),
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO accounts_team (tenant_id, public_id, name, created_at) "
            "VALUES (%s, gen_random_uuid(), 'Smuglet', now())",
            [personas.aalborg.pk],
        )


@pytest.mark.django_db(transaction=True, databases=["default", "platform"])
def test_the_platform_escape_sees_every_tenant_and_is_audited() -> None:
    from accounts.models import PlatformAudit
    from tests.factories import make_personas

    make_personas()

    with platform_scope(actor="platform@jobbro.example", reason="national aggregate"):
        everyone = Membership.objects.count()
        with platform_connection().cursor() as cursor:
            cursor.execute("SELECT count(*) FROM accounts_membership")
            (raw,) = cursor.fetchone()

    assert everyone == raw == 7
    audit = PlatformAudit.objects.get()
    assert audit.reason == "national aggregate"
    assert raw_count("accounts_membership") == 0


def test_the_access_log_is_append_only(personas) -> None:
    with tenant_scope(personas.roskilde):
        row = access_log.record(user=personas.consultant_a, action="view", object_id="c1")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLog.objects.filter(pk=row.pk).update(purpose="changed")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLog.objects.filter(pk=row.pk).delete()
        assert AccessLog.objects.get(pk=row.pk).purpose == ""
