from __future__ import annotations

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('app.access_log_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only (% refused)', TG_OP;
END
$$;
CREATE TRIGGER accesslog_append_only BEFORE UPDATE OR DELETE ON accounts_accesslog
FOR EACH ROW EXECUTE FUNCTION accounts_accesslog_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS accesslog_append_only ON accounts_accesslog;
DROP FUNCTION IF EXISTS accounts_accesslog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        EnableRowLevelSecurity("accounts_team"),
        EnableRowLevelSecurity(
            "accounts_membership",
            extra_read_condition="user_id = NULLIF(current_setting('app.user_id', true), '')::bigint",
        ),
        EnableRowLevelSecurity(
            "accounts_apitoken",
            extra_read_condition="key_hash = NULLIF(current_setting('app.token_hash', true), '')",
        ),
        EnableRowLevelSecurity("accounts_accesslog"),
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
    ]
