#!/usr/bin/env bash
# Install check, as a new user would do it: build the wheel, install it into a fresh venv outside
# the checkout, and run `newsflow run` in an empty folder over a copy of the samples. Fails if the
# run fails, if a table has no file a reader can open, or if the run leaves staging behind.
# Usage: bash scripts/check_install.sh [WORKDIR]   (default: a new temporary folder, removed on success)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for c in python3.11 python3.12 python3; do command -v "$c" >/dev/null 2>&1 && { PY="$c"; break; }; done
fi
work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/newsflow-install.XXXXXX")}"
mkdir -p "$work"
case "$work" in "$root"/*) echo "check_install: $work is inside the checkout" >&2; exit 2;; esac
echo "install check: building the wheel in $work/dist"
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$work/venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$work/dist" "$root"
wheel="$(ls "$work"/dist/newsflow-*.whl)"
echo "install check: pip install $(basename "$wheel") into a fresh venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check -c "$root/constraints.txt" "$wheel"
rm -rf "$work/empty" && mkdir "$work/empty" && cp -r "$root/seeds" "$work/empty/inbox"
cd "$work/empty"
export PREFECT_HOME="$work/prefect_home"
export PREFECT_SERVER_ANALYTICS_ENABLED=false GX_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
echo "install check: in $PWD: newsflow run --source inbox --warehouse wh"
"$work/venv/bin/newsflow" run --source inbox --warehouse wh 2> "$work/run.log" | tee "$work/run.out"
"$work/venv/bin/newsflow" bench --help > /dev/null
"$work/venv/bin/python" -m flows --version
"$work/venv/bin/python" - <<'PY'
import pathlib, sys
import pyarrow.parquet as pq
import flows
from flows.store.schemas import TABLES
wh = pathlib.Path("wh")
site = pathlib.Path(flows.__file__).parent
problems = [f"{t}: no Parquet file" for t in TABLES if not list((wh / t).glob("key=*/*.parquet"))]
problems += [f"left behind: {p}" for p in ("_staging",) if (wh / p).exists() and any((wh / p).iterdir())]
problems += ["no run report"] * (not list((wh / "_reports").glob("*.html")))
problems += ["suites not shipped"] * (not (site / "expectations" / "documents.json").is_file())
rows = {t: sum(pq.ParquetFile(p).metadata.num_rows for p in (wh / t).glob("key=*/*.parquet")) for t in TABLES}
print("install check: rows", rows, "| flows from", site)
if problems or rows["documents"] != 5:
    sys.exit("install check FAILED: " + "; ".join(problems or [f"documents {rows['documents']} != 5"]))
PY
echo "install check: passed"
[ -n "${1:-}" ] || rm -rf "$work"
