#!/usr/bin/env bash
# Runs the whole system on this machine (the README's "run" command, `npm start`).
#
# usage: scripts/run.sh             install what is missing, start PostgreSQL/Redis/Kafka, migrate,
#                                   load seeds, start the five apps, print the dashboard's URL, and
#                                   stay in the foreground; Ctrl-C stops everything it started
#        scripts/run.sh --detach    the same, but return once everything is up
#        scripts/run.sh --demo      the same, then load the demonstration data (npm start -- --demo; with --detach too)
#        scripts/run.sh demo [--remove]   load (remove) the demonstration data into the running system (npm run demo);
#                                   refused when the system runs with NODE_ENV=production
#        scripts/run.sh stop        stop what a detached run started (apps, then the Kafka broker)
#        scripts/run.sh status      what is running
#        scripts/run.sh rotate-jwt  new signing key: JWT_SECRET becomes JWT_SECRET_PREVIOUS (restart the apps after)
#        scripts/run.sh secrets     only create the secrets file (e.g. for docker compose --env-file .var/secrets.env)
#
# Secrets: on the first start a strong random JWT_SECRET and INITIAL_ADMIN_PASSWORD (and, unless NODE_ENV=production,
# DEV_SEED_PASSWORD, the seeded development accounts' password) are generated into
# .var/secrets.env (mode 0600, kept with the data; PLEDGE_SECRETS_FILE to put it elsewhere). A value already set in
# the environment or .env wins. Nothing secret is written in the repository.
#
# Data (PostgreSQL, Redis, Kafka's log dirs under .var/kafka) is kept across stops and restarts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=run
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

RUN_DIR="${RUN_DIR:-$ROOT/.var/run}"
SECRETS_FILE="${PLEDGE_SECRETS_FILE:-$ROOT/.var/secrets.env}"
APPS=(ingest projector reminders intake dashboard)
declare -A PORTS=([dashboard]="${DASHBOARD_PORT:-3000}" [intake]="${INTAKE_PORT:-3001}" [ingest]="${INGEST_PORT:-3002}" [projector]="${PROJECTOR_PORT:-3003}" [reminders]="${REMINDERS_PORT:-3004}")
DASHBOARD_URL="http://127.0.0.1:${PORTS[dashboard]}/"

app_pid() { local f="$RUN_DIR/$1.pid"; [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

start_app() {
  local name="$1" port="${PORTS[$1]}"
  if app_pid "$name" >/dev/null; then log "$name already running (pid $(app_pid "$name"))"; return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port (for $name) is taken by another program; set ${name^^}_PORT"; fi
  # setsid: each app leads its own process group, so a stop reaches it and nothing it spawned
  # TRUST_PROXY (intake only): phones reach intake through the dashboard's proxy on this machine; rate limits must
  # count the phone's address (X-Forwarded-For as the dashboard appends it), not the proxy's. The other apps believe
  # nobody's X-Forwarded-For unless TRUST_PROXY is set.
  local trust="${TRUST_PROXY:-false}"
  [[ "$name" == intake ]] && trust="${TRUST_PROXY:-loopback}"
  PORT="$port" PUBLIC_BASE_URL="$DASHBOARD_URL" INTAKE_URL="http://127.0.0.1:${PORTS[intake]}" TRUST_PROXY="$trust" \
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

# A random value: 48 bytes in base64url (JWT_SECRET), or a password people can type (4 × 4 letters/digits, ~80 bits).
random_secret() { node -e "process.stdout.write(require('crypto').randomBytes(48).toString('base64url'))"; }
random_password() {
  node -e "const a='abcdefghjkmnpqrstuvwxyz23456789';const c=[...require('crypto').randomBytes(20)].map(b=>a[b%a.length]).join('');process.stdout.write([0,5,10,15].map(i=>c.slice(i,i+5)).join('-'))"
}

# Creates the secrets file on the first start (mode 0600) and exports what the environment does not set already.
ensure_secrets() {
  mkdir -p "$(dirname "$SECRETS_FILE")"
  if [[ ! -f "$SECRETS_FILE" ]]; then
    (
      umask 077
      {
        echo "# Secrets of this installation, generated by scripts/run.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Keep private."
        echo "# JWT_SECRET signs the access tokens; rotate with: bash scripts/run.sh rotate-jwt (then restart)."
        echo "JWT_SECRET=$(random_secret)"
        echo "# Initial password of the seeded administrator accounts (quantri); must be changed at the first log-in."
        echo "INITIAL_ADMIN_PASSWORD=$(random_password)"
        echo "# PostgreSQL password of docker-compose.yml's database (docker compose --env-file $SECRETS_FILE up)."
        echo "POSTGRES_PASSWORD=$(random_secret)"
      } >"$SECRETS_FILE.tmp"
      mv "$SECRETS_FILE.tmp" "$SECRETS_FILE"
    )
    log "generated secrets (JWT_SECRET, INITIAL_ADMIN_PASSWORD) in $SECRETS_FILE (mode 0600)"
  fi
  # the development accounts' password (demo accounts, `npm run demo`): never on a production system
  if [[ "${NODE_ENV:-}" != production ]] && ! grep -qE '^DEV_SEED_PASSWORD=' "$SECRETS_FILE"; then
    (
      umask 077
      {
        echo "# Password of the seeded development accounts (lanhdao.1, canbo.<commune>, bithu.<cell>), used by npm run demo."
        echo "# Only accounts seeded after it was generated have it. Never generated with NODE_ENV=production."
        echo "DEV_SEED_PASSWORD=$(random_password)"
      } >>"$SECRETS_FILE"
    )
    log "generated DEV_SEED_PASSWORD (the development accounts' password) in $SECRETS_FILE"
  fi
  chmod 600 "$SECRETS_FILE"
  local line key value
  while IFS= read -r line; do
    [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}" value="${BASH_REMATCH[2]}"
    [[ "$key" == POSTGRES_PASSWORD ]] && continue # docker compose's, not the apps'
    [[ "$key" == DEV_SEED_PASSWORD && "${NODE_ENV:-}" == production ]] && continue
    [[ -n "${!key:-}" ]] || export "$key=$value"
  done <"$SECRETS_FILE"
}

# New signing key: the current one becomes JWT_SECRET_PREVIOUS, so tokens already issued stay valid until they expire.
rotate_jwt() {
  [[ -f "$SECRETS_FILE" ]] || die "no $SECRETS_FILE yet: start the system once first"
  local current; current="$(grep -E '^JWT_SECRET=' "$SECRETS_FILE" | head -1 | cut -d= -f2-)"
  [[ -n "$current" ]] || die "$SECRETS_FILE has no JWT_SECRET"
  (
    umask 077
    grep -vE '^JWT_SECRET(_PREVIOUS)?=' "$SECRETS_FILE" >"$SECRETS_FILE.tmp"
    { echo "JWT_SECRET=$(random_secret)"; echo "JWT_SECRET_PREVIOUS=$current"; } >>"$SECRETS_FILE.tmp"
    mv "$SECRETS_FILE.tmp" "$SECRETS_FILE"
  )
  log "new JWT_SECRET in $SECRETS_FILE (the old one is JWT_SECRET_PREVIOUS until removed); restart: npm run stop && npm start"
}

# Demonstration data (npm run demo [-- --remove]): illustrative readings through the secretaries' API, marked as such.
demo() {
  if [[ "${NODE_ENV:-}" == production || "$(cat "$RUN_DIR/node-env" 2>/dev/null)" == production ]]; then
    die "npm run demo refuses to run on a system started with NODE_ENV=production: demonstration readings must never enter a real system"
  fi
  ensure_secrets
  [[ -f "$ROOT/dist/apps/cli/src/main.js" ]] || die "not built yet: npm start first"
  node "$ROOT/dist/apps/cli/src/main.js" demo --url "$DASHBOARD_URL" "$@"
}

start() {
  local detach="${1:-}" with_demo="${2:-}"
  mkdir -p "$RUN_DIR"
  echo "${NODE_ENV:-development}" >"$RUN_DIR/node-env"
  ensure_node_modules
  ensure_secrets
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
  log "administrator: quantri, initial password INITIAL_ADMIN_PASSWORD in $SECRETS_FILE (to be changed at the first log-in)"
  log "logs: $RUN_DIR/*.log"
  if [[ -n "$with_demo" ]]; then demo || warn "the demonstration data could not be loaded (the system runs; try again: npm run demo)"; fi
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
  ""|--detach|--demo)
    detach="" with_demo=""
    for a in "$@"; do
      case "$a" in --detach) detach=--detach ;; --demo) with_demo=--demo ;; *) echo "unknown option $a" >&2; exit 2 ;; esac
    done
    start "$detach" "$with_demo" ;;
  demo) shift; demo "$@" ;;
  stop) stop_all ;;
  status) status ;;
  rotate-jwt) rotate_jwt ;;
  secrets) ensure_secrets; log "secrets file: $SECRETS_FILE" ;;
  *) echo "usage: $0 [--detach] [--demo] | demo [--remove] | stop | status | rotate-jwt | secrets" >&2; exit 2 ;;
esac
