# shellcheck shell=bash
# Shared helpers of the project's scripts. Reads .env if present; defaults match the README.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

if [[ -f "$ROOT/.env" ]]; then
  # what the caller's environment sets wins over .env (a test starting the system on its own database, say)
  _pledge_env_before="$(export -p)"
  set -a
  # shellcheck disable=SC1091
  source "$ROOT/.env"
  set +a
  eval "$_pledge_env_before"
  unset _pledge_env_before
fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pledge}"
export DATABASE_URL_TEST="${DATABASE_URL_TEST:-${DATABASE_URL%/*}/pledge_test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"

log() { printf '\033[1;34m[%s]\033[0m %s\n' "${LOG_TAG:-pledge}" "$*"; }
warn() { printf '\033[1;33m[%s]\033[0m %s\n' "${LOG_TAG:-pledge}" "$*" >&2; }
die() { printf '\033[1;31m[%s] %s\033[0m\n' "${LOG_TAG:-pledge}" "$*" >&2; exit 1; }

# host / port / database parsed from the URLs (no credentials printed)
_url_host() { local u="${1#*://}"; u="${u#*@}"; u="${u%%/*}"; echo "${u%%:*}"; }
_url_port() { local u="${1#*://}"; u="${u#*@}"; u="${u%%/*}"; [[ "$u" == *:* ]] && echo "${u##*:}" || echo "$2"; }
_url_db() { local u="${1#*://}"; u="${u#*/}"; echo "${u%%\?*}"; }
PGHOST_="$(_url_host "$DATABASE_URL")"; PGPORT_="$(_url_port "$DATABASE_URL" 5432)"
PGDATABASE_="$(_url_db "$DATABASE_URL")"; PGTESTDATABASE_="$(_url_db "$DATABASE_URL_TEST")"
REDIS_HOST_="$(_url_host "$REDIS_URL")"; REDIS_PORT_="$(_url_port "$REDIS_URL" 6379)"

is_local_host() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }
as_root() { if [[ "$(id -u)" == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
# psql against the maintenance database of DATABASE_URL's server
psql_admin() { psql "${DATABASE_URL%/*}/postgres" -v ON_ERROR_STOP=1 -q "$@"; }

ensure_node_modules() {
  command -v node >/dev/null || die "Node.js 20 or newer is needed (node not found)"
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [[ ! -d "$ROOT/node_modules" || ! -f "$stamp" || "$ROOT/package-lock.json" -nt "$stamp" ]]; then
    log "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_build() {
  log "building (TypeScript → dist/)"
  (cd "$ROOT" && npm run --silent build)
}
