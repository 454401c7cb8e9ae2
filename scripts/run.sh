#!/usr/bin/env bash
# Quick start, step 1: set up .venv if needed, then run the flow over seeds/ into warehouse/.
# Extra arguments go to `newsflow run` (e.g. --source DIR --warehouse DIR --json).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
exec .venv/bin/newsflow run --source seeds --warehouse warehouse "$@"
