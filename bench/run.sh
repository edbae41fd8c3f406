#!/usr/bin/env bash
# bash bench/run.sh <benchmark .ts file> [node options] — what every `npm run bench:*` runs. Compiles the current
# sources into a build of its own under .var/bench-build/ (like the e2e tests; `npm run build` would wipe dist/ that
# others use), runs the compiled benchmark from the repository root with BENCH_BUILD set to that build, and removes
# the build afterwards. Options of a benchmark are environment variables (see its file); each writes its section of
# docs/benchmarks.md, formatted with Prettier afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
entry="${1:?usage: bash bench/run.sh bench/<name>/bench.ts [node options]}"
shift
[ -f "$entry" ] || { echo "bench/run.sh: no benchmark at $entry" >&2; exit 2; }
name="$(basename "$(dirname "$entry")")"
[ "$name" = bench ] && { name="$(basename "$entry" .ts)"; name="${name%.bench}"; }
out=".var/bench-build/${name}-$(date +%s)-$$"
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
echo "… compiling into $out"
node_modules/.bin/tsc -p tsconfig.build.json --outDir "$out" --noCheck
node_modules/.bin/tsc-alias -p tsconfig.build.json --outDir "$out"
BENCH_BUILD="$PWD/$out" node "$@" "$out/${entry%.ts}.js"
# the benchmarks write their tables unaligned: format the page as `npm test` (prettier --check) expects it
node_modules/.bin/prettier --log-level warn --write docs/benchmarks.md
