#!/usr/bin/env bash
# npm run bench:projector — compiles the current sources into a build of its own (like the e2e tests; `npm run build`
# would wipe dist/ that others use) and runs bench/projector/bench.js from it. Options are environment variables,
# see bench/projector/bench.ts. Writes the "## Projector" section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=".var/bench-build/projector-$(date +%s)-$$"
mkdir -p "$out"
echo "… compiling into $out"
node_modules/.bin/tsc -p tsconfig.build.json --outDir "$out" --noCheck
node_modules/.bin/tsc-alias -p tsconfig.build.json --outDir "$out"
trap 'rm -rf "$out"' EXIT
BENCH_BUILD="$PWD/$out" node --max-old-space-size=3072 "$out/bench/projector/bench.js" "$@"
