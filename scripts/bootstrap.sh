#!/usr/bin/env bash
# Create or refresh the project's environment in .venv/ (sourced by run.sh and test.sh).
# Re-installs only when pyproject.toml or constraints.txt changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for c in python3.11 python3.12 python3; do command -v "$c" >/dev/null 2>&1 && { PY="$c"; break; }; done
fi
[ -n "$PY" ] || { echo "newsflow: Python 3.11+ is required" >&2; exit 1; }
want="$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
stamp=.venv/.newsflow-install-stamp
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "newsflow: setting up .venv (first time: about 2 minutes)..." >&2
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
  echo "$want" > "$stamp"
fi
export PREFECT_SERVER_ANALYTICS_ENABLED="${PREFECT_SERVER_ANALYTICS_ENABLED:-false}"
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="${PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS:-120}"
export GX_ANALYTICS_ENABLED="${GX_ANALYTICS_ENABLED:-false}"
