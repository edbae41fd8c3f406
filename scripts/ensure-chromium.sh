#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (tests/e2e/browser, Playwright's
# playwright-core drives /usr/bin/chromium; a test tool's own browser download cannot work here).
# Installs it with apt-get when missing; CHROMIUM_PATH points to another binary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=chromium
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM_PATH" ]]; then
  exit 0
fi
command -v apt-get >/dev/null || die "Chromium is needed for the browser tests and $CHROMIUM_PATH is missing; install Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH"
log "installing Chromium for the browser tests (apt-get install chromium)"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
[[ -x "$CHROMIUM_PATH" ]] || die "apt-get installed chromium but $CHROMIUM_PATH is still missing"
log "Chromium: $("$CHROMIUM_PATH" --version 2>/dev/null | head -n1)"
