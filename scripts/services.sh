#!/usr/bin/env bash
# The infrastructure the system and its tests need, on 127.0.0.1:
#   PostgreSQL (DATABASE_URL), Redis (REDIS_URL), Apache Kafka in KRaft mode (KAFKA_BROKERS).
#
# usage: scripts/services.sh up|down|status
#   up      start whatever is installed but stopped (idempotent), make Redis safe for BullMQ
#           (maxmemory-policy noeviction), create the databases (DATABASE_URL's and the test one)
#   down    stop the Kafka broker started by this project (PostgreSQL and Redis belong to the
#           machine and are left running)
#   status  one line per service
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

pg_up() { pg_isready -h "$PGHOST_" -p "$PGPORT_" -q 2>/dev/null; }
redis_up() { redis-cli -h "$REDIS_HOST_" -p "$REDIS_PORT_" ping 2>/dev/null | grep -q PONG; }

start_postgres() {
  if pg_up; then log "PostgreSQL is running on $PGHOST_:$PGPORT_"; return 0; fi
  if ! is_local_host "$PGHOST_"; then die "PostgreSQL at $PGHOST_:$PGPORT_ does not answer (not local, so not started here)"; fi
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    local ver; ver="$(ls /etc/postgresql | sort -V | tail -n1)"
    log "starting PostgreSQL $ver (cluster main)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  elif command -v pg_ctl >/dev/null && [[ -n "${PGDATA:-}" ]]; then
    pg_ctl -D "$PGDATA" -l "$ROOT/.var/postgres.log" start
  else
    die "PostgreSQL is not installed here. Install it (apt-get install postgresql) or point DATABASE_URL at a server."
  fi
  for _ in $(seq 1 60); do pg_up && { log "PostgreSQL is up"; return 0; }; sleep 0.5; done
  die "PostgreSQL did not come up on $PGHOST_:$PGPORT_"
}

start_redis() {
  if ! redis_up; then
    is_local_host "$REDIS_HOST_" || die "Redis at $REDIS_HOST_:$REDIS_PORT_ does not answer (not local, so not started here)"
    command -v redis-server >/dev/null || die "Redis is not installed here. Install it (apt-get install redis-server) or point REDIS_URL at a server."
    log "starting Redis on $REDIS_HOST_:$REDIS_PORT_"
    mkdir -p "$ROOT/.var/redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT_" --dir "$ROOT/.var/redis" \
      --appendonly yes --maxmemory-policy noeviction --logfile "$ROOT/.var/redis/redis.log"
    for _ in $(seq 1 40); do redis_up && break; sleep 0.25; done
    redis_up || die "Redis did not come up on $REDIS_HOST_:$REDIS_PORT_"
  fi
  # BullMQ loses jobs and locks if Redis evicts keys: insist on noeviction.
  local policy; policy="$(redis-cli -h "$REDIS_HOST_" -p "$REDIS_PORT_" config get maxmemory-policy | tail -n1)"
  if [[ "$policy" != "noeviction" ]]; then
    if redis-cli -h "$REDIS_HOST_" -p "$REDIS_PORT_" config set maxmemory-policy noeviction >/dev/null 2>&1; then
      log "Redis maxmemory-policy was '$policy'; set to noeviction"
    else
      die "Redis maxmemory-policy is '$policy' and cannot be changed; BullMQ needs noeviction. Set it in redis.conf."
    fi
  fi
  log "Redis is running on $REDIS_HOST_:$REDIS_PORT_ (maxmemory-policy noeviction)"
}

create_database() {
  local name="$1"
  if psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then return 0; fi
  log "creating database $name"
  psql_admin -c "CREATE DATABASE \"$name\"" >/dev/null
}

up() {
  mkdir -p "$ROOT/.var"
  start_postgres
  create_database "$PGDATABASE_"
  create_database "$PGTESTDATABASE_"
  start_redis
  "$ROOT/scripts/kafka-broker.sh" start
}

down() {
  "$ROOT/scripts/kafka-broker.sh" stop
}

status() {
  if pg_up; then echo "postgresql  up   $PGHOST_:$PGPORT_ (databases $PGDATABASE_, $PGTESTDATABASE_)"; else echo "postgresql  down $PGHOST_:$PGPORT_"; fi
  if redis_up; then echo "redis       up   $REDIS_HOST_:$REDIS_PORT_"; else echo "redis       down $REDIS_HOST_:$REDIS_PORT_"; fi
  echo "kafka       $("$ROOT/scripts/kafka-broker.sh" status || true)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
