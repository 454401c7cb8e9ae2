#!/usr/bin/env bash
# Quick start, step 2: set up .venv if needed, then run the test suite (pytest arguments pass through).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.venv/prefect_home}"
exec .venv/bin/python -m pytest "$@"
