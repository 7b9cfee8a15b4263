#!/usr/bin/env bash
# Prints the path of a usable k6 (>= 2.2) on stdout; everything else goes to stderr.
# Order: $K6_BIN, then `k6` on PATH, then .tools/bin/k6, else build the pinned k6 with Go.
set -euo pipefail

K6_VERSION="v2.2.0"
MIN_MAJOR=2
MIN_MINOR=2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_K6="$ROOT/.tools/bin/k6"

log() { echo "ensure-k6: $*" >&2; }

# Succeeds when "$1 version" reports k6 >= MIN_MAJOR.MIN_MINOR.
version_ok() {
  local out major minor
  out="$("$1" version 2>/dev/null | head -n1)" || return 1
  [[ "$out" =~ k6\ v([0-9]+)\.([0-9]+) ]] || return 1
  major="${BASH_REMATCH[1]}"
  minor="${BASH_REMATCH[2]}"
  ((major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR)))
}

if [[ -n "${K6_BIN:-}" ]]; then
  if [[ -x "$K6_BIN" ]] && version_ok "$K6_BIN"; then
    echo "$K6_BIN"
    exit 0
  fi
  log "K6_BIN=$K6_BIN is not an executable k6 >= $MIN_MAJOR.$MIN_MINOR"
  exit 1
fi

if on_path="$(command -v k6 2>/dev/null)" && version_ok "$on_path"; then
  echo "$on_path"
  exit 0
fi

if [[ -x "$TOOLS_K6" ]] && version_ok "$TOOLS_K6"; then
  echo "$TOOLS_K6"
  exit 0
fi

how_to_install() {
  log "cannot find or build k6 >= $MIN_MAJOR.$MIN_MINOR."
  log "install k6 $K6_VERSION (https://grafana.com/docs/k6/latest/set-up/install-k6/) and put it on PATH,"
  log "or set K6_BIN=/path/to/k6, or install Go >= 1.24 so this script can build it into .tools/bin/k6."
  exit 1
}

command -v go >/dev/null 2>&1 || how_to_install

mkdir -p "$ROOT/.tools/bin"
log "building k6 $K6_VERSION with $(go version) into $TOOLS_K6 (takes a few minutes)"

# Plain `go install` first; it needs the proxy's @v/list for its deprecation check.
if GOBIN="$ROOT/.tools/bin" go install "go.k6.io/k6/v2@$K6_VERSION" >&2 && version_ok "$TOOLS_K6"; then
  echo "$TOOLS_K6"
  exit 0
fi

log "go install failed; building inside a throwaway module instead"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
proxy="${GOPROXY:-https://proxy.golang.org}"
# The proxy may list "https://proxy.golang.org,direct"; keep only its first entry.
proxy="${proxy%%,*}"
[[ "$proxy" == "off" || "$proxy" == "direct" ]] && proxy="https://proxy.golang.org"
(
  cd "$work"
  go mod init k6build >&2
  GOPROXY="$proxy" go get "go.k6.io/k6/v2@$K6_VERSION" >&2
  GOPROXY="$proxy" go build -trimpath -o "$TOOLS_K6.tmp" go.k6.io/k6/v2 >&2
) || how_to_install
mv "$TOOLS_K6.tmp" "$TOOLS_K6"
version_ok "$TOOLS_K6" || how_to_install
log "built $("$TOOLS_K6" version | head -n1)"
echo "$TOOLS_K6"
