#!/usr/bin/env bash
# npm run bench:reminders — compiles the current sources into a build of its own (`npm run build` would wipe dist/
# that others use) and runs bench/reminders/bench.js from it. Options are environment variables, see
# bench/reminders/bench.ts. Writes the "## Reminders" section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=".var/bench-build/reminders-$(date +%s)-$$"
mkdir -p "$out"
echo "… compiling into $out"
node_modules/.bin/tsc -p tsconfig.build.json --outDir "$out" --noCheck
node_modules/.bin/tsc-alias -p tsconfig.build.json --outDir "$out"
trap 'rm -rf "$out"' EXIT
BENCH_BUILD="$PWD/$out" node --max-old-space-size=2048 "$out/bench/reminders/bench.js" "$@"
