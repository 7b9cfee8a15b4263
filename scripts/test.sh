#!/usr/bin/env bash
# The test command (`npm test`): sets up what the tests need (system tools, k6, the model),
# type-checks, then runs every test file with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
bash scripts/install-tensorflow.sh
K6_BIN="$(bash scripts/ensure-k6.sh)"
export K6_BIN
export K6_NO_USAGE_REPORT=true
npx tsx servers/model/generate.ts >&2

npx tsc --noEmit
if [ -f scenarios/tsconfig.json ]; then npx tsc --noEmit -p scenarios; fi

mapfile -t files < <(find test -name '*.test.ts' | sort)
exec node --import tsx --test --test-reporter=spec "${files[@]}"
