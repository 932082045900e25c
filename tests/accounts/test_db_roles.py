"""The second lock cannot be opened from the application's connection.

These tests run as the application's database role, as every test does (tests/conftest.py):
an attacker who can send it any SQL (an injection, a stolen connection) gets a permission error
for every statement that would switch row-level security off or lift it, and no setting a
session can change reveals another jobcenter's rows. Platform-wide access belongs to a role of
its own, which the application's role cannot become.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, router, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from psycopg import sql

from accounts.checks import platform_role_errors, runtime_role_errors
from accounts.models import AccessLog, Membership, PlatformAudit, Team
from accounts.tenancy import ScopeError, platform_connection, platform_scope, tenant_scope
from tests.db_roles import owner_connection, owner_credentials

pytestmark = pytest.mark.django_db

INSUFFICIENT_PRIVILEGE = "42501"


def owner_role() -> str:
    return owner_credentials()["USER"]


def platform_role() -> str:
    return settings.DATABASES["platform"]["USER"]


def run_as_application(statement: str, params: list[object] | None = None) -> DatabaseError:
    """Run one statement on the application's connection; return the error it raised."""
    with (
        pytest.raises(DatabaseError) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)
    return refused.value


def raw_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - constant names
        return cursor.fetchone()[0]


# Everything that would switch row-level security off, widen a policy, or get around it.
ATTACKS = {
    "no-force": "ALTER TABLE accounts_membership NO FORCE ROW LEVEL SECURITY",
    "disable": "ALTER TABLE accounts_membership DISABLE ROW LEVEL SECURITY",
    "drop-policy": "DROP POLICY tenant_isolation ON accounts_membership",
    "alter-policy": "ALTER POLICY tenant_isolation ON accounts_membership USING (true)",
    "create-policy": "CREATE POLICY everyone ON accounts_membership USING (true)",
    "take-ownership": "ALTER TABLE accounts_membership OWNER TO CURRENT_USER",
    "drop-table": "DROP TABLE accounts_membership",
    # TRUNCATE ignores row-level security: it would empty every jobcenter's table.
    "truncate": "TRUNCATE accounts_membership",
    "truncate-access-log": "TRUNCATE accounts_accesslog",
    "disable-append-only-trigger": (
        "ALTER TABLE accounts_accesslog DISABLE TRIGGER accesslog_append_only"
    ),
    "drop-append-only-trigger": "DROP TRIGGER accesslog_append_only ON accounts_accesslog",
    "replace-append-only-function": (
        "CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"
    ),
    # Replication mode skips every trigger, the append-only ones too.
    "skip-triggers": "SET session_replication_role = replica",
    "create-table": "CREATE TABLE public.stray (id integer)",
    "become-superuser": "ALTER ROLE CURRENT_USER SUPERUSER",
    "bypass-rls": "ALTER ROLE CURRENT_USER BYPASSRLS",
    "create-role": "CREATE ROLE intruder LOGIN BYPASSRLS",
}


@pytest.mark.parametrize("statement", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_application_role_cannot_switch_row_level_security_off(personas, statement) -> None:
    error = run_as_application(statement)

    assert error.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE, error
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname = 'accounts_membership'"
        )
        assert cursor.fetchone() == (True, True)
    assert raw_count("accounts_membership") == 0


@pytest.mark.parametrize("target", ["owner", "platform"])
def test_the_application_role_cannot_become_the_owner_or_the_platform_role(target) -> None:
    role = sql.Identifier(owner_role() if target == "owner" else platform_role())
    for template in (
        "SET ROLE {}",
        "GRANT {} TO CURRENT_USER",
        "ALTER ROLE {} PASSWORD 'known-now'",
    ):
        statement = sql.SQL(template).format(role).as_string()
        error = run_as_application(statement)
        assert error.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE, (statement, error)


def test_the_application_role_cannot_change_what_every_session_starts_with() -> None:
    # A temporary table first on every session's search path would shadow the real ones.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (database,) = cursor.fetchone()
    statement = (
        sql.SQL("ALTER DATABASE {} SET search_path = pg_temp, public")
        .format(sql.Identifier(database))
        .as_string()
    )

    assert run_as_application(statement).__cause__.sqlstate == INSUFFICIENT_PRIVILEGE


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("app.platform", "on"),
        ("app.platform", "true"),
        ("app.access_log_prune", "on"),
        ("app.candidate_retention", "on"),
        ("pgtrigger.ignore", "{tenant_isolation}"),
    ],
)
@pytest.mark.parametrize("is_local", [True, False], ids=["transaction", "session"])
def test_no_setting_lets_a_session_read_another_jobcenters_rows(
    personas, name, value, is_local
) -> None:
    aalborg = personas.aalborg.pk
    with tenant_scope(personas.roskilde), connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, %s)", [name, value, is_local])
        cursor.execute("SELECT count(*) FROM accounts_membership")
        (visible,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM accounts_membership WHERE tenant_id = %s", [aalborg])
        (foreign,) = cursor.fetchone()
        cursor.execute("SELECT set_config(%s, '', false)", [name])

    assert (visible, foreign) == (5, 0)


def test_outside_a_jobcenter_the_platform_setting_reveals_nothing(personas) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.platform', 'on', false)")
        try:
            assert raw_count("accounts_membership") == 0
        finally:
            cursor.execute("SELECT set_config('app.platform', '', false)")


def test_turning_row_level_security_off_for_the_session_is_refused_not_obeyed(personas) -> None:
    with (
        tenant_scope(personas.roskilde),
        pytest.raises(DatabaseError) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL row_security = off")
        cursor.execute("SELECT count(*) FROM accounts_membership")

    assert refused.value.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE


def test_the_access_log_cannot_be_deleted_by_turning_a_setting_on(personas) -> None:
    with tenant_scope(personas.roskilde):
        row = AccessLog.objects.create(
            user=personas.consultant_a,
            action="view",
            object_id="c1",
            at=timezone.now() - timedelta(days=800),
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.access_log_prune', 'on', true)")
        error = run_as_application("DELETE FROM accounts_accesslog WHERE id = %s", [row.pk])

        assert error.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE
        assert AccessLog.objects.filter(pk=row.pk).exists()


def test_the_prune_function_deletes_nothing_younger_than_six_months(personas) -> None:
    with tenant_scope(personas.roskilde):
        for days_ago in (10, 170, 200, 800):
            AccessLog.objects.create(
                user=personas.consultant_a,
                action="view",
                object_id=f"c{days_ago}",
                at=timezone.now() - timedelta(days=days_ago),
            )
        # The retention is at least 6 months; the database holds to that even if the
        # application's role tried to shorten it.
        error = run_as_application(
            "UPDATE accounts_jobcenter SET access_log_retention_months = 1 WHERE id = %s",
            [personas.roskilde.pk],
        )
        assert error.__cause__.sqlstate == "23514"  # check_violation
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_jobcenter SET access_log_retention_months = 6 WHERE id = %s",
                [personas.roskilde.pk],
            )
            cursor.execute("SELECT accounts_accesslog_prune()")
            (deleted,) = cursor.fetchone()
        left = sorted(AccessLog.objects.values_list("object_id", flat=True))

    assert deleted == 2
    assert left == ["c10", "c170"]


def test_the_platform_audit_cannot_be_erased_by_the_application_role(personas) -> None:
    PlatformAudit.objects.create(actor="platform@jobbro.example", reason="national aggregate")

    for statement in (
        "DELETE FROM accounts_platformaudit",
        "UPDATE accounts_platformaudit SET reason = 'nothing'",
        "TRUNCATE accounts_platformaudit",
    ):
        assert run_as_application(statement).__cause__.sqlstate == INSUFFICIENT_PRIVILEGE
    assert PlatformAudit.objects.get().reason == "national aggregate"


# --- who owns what ----------------------------------------------------------------------------


def test_the_migrations_ran_as_the_owner_role_which_the_application_role_is_not() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = current_schema()"
        )
        owners = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT current_user, pg_has_role(current_user, %s, 'MEMBER'), "
            "pg_has_role(current_user, %s, 'MEMBER')",
            [owner_role(), platform_role()],
        )
        me, in_owner, in_platform = cursor.fetchone()

    assert owners == {owner_role()}
    assert me not in {owner_role(), platform_role()}
    assert not in_owner
    assert not in_platform


@pytest.mark.django_db(databases=["default", "platform"])
def test_the_deploy_check_accepts_the_roles_as_the_tests_use_them() -> None:
    with connection.cursor() as cursor:
        assert runtime_role_errors(cursor) == []
    with platform_connection().cursor() as cursor:
        assert platform_role_errors(cursor) == []


def test_the_deploy_check_refuses_an_application_role_that_owns_the_tables() -> None:
    with owner_connection() as owner, owner.cursor() as cursor:
        errors = runtime_role_errors(cursor)

    assert [error.id for error in errors] == ["jobbro.E008"]
    assert "owns the tenant tables" in errors[0].msg


def test_the_deploy_check_refuses_a_platform_role_without_bypassrls() -> None:
    with connection.cursor() as cursor:
        errors = platform_role_errors(cursor)

    assert [error.id for error in errors] == ["jobbro.E009"]
    assert "BYPASSRLS" in errors[0].msg


# --- the one way around it --------------------------------------------------------------------

PLATFORM = pytest.mark.django_db(transaction=True, databases=["default", "platform"])


@PLATFORM
def test_platform_scope_sees_every_jobcenter_through_its_own_role_and_is_audited() -> None:
    from tests.factories import make_personas

    make_personas()

    with platform_scope(actor="platform@jobbro.example", reason="national aggregate"):
        through_the_orm = Membership.objects.count()
        with platform_connection().cursor() as cursor:
            cursor.execute("SELECT count(*), current_user FROM accounts_membership")
            through_sql, role = cursor.fetchone()
        # The application's own connection stays bound meanwhile.
        beside = raw_count("accounts_membership")

    assert through_the_orm == through_sql == 7
    assert role == platform_role()
    assert beside == 0
    audit = PlatformAudit.objects.get()
    assert (audit.actor, audit.reason) == ("platform@jobbro.example", "national aggregate")
    assert raw_count("accounts_membership") == 0
    with pytest.raises(ScopeError):
        Membership.objects.count()


@PLATFORM
def test_platform_scope_writes_through_the_platform_role_and_lets_nothing_outlive_it() -> None:
    from tests.factories import make_personas

    personas = make_personas()

    with platform_scope(actor="platform@jobbro.example", reason="grant project teams"):
        team = Team.objects.create(tenant=personas.aalborg, name="Fælles projekt")
        assert team._state.db == "platform"

    # An object read inside the scope is written through the application's role afterwards.
    assert router.db_for_write(Team, instance=team) == "default"
    assert router.db_for_read(Team, instance=team) == "default"
    with tenant_scope(personas.aalborg):
        assert Team.objects.filter(name="Fælles projekt").count() == 1
    with tenant_scope(personas.roskilde):
        assert not Team.objects.filter(name="Fælles projekt").exists()


def test_platform_scope_refuses_to_run_without_a_platform_role(monkeypatch) -> None:
    monkeypatch.delitem(settings.DATABASES, "platform")

    with (
        pytest.raises(ImproperlyConfigured, match="DATABASE_PLATFORM_URL"),
        platform_scope(actor="platform@jobbro.example", reason="national aggregate"),
    ):
        pass
