#!/usr/bin/env bash
# Start the servers the tests use when they are installed but not running:
#   PostgreSQL on 127.0.0.1:5432 (database "test", trust auth), Redis on 127.0.0.1:6379.
# In CI (CI=true) a server that cannot be reached after this is an error: the PostgreSQL and Redis
# tests must run there. Elsewhere it is a note, and those tests are skipped with the reason.
set -uo pipefail

ci=false
case "${CI:-}" in 1 | true | TRUE | True | yes) ci=true ;; esac

problem() {
  if $ci; then
    echo "make services: $1" >&2
    exit 1
  fi
  echo "make services: $1 (the tests that need it will be skipped)" >&2
}

wait_for() { # wait_for SECONDS COMMAND...
  local seconds=$1
  shift
  for _ in $(seq "$((seconds * 5))"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

# --- PostgreSQL ---------------------------------------------------------------------------------
if ! command -v pg_isready >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
  problem "PostgreSQL is not installed (Debian: apt-get install postgresql)"
else
  if ! pg_up; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "Starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  if wait_for 30 pg_up; then
    if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'test'" 2>/dev/null | grep -q 1; then
      createdb -h 127.0.0.1 -U postgres test || problem "could not create database 'test'"
    fi
  else
    problem "PostgreSQL does not answer on 127.0.0.1:5432"
  fi
fi

# --- Redis --------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  problem "Redis is not installed (Debian: apt-get install redis-server)"
else
  if ! redis_up; then
    echo "Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  fi
  wait_for 15 redis_up || problem "Redis does not answer on 127.0.0.1:6379"
fi
exit 0
