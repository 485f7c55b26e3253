#!/bin/sh
# First start of the PostgreSQL container only (docker-entrypoint-initdb.d): two databases with
# their own owners — `rasa` for the tracker store, `wsp` for handovers, outbox and inbox accounts.
# The `wsp` role may also read (never write) the tables Rasa creates in `rasa`: the inbox's
# Inzichten page reads the conversations (WSP_TRACKER_DATABASE_URL).
# Passwords come from the environment (docker/.env); they are passed to psql as variables, never
# pasted into SQL text.
set -eu
: "${RASA_DB_PASSWORD:?}" "${WSP_DB_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v rasa_pw="$RASA_DB_PASSWORD" -v wsp_pw="$WSP_DB_PASSWORD" <<'SQL'
CREATE ROLE rasa LOGIN PASSWORD :'rasa_pw';
CREATE ROLE wsp LOGIN PASSWORD :'wsp_pw';
CREATE DATABASE rasa OWNER rasa;
CREATE DATABASE wsp OWNER wsp;
REVOKE ALL ON DATABASE rasa FROM PUBLIC;
REVOKE ALL ON DATABASE wsp FROM PUBLIC;
GRANT CONNECT ON DATABASE rasa TO wsp;
\connect rasa
ALTER DEFAULT PRIVILEGES FOR ROLE rasa IN SCHEMA public GRANT SELECT ON TABLES TO wsp;
SQL
