#!/usr/bin/env bash
# The main job (`npm run bench`): runs the study on every Node target on the built-in load
# engine and writes the side-by-side report. Extra arguments go to `servebench run`
# (e.g. --full, or --load-engine k6 to use a k6 you installed yourself).
set -euo pipefail
cd "$(dirname "$0")/.."
export K6_NO_USAGE_REPORT=true
exec node bin/servebench.js run "$@"
