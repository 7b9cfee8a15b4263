#!/usr/bin/env bash
# TensorFlow (CPU) in .tools/tf-venv, for the SavedModel export and its test only.
# Idempotent; skipped when SERVEBENCH_TF_PYTHON points at a Python that has TensorFlow.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${SERVEBENCH_TF_PYTHON:-}" ]; then exit 0; fi
if [ -x .tools/tf-venv/bin/python ] && .tools/tf-venv/bin/python -c 'import tensorflow' 2>/dev/null; then exit 0; fi
echo "tensorflow: installing tensorflow-cpu into .tools/tf-venv (once)" >&2
python3 -m venv .tools/tf-venv >&2
.tools/tf-venv/bin/pip install -q --disable-pip-version-check tensorflow-cpu >&2
