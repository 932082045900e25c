"""Row-level security on every networks table, and the guards the ORM cannot declare:

- composite foreign keys that bind a participant token, a ballot, its picks and a group's goal
  to one meeting (a token of one meeting can never carry a ballot into another's vote);
- a deferred constraint trigger: a ballot has exactly its vote's number of picks when the
  transaction commits, and was cast while its vote was open (not before it was opened, not
  after it was closed); a vote's number of picks cannot change once ballots are cast.

Tokens, RSVP links and join codes are found by their hash before the jobcenter is known: an
extra_read policy shows the rows whose hash is app.link_hash (accounts.tenancy.set_db_link),
as for the jobcenter invitations."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

LINK = "NULLIF(current_setting('app.link_hash', true), '')"

TABLES = [
    "networks_networkkind",
    "networks_network",
    "networks_networkmember",
    "networks_agendaitem",
    "networks_attendance",
    "networks_goalproposal",
    "networks_vote",
    "networks_ballot",
    "networks_ballotpick",
    "networks_goalgroup",
    "networks_groupgoal",
    "networks_groupcomment",
    "networks_workinggroup",
    "networks_workinggroupmember",
    "networks_workinggroupgoal",
    "networks_actionitem",
    "networks_rolemodel",
    "networks_rolemodelappearance",
]

COMPOSITE_KEYS = [
    # (table, constraint, columns, referenced table, referenced columns)
    (
        "networks_participanttoken",
        "participant_token_same_meeting",
        "tenant_id, attendance_id, meeting_id",
        "networks_attendance",
        "tenant_id, id, meeting_id",
    ),
    (
        "networks_ballot",
        "ballot_attendance_same_meeting",
        "tenant_id, attendance_id, meeting_id",
        "networks_attendance",
        "tenant_id, id, meeting_id",
    ),
    (
        "networks_ballot",
        "ballot_vote_same_meeting",
        "tenant_id, vote_id, meeting_id",
        "networks_vote",
        "tenant_id, id, meeting_id",
    ),
    (
        "networks_ballotpick",
        "ballot_pick_same_vote",
        "tenant_id, ballot_id, vote_id",
        "networks_ballot",
        "tenant_id, id, vote_id",
    ),
    (
        "networks_ballotpick",
        "ballot_pick_vote_same_meeting",
        "tenant_id, vote_id, meeting_id",
        "networks_vote",
        "tenant_id, id, meeting_id",
    ),
    (
        "networks_ballotpick",
        "ballot_pick_proposal_same_meeting",
        "tenant_id, proposal_id, meeting_id",
        "networks_goalproposal",
        "tenant_id, id, meeting_id",
    ),
    (
        "networks_groupgoal",
        "group_goal_group_same_meeting",
        "tenant_id, group_id, meeting_id",
        "networks_goalgroup",
        "tenant_id, id, meeting_id",
    ),
    (
        "networks_groupgoal",
        "group_goal_proposal_same_meeting",
        "tenant_id, proposal_id, meeting_id",
        "networks_goalproposal",
        "tenant_id, id, meeting_id",
    ),
]


def composite_sql() -> str:
    return "\n".join(
        f'ALTER TABLE "{table}" ADD CONSTRAINT {name} FOREIGN KEY ({columns}) '
        f'REFERENCES "{target}" ({target_columns}) ON DELETE CASCADE '
        "DEFERRABLE INITIALLY DEFERRED;"
        for table, name, columns, target, target_columns in COMPOSITE_KEYS
    )


def composite_reverse_sql() -> str:
    return "\n".join(
        f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS {name};'
        for table, name, _columns, _target, _target_columns in COMPOSITE_KEYS
    )


# Runs when the transaction commits, after the tenant scope has put app.tenant_id back, so it
# reads the rows of the ballot's own jobcenter with the setting made local to the check (and
# put back after): row-level security binds this function as it binds the application.
BALLOT_CHECK_SQL = """
CREATE FUNCTION networks_ballot_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_tenant bigint;
    ballot bigint;
    previous text := current_setting('app.tenant_id', true);
    wanted int;
    vote_status text;
    vote_closed timestamptz;
    ballot_cast timestamptz;
    got int;
    present boolean;
BEGIN
    IF TG_TABLE_NAME = 'networks_ballot' THEN
        row_tenant := NEW.tenant_id;
        ballot := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        row_tenant := OLD.tenant_id;
        ballot := OLD.ballot_id;
    ELSE
        row_tenant := NEW.tenant_id;
        ballot := NEW.ballot_id;
    END IF;
    PERFORM set_config('app.tenant_id', row_tenant::text, true);
    SELECT v.picks_required, v.status, v.closed_at, b.cast_at
      INTO wanted, vote_status, vote_closed, ballot_cast
      FROM networks_ballot b JOIN networks_vote v ON v.id = b.vote_id
     WHERE b.id = ballot;
    present := FOUND;
    IF present THEN
        SELECT count(*) INTO got FROM networks_ballotpick WHERE ballot_id = ballot;
    END IF;
    PERFORM set_config('app.tenant_id', COALESCE(previous, ''), true);
    IF NOT present THEN
        RETURN NULL;  -- the ballot went too (its vote or meeting was deleted)
    END IF;
    IF got <> wanted THEN
        RAISE EXCEPTION 'a ballot must have exactly % picks, ballot % has %', wanted, ballot, got
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ballot_exactly_n_picks';
    END IF;
    IF TG_OP <> 'DELETE'
       AND (vote_status = 'draft' OR (vote_status = 'closed' AND ballot_cast > vote_closed)) THEN
        RAISE EXCEPTION 'ballot % was cast while its vote was not open', ballot
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ballot_only_while_open';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ballot_exactly_n_picks
    AFTER INSERT ON networks_ballot
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION networks_ballot_check();

CREATE CONSTRAINT TRIGGER ballot_pick_exactly_n_picks
    AFTER INSERT OR UPDATE OR DELETE ON networks_ballotpick
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION networks_ballot_check();

CREATE FUNCTION networks_vote_picks_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.picks_required <> OLD.picks_required
       AND EXISTS (SELECT 1 FROM networks_ballot WHERE vote_id = NEW.id) THEN
        RAISE EXCEPTION 'vote % has ballots: its number of picks cannot change', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'vote_picks_fixed_once_cast';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER vote_picks_fixed_once_cast
    BEFORE UPDATE OF picks_required ON networks_vote
    FOR EACH ROW EXECUTE FUNCTION networks_vote_picks_fixed();
"""

BALLOT_CHECK_REVERSE_SQL = """
DROP TRIGGER IF EXISTS vote_picks_fixed_once_cast ON networks_vote;
DROP FUNCTION IF EXISTS networks_vote_picks_fixed();
DROP TRIGGER IF EXISTS ballot_pick_exactly_n_picks ON networks_ballotpick;
DROP TRIGGER IF EXISTS ballot_exactly_n_picks ON networks_ballot;
DROP FUNCTION IF EXISTS networks_ballot_check();
"""


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]

    operations = [
        *[EnableRowLevelSecurity(table) for table in TABLES],
        EnableRowLevelSecurity(
            "networks_meeting",
            extra_read_condition=f"checkin_hash = {LINK} OR join_code_hash = {LINK}",
        ),
        EnableRowLevelSecurity(
            "networks_meetinginvitation", extra_read_condition=f"rsvp_hash = {LINK}"
        ),
        EnableRowLevelSecurity(
            "networks_participanttoken", extra_read_condition=f"token_hash = {LINK}"
        ),
        migrations.RunSQL(composite_sql(), composite_reverse_sql()),
        migrations.RunSQL(BALLOT_CHECK_SQL, BALLOT_CHECK_REVERSE_SQL),
    ]
