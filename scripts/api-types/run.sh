#!/usr/bin/env bash
# npm run api:types — compiles the apps and scripts/api-types into a build of its own under .var/ (dist/ may be in
# use by a running system), writes apps/dashboard/web/src/api/generated/*.ts from the OpenAPI documents of the
# dashboard and intake apps (no service needed), and removes the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=".var/api-types-build-$$"
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
node_modules/.bin/tsc -p scripts/api-types/tsconfig.json --outDir "$out" --noCheck
node_modules/.bin/tsc-alias -p scripts/api-types/tsconfig.json --outDir "$out"
API_TYPES_REPO="$PWD" node "$out/scripts/api-types/api-types.js"
