"""Row-level security for tenant tables, as migration operations.

Every migration that creates a tenant table adds `EnableRowLevelSecurity("<table>")` after it;
`tests/accounts/test_rls.py` fails when a tenant table lacks it.

The policy has no way around it for a setting: platform-wide access belongs to a role with
BYPASSRLS, used only by accounts.tenancy.platform_scope().
"""

from __future__ import annotations

from django.db import migrations

# The setting is read in a sub-select, which PostgreSQL evaluates once per query (an
# InitPlan) instead of once per row: a third off a count over 200,000 rows.
TENANT_CONDITION = "tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)"


def policy_sql(table: str, extra_read_condition: str | None = None) -> str:
    sql = (
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY;\n'
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY;\n'
        f'DROP POLICY IF EXISTS tenant_isolation ON "{table}";\n'
        f'CREATE POLICY tenant_isolation ON "{table}" USING ({TENANT_CONDITION}) '
        f"WITH CHECK ({TENANT_CONDITION});"
    )
    if extra_read_condition:
        # Permissive policies are OR-ed: this one widens reading only, never writing.
        sql += (
            f'\nDROP POLICY IF EXISTS extra_read ON "{table}";\n'
            f'CREATE POLICY extra_read ON "{table}" FOR SELECT USING ({extra_read_condition});'
        )
    return sql


def reverse_sql(table: str) -> str:
    return (
        f'DROP POLICY IF EXISTS extra_read ON "{table}";\n'
        f'DROP POLICY IF EXISTS tenant_isolation ON "{table}";\n'
        f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY;\n'
        f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY;'
    )


class EnableRowLevelSecurity(migrations.RunSQL):
    """ENABLE and FORCE row-level security on a tenant table, with the tenant policy.

    `extra_read_condition` widens what may be *read* (never written): e.g. a person's own
    memberships in other jobcenters.
    """

    def __init__(self, table: str, extra_read_condition: str | None = None) -> None:
        self.table = table
        self.extra_read_condition = extra_read_condition
        super().__init__(
            sql=policy_sql(table, extra_read_condition),
            reverse_sql=reverse_sql(table),
        )

    def deconstruct(self) -> tuple[str, list[object], dict[str, object]]:
        kwargs: dict[str, object] = {"table": self.table}
        if self.extra_read_condition:
            kwargs["extra_read_condition"] = self.extra_read_condition
        return (f"{type(self).__module__}.{type(self).__name__}", [], kwargs)

    def describe(self) -> str:
        return f"Enable row-level security on {self.table}"


class RewriteTenantPolicies(migrations.RunSQL):
    """Bring every existing tenant_isolation policy to the current TENANT_CONDITION (tables
    created later get it from EnableRowLevelSecurity)."""

    def __init__(self) -> None:
        clause = f"USING ({TENANT_CONDITION}) WITH CHECK ({TENANT_CONDITION})"
        super().__init__(
            # The condition is a constant of this module, not input.
            sql=f"""
DO $$
DECLARE policy record;
BEGIN
    FOR policy IN
        SELECT tablename FROM pg_policies
        WHERE policyname = 'tenant_isolation' AND schemaname = current_schema()
    LOOP
        EXECUTE format(
            $sql$ALTER POLICY tenant_isolation ON %I {clause}$sql$,
            policy.tablename
        );
    END LOOP;
END $$;
""",  # noqa: S608
            reverse_sql=migrations.RunSQL.noop,
        )

    def deconstruct(self) -> tuple[str, list[object], dict[str, object]]:
        return (f"{type(self).__module__}.{type(self).__name__}", [], {})
