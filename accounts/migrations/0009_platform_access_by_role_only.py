"""The tenant policies lose their `app.platform` alternative: platform-wide access belongs to the
platform role (BYPASSRLS), used by accounts.tenancy.platform_scope(), never to a setting a
session could change."""

from __future__ import annotations

from django.db import migrations

from accounts.rls import RewriteTenantPolicies


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_user_reminder_emails")]

    operations = [RewriteTenantPolicies()]
