from __future__ import annotations

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

TABLES = [
    "placements_placementtype",
    "placements_cadencestep",
    "placements_placement",
    "placements_placementevent",
    "placements_aftercheck",
    "placements_followup",
    "placements_followupevent",
]

# The database refuses a placement in a ceased company or for a closed or anonymised candidate,
# whoever writes it (the service says so in Danish first).
GUARD = """
CREATE OR REPLACE FUNCTION placements_placement_guard() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM companies_company WHERE id = NEW.company_id AND status = 'ceased') THEN
        RAISE EXCEPTION 'placement in a ceased company' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM candidates_candidate
        WHERE id = NEW.candidate_id AND (status = 'closed' OR anonymised_at IS NOT NULL)
    ) THEN
        RAISE EXCEPTION 'placement for a closed candidate' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER placements_placement_guard
    BEFORE INSERT OR UPDATE OF company_id, candidate_id ON placements_placement
    FOR EACH ROW EXECUTE FUNCTION placements_placement_guard();
"""

DROP_GUARD = """
DROP TRIGGER IF EXISTS placements_placement_guard ON placements_placement;
DROP FUNCTION IF EXISTS placements_placement_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [
        *(EnableRowLevelSecurity(table) for table in TABLES),
        migrations.RunSQL(GUARD, DROP_GUARD),
    ]
