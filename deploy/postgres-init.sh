#!/bin/sh
# Runs once, when the postgres container initialises an empty volume. Jobbro connects as an
# application role that is neither superuser nor BYPASSRLS, so row-level security binds it.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE jobbro LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD '$JOBBRO_DB_PASSWORD';
CREATE DATABASE jobbro OWNER jobbro;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname jobbro <<SQL
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
-- Let company search use its indexes under row-level security (see scripts/devstack.py).
ALTER FUNCTION strict_word_similarity_commutator_op(text, text) LEAKPROOF COST 500;
ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
ALTER FUNCTION textlike(text, text) LEAKPROOF;
SQL
