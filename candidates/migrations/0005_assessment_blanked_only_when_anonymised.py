"""An assessment may be changed in one way only: its note blanked once its candidate has been
anonymised (candidates/retention.py). That is a rule on the data, not a setting a session
could turn on, so the application's role cannot rewrite an assessment's value or date."""

from __future__ import annotations

from django.db import migrations

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION candidates_assessment_append_only() RETURNS trigger AS $$
BEGIN
    IF NEW.note = ''
        AND to_jsonb(NEW) - 'note' = to_jsonb(OLD) - 'note'
        AND EXISTS (
            SELECT 1 FROM candidates_candidate
            WHERE id = NEW.candidate_id AND anonymised_at IS NOT NULL
        )
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'assessments are never changed: record a new assessment instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION candidates_assessment_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('app.candidate_retention', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION 'assessments are never changed: record a new assessment instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("candidates", "0004_anonymised_index")]

    operations = [migrations.RunSQL(APPEND_ONLY, PREVIOUS)]
