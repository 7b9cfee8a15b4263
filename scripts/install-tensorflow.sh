#!/usr/bin/env bash
# TensorFlow (CPU) in .tools/tf-venv, for the SavedModel export and its test only.
# Idempotent. SERVEBENCH_TF_PYTHON=<python> uses that interpreter instead: it must import
# tensorflow, else this stops with a clear error (it never installs into a Python it was given).
set -euo pipefail
cd "$(dirname "$0")/.."
imports_tf() { TF_CPP_MIN_LOG_LEVEL=3 "$1" -c 'import tensorflow' 2>&1 >/dev/null; }
if [ -n "${SERVEBENCH_TF_PYTHON:-}" ]; then
  if ! command -v "$SERVEBENCH_TF_PYTHON" >/dev/null 2>&1; then
    echo "tensorflow: SERVEBENCH_TF_PYTHON=$SERVEBENCH_TF_PYTHON is not an executable Python; point it at one that has TensorFlow, or unset it to install tensorflow-cpu into .tools/tf-venv" >&2
    exit 1
  fi
  if ! err=$(imports_tf "$SERVEBENCH_TF_PYTHON"); then
    echo "tensorflow: SERVEBENCH_TF_PYTHON=$SERVEBENCH_TF_PYTHON cannot import tensorflow (${err##*$'\n'}); install it there (pip install tensorflow-cpu), or unset SERVEBENCH_TF_PYTHON to install it into .tools/tf-venv" >&2
    exit 1
  fi
  exit 0
fi
if [ -x .tools/tf-venv/bin/python ] && imports_tf .tools/tf-venv/bin/python >/dev/null; then exit 0; fi
echo "tensorflow: installing tensorflow-cpu into .tools/tf-venv (once)" >&2
python3 -m venv .tools/tf-venv >&2
.tools/tf-venv/bin/pip install -q --disable-pip-version-check tensorflow-cpu >&2
if ! err=$(imports_tf .tools/tf-venv/bin/python); then
  echo "tensorflow: tensorflow-cpu was installed into .tools/tf-venv but does not import (${err##*$'\n'})" >&2
  exit 1
fi
