from __future__ import annotations

import csv
from pathlib import Path

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

TABLES = [
    "candidates_targetgroup",
    "candidates_assessmentscheme",
    "candidates_staircasestep",
    "candidates_candidate",
    "candidates_candidateevent",
    "candidates_candidateoccupation",
    "candidates_assessment",
    "candidates_sensitivenote",
    "candidates_sensitivenoteevent",
    "candidates_consent",
    "candidates_consentevent",
    "candidates_staircaseplan",
    "candidates_staircasesubgoal",
    "candidates_staircasemove",
]

# An assessment is never overwritten: a new assessment is a new row. Only the retention job
# (candidates/retention.py) may blank an anonymised candidate's notes, with this switch on.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION candidates_assessment_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('app.candidate_retention', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION 'assessments are never changed: record a new assessment instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER candidates_assessment_append_only
    BEFORE UPDATE ON candidates_assessment
    FOR EACH ROW EXECUTE FUNCTION candidates_assessment_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS candidates_assessment_append_only ON candidates_assessment;
DROP FUNCTION IF EXISTS candidates_assessment_append_only();
"""


def load_occupations(apps, schema_editor):
    Occupation = apps.get_model("candidates", "Occupation")
    path = Path(__file__).resolve().parent.parent / "data" / "disco08.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    Occupation.objects.bulk_create(
        [Occupation(code=row["code"], title=row["title"]) for row in rows],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0001_initial")]

    operations = [
        *(EnableRowLevelSecurity(table) for table in TABLES),
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
        migrations.RunPython(load_occupations, migrations.RunPython.noop),
    ]
