#!/usr/bin/env bash
# Runs the whole system on this machine (the README's "run" command, `npm start`).
#
# usage: scripts/run.sh             install what is missing, start PostgreSQL/Redis/Kafka, migrate,
#                                   load seeds, start the five apps, print the dashboard's URL, and
#                                   stay in the foreground; Ctrl-C stops everything it started
#        scripts/run.sh --detach    the same, but return once everything is up
#        scripts/run.sh stop        stop what a detached run started (apps, then the Kafka broker)
#        scripts/run.sh status      what is running
#
# Data (PostgreSQL, Redis, Kafka's log dirs under .var/kafka) is kept across stops and restarts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=run
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

RUN_DIR="${RUN_DIR:-$ROOT/.var/run}"
APPS=(ingest projector reminders intake dashboard)
declare -A PORTS=([dashboard]="${DASHBOARD_PORT:-3000}" [intake]="${INTAKE_PORT:-3001}" [ingest]="${INGEST_PORT:-3002}" [projector]="${PROJECTOR_PORT:-3003}" [reminders]="${REMINDERS_PORT:-3004}")
DASHBOARD_URL="http://127.0.0.1:${PORTS[dashboard]}/"

app_pid() { local f="$RUN_DIR/$1.pid"; [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

start_app() {
  local name="$1" port="${PORTS[$1]}"
  if app_pid "$name" >/dev/null; then log "$name already running (pid $(app_pid "$name"))"; return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port (for $name) is taken by another program; set ${name^^}_PORT"; fi
  # setsid: each app leads its own process group, so a stop reaches it and nothing it spawned
  # TRUST_PROXY: phones reach intake through the dashboard's proxy on this machine; rate limits must
  # count the phone's address (X-Forwarded-For), not the proxy's
  PORT="$port" PUBLIC_BASE_URL="$DASHBOARD_URL" INTAKE_URL="http://127.0.0.1:${PORTS[intake]}" TRUST_PROXY="${TRUST_PROXY:-loopback}" \
    setsid nohup node "$ROOT/dist/apps/$name/src/main.js" >>"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

wait_healthy() {
  local name="$1" url="http://127.0.0.1:${PORTS[$1]}/health" deadline=$((SECONDS + ${START_TIMEOUT_S:-90}))
  while (( SECONDS < deadline )); do
    app_pid "$name" >/dev/null || { tail -n 40 "$RUN_DIR/$name.log" >&2; die "$name exited during start-up (log: $RUN_DIR/$name.log)"; }
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then log "$name is healthy on port ${PORTS[$name]}"; return 0; fi
    sleep 0.5
  done
  tail -n 40 "$RUN_DIR/$name.log" >&2
  die "$name is not healthy after ${START_TIMEOUT_S:-90}s (log: $RUN_DIR/$name.log)"
}

stop_apps() {
  local pids=() name pid
  for name in "${APPS[@]}"; do
    if pid="$(app_pid "$name")"; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true   # SIGTERM: Nest shutdown hooks close consumers/workers
      pids+=("$pid")
    fi
    rm -f "$RUN_DIR/$name.pid.stale"
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then warn "pid $pid did not stop in 20 s; killing it"; kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  done
  for name in "${APPS[@]}"; do rm -f "$RUN_DIR/$name.pid"; done
  ((${#pids[@]})) && log "apps stopped" || true
}

stop_all() {
  stop_apps
  "$ROOT/scripts/kafka-broker.sh" stop >/dev/null && log "Kafka broker stopped (its data is kept in .var/kafka)"
}

status() {
  "$ROOT/scripts/services.sh" status
  local name
  for name in "${APPS[@]}"; do
    if app_pid "$name" >/dev/null; then echo "$(printf '%-11s' "$name") up   pid $(app_pid "$name"), http://127.0.0.1:${PORTS[$name]}"; else echo "$(printf '%-11s' "$name") down"; fi
  done
}

start() {
  local detach="${1:-}"
  mkdir -p "$RUN_DIR"
  ensure_node_modules
  ensure_build
  "$ROOT/scripts/services.sh" up
  log "database migrations, seed data and Kafka topics"
  node "$ROOT/dist/apps/cli/src/main.js" setup
  local name
  for name in "${APPS[@]}"; do start_app "$name"; done
  for name in "${APPS[@]}"; do wait_healthy "$name"; done
  echo
  log "the system is up. Dashboard: $DASHBOARD_URL"
  log "intake API: http://127.0.0.1:${PORTS[intake]}/api/docs · queues (administrators): http://127.0.0.1:${PORTS[reminders]}/admin/queues"
  log "logs: $RUN_DIR/*.log"
  if [[ "$detach" == "--detach" ]]; then
    log "detached; stop with: npm run stop"
    return 0
  fi
  log "press Ctrl-C to stop"
  trap 'echo; log "stopping"; stop_all; exit 0' INT TERM
  # stay in the foreground; report an app that dies on its own
  while true; do
    for name in "${APPS[@]}"; do
      if ! app_pid "$name" >/dev/null; then warn "$name stopped unexpectedly; last lines of its log:"; tail -n 20 "$RUN_DIR/$name.log" >&2; stop_all; exit 1; fi
    done
    sleep 2 & wait $!
  done
}

case "${1:-}" in
  ""|--detach) start "${1:-}" ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: $0 [--detach] | stop | status" >&2; exit 2 ;;
esac
