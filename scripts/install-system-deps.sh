#!/usr/bin/env bash
# Installs the system tools the tests drive for real: InfluxDB 1.x, the Docker engine,
# docker-compose (config validation only) and Chromium (HTML report rendering).
# Idempotent: does nothing when they are already there. Needs root and apt-get.
set -euo pipefail

need=()
command -v influxd >/dev/null 2>&1 || need+=(influxdb)
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)

if [ ${#need[@]} -eq 0 ]; then
  echo "system deps: influxd, dockerd, docker-compose, chromium present" >&2
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system deps: missing ${need[*]}; install them with your package manager (Debian: apt-get install -y ${need[*]})" >&2
  exit 0
fi
echo "system deps: installing ${need[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
