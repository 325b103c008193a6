#!/usr/bin/env bash
# Installs (if missing) and starts PostgreSQL and Redis without systemd; creates the motcua role and database.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_ctlcluster >/dev/null || ! command -v redis-server >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq postgresql redis-server >/dev/null
fi
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^$PGVER main" || pg_createcluster "$PGVER" main >/dev/null
pg_ctlcluster "$PGVER" main status >/dev/null 2>&1 || pg_ctlcluster --skip-systemctl-redirect "$PGVER" main start
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='motcua'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE motcua LOGIN PASSWORD 'motcua' CREATEDB\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='motcua'\"" | grep -q 1 \
  || su postgres -c "createdb -O motcua motcua"
redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no
for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG && break; sleep 0.2; done
redis-cli -h 127.0.0.1 ping | grep -q PONG
pg_isready -q -h 127.0.0.1 -p 5432
echo "PostgreSQL $PGVER and Redis are up."
