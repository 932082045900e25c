from __future__ import annotations

from django.db import migrations

from accounts.rls import RewriteTenantPolicies


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_jobfile")]

    operations = [RewriteTenantPolicies()]
