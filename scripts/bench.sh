#!/usr/bin/env bash
# The main job (`npm run bench`): gets k6, then runs the study on every Node target and
# writes the side-by-side report. Extra arguments go to `servebench run` (e.g. --full).
set -euo pipefail
cd "$(dirname "$0")/.."
K6_BIN="$(bash scripts/ensure-k6.sh)"
export K6_BIN
export K6_NO_USAGE_REPORT=true
exec node bin/servebench.js run "$@"
