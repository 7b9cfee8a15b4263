#!/usr/bin/env bash
# The test command (`npm test`): sets up what the tests need (system tools, the model),
# type-checks, then runs every test file with node's test runner. Load runs use servebench's
# built-in engine; k6 is never fetched or built (set K6_BIN to also run the k6 compatibility test).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
bash scripts/install-tensorflow.sh
export K6_NO_USAGE_REPORT=true
npx tsx servers/model/generate.ts >&2

npx tsc --noEmit
if [ -f scenarios/tsconfig.json ]; then npx tsc --noEmit -p scenarios; fi

mapfile -t files < <(find test -name '*.test.ts' | sort)
exec node --import tsx --test --test-reporter=spec "${files[@]}"
