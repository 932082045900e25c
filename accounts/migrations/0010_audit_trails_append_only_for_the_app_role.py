"""The audit trails no longer open for a setting a session could change.

- The access log is pruned by `accounts_accesslog_prune()`, which runs as the tables' owner
  and deletes only what is older than the jobcenter's retention (at least 6 months); the
  append-only trigger lets a DELETE through only for the owner, so the application's role
  cannot delete a row by turning a setting on.
- PlatformAudit becomes append-only in the database too.
"""

from __future__ import annotations

from django.db import migrations

ACCESS_LOG = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Only accounts_accesslog_prune() deletes: it runs as the table's owner.
    IF TG_OP = 'DELETE' AND pg_has_role(
        current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER'
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Deletes the current jobcenter's rows older than its retention, never less than 6 months,
-- whatever the caller sets. Row-level security still binds it to the caller's jobcenter.
CREATE OR REPLACE FUNCTION accounts_accesslog_prune() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant bigint := NULLIF(current_setting('app.tenant_id', true), '')::bigint;
    months integer;
    deleted bigint;
BEGIN
    SELECT GREATEST(6, access_log_retention_months) INTO months
    FROM accounts_jobcenter WHERE id = tenant;
    IF months IS NULL THEN
        RAISE EXCEPTION 'accounts_accesslog_prune() runs inside a jobcenter''s scope';
    END IF;
    DELETE FROM accounts_accesslog
    WHERE tenant_id = tenant AND at < now() - make_interval(months => months);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END
$$;

CREATE OR REPLACE FUNCTION accounts_platformaudit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the platform audit is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER platformaudit_append_only BEFORE UPDATE OR DELETE ON accounts_platformaudit
FOR EACH ROW EXECUTE FUNCTION accounts_platformaudit_append_only();
"""

REVERSE_ACCESS_LOG = """
DROP TRIGGER IF EXISTS platformaudit_append_only ON accounts_platformaudit;
DROP FUNCTION IF EXISTS accounts_platformaudit_append_only();
DROP FUNCTION IF EXISTS accounts_accesslog_prune();
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('app.access_log_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only (% refused)', TG_OP;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_platform_access_by_role_only")]

    operations = [migrations.RunSQL(ACCESS_LOG, REVERSE_ACCESS_LOG)]
