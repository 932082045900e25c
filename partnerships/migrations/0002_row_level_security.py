from __future__ import annotations

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

TABLES = [
    "partnerships_agreementtype",
    "partnerships_agreement",
    "partnerships_agreementevent",
    "partnerships_agreementworkplace",
    "partnerships_agreementparty",
    "partnerships_agreementsignatory",
    "partnerships_commitment",
    "partnerships_centrecontract",
    "partnerships_centrecontractevent",
    "partnerships_centretargetgroup",
    "partnerships_centrementor",
    "partnerships_waitinglistentry",
    "partnerships_jobpackage",
    "partnerships_jobpackagemodule",
    "partnerships_jobpackageparticipant",
    "partnerships_moduleprogress",
]


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [EnableRowLevelSecurity(table) for table in TABLES]
