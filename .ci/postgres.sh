#!/usr/bin/env bash
# Makes sure a PostgreSQL server listens on 127.0.0.1:5432 with trust auth and a database
# `test`, so that the adapters/postgres tests run (in CI they fail rather than skip without
# one). Starts the cluster when it is stopped; installs PostgreSQL with apt-get only when
# the machine has none. Idempotent: on a machine whose server runs it only checks.
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if command -v pg_isready >/dev/null && ready; then
  echo "PostgreSQL is running on 127.0.0.1:5432"
else
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    echo "PostgreSQL is not installed: installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # Trust auth on the loopback, as the tests' URL has no password.
  if ! grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    sed -i '1i local all all trust' "$hba"
  fi
  echo "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 60); do ready && break; sleep 0.5; done
  ready || { echo "PostgreSQL did not start on 127.0.0.1:5432"; exit 1; }
fi

# The database `test` the URL names.
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE test'
fi
