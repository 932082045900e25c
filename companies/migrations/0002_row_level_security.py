from __future__ import annotations

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

TABLES = [
    "companies_company",
    "companies_companyfollower",
    "companies_workplace",
    "companies_contactperson",
    "companies_contactpurpose",
    "companies_activity",
    "companies_activitycontact",
    "companies_keyaccounthandover",
    "companies_jobopening",
]


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [EnableRowLevelSecurity(table) for table in TABLES]
