#!/usr/bin/env bash
# Runs before `npm test` (npm's "pretest"): everything the suite needs on a fresh clone.
#   npm dependencies (npm ci when missing), a type-checked build (web app included), Chromium for the browser tests, PostgreSQL + Redis + the Kafka
#   broker (started when stopped), the test database.
# The suite itself (jest's global setup) migrates and seeds the test database and refuses to run
# if a service is unreachable.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=test
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

ensure_node_modules
"$ROOT/scripts/services.sh" up
ensure_build   # includes the web app (npm run build:web)
"$ROOT/scripts/ensure-chromium.sh"   # the browser tests drive Debian's Chromium
log "services are up; running the suite against $DATABASE_URL_TEST, $REDIS_URL and Kafka at $KAFKA_BROKERS"
