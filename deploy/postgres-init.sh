#!/bin/sh
# Jobbro's database roles and database, as a PostgreSQL superuser. The postgres container runs
# this once, when it initialises an empty volume; run it by hand on a server of your own, and
# again after upgrading from a Jobbro that used one role (it is safe to rerun: it creates what
# is missing, and hands whatever the application's role still owns over to the owner role):
#
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-jobbro.sh
#
# Three roles, none of them superuser (DESIGN.md section 3):
#   jobbro_owner     owns the schema and runs the migrations (compose's `migrate` service);
#   jobbro           the application (web, worker, beat): DML rights only, bound by row-level
#                    security, and unable to switch it off;
#   jobbro_platform  BYPASSRLS with DML rights only, used by platform_scope() alone.
# The passwords come from JOBBRO_OWNER_DB_PASSWORD, JOBBRO_DB_PASSWORD and
# JOBBRO_PLATFORM_DB_PASSWORD. With JOBBRO_TEST_SERVER=1 the owner may also create databases
# and template1 gets the extensions, so `make test` can make its test databases here.
set -eu
: "${POSTGRES_USER:=postgres}"
: "${JOBBRO_TEST_SERVER:=0}"
: "${JOBBRO_OWNER_DB_PASSWORD:?set JOBBRO_OWNER_DB_PASSWORD}"
: "${JOBBRO_DB_PASSWORD:?set JOBBRO_DB_PASSWORD}"
: "${JOBBRO_PLATFORM_DB_PASSWORD:?set JOBBRO_PLATFORM_DB_PASSWORD}"
export JOBBRO_OWNER_DB_PASSWORD JOBBRO_DB_PASSWORD JOBBRO_PLATFORM_DB_PASSWORD
if [ "$JOBBRO_TEST_SERVER" = 1 ]; then OWNER_CREATEDB=CREATEDB; else OWNER_CREATEDB=NOCREATEDB; fi
export OWNER_CREATEDB

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<'SQL'
\getenv owner_password JOBBRO_OWNER_DB_PASSWORD
\getenv app_password JOBBRO_DB_PASSWORD
\getenv platform_password JOBBRO_PLATFORM_DB_PASSWORD
\getenv owner_createdb OWNER_CREATEDB
SELECT format('CREATE ROLE %I', role)
FROM unnest(ARRAY['jobbro_owner', 'jobbro', 'jobbro_platform']) AS wanted(role)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role) \gexec
ALTER ROLE jobbro_owner LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS :owner_createdb PASSWORD :'owner_password';
ALTER ROLE jobbro LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS NOCREATEDB PASSWORD :'app_password';
ALTER ROLE jobbro_platform LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION BYPASSRLS NOCREATEDB PASSWORD :'platform_password';
SELECT 'CREATE DATABASE jobbro OWNER jobbro_owner'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'jobbro') \gexec
SQL

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname jobbro <<'SQL'
-- A database of the single-role setup: the owner role takes over the database and its tables.
REASSIGN OWNED BY jobbro TO jobbro_owner;
-- The same statements as scripts/devstack.py's privilege_statements().
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO jobbro, jobbro_platform;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO jobbro, jobbro_platform;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO jobbro, jobbro_platform;
ALTER DEFAULT PRIVILEGES FOR ROLE jobbro_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jobbro, jobbro_platform;
ALTER DEFAULT PRIVILEGES FOR ROLE jobbro_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO jobbro, jobbro_platform;
SQL

extensions() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$1" <<'SQL'
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
-- Let company search use its indexes under row-level security (see scripts/devstack.py).
ALTER FUNCTION strict_word_similarity_commutator_op(text, text) LEAKPROOF COST 500;
ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
ALTER FUNCTION textlike(text, text) LEAKPROOF;
SQL
}
extensions jobbro
if [ "$JOBBRO_TEST_SERVER" = 1 ]; then extensions template1; fi
