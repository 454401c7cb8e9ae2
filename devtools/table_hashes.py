"""Per-table content hashes of a warehouse, without run ids and timestamps (a development tool).

A refactoring that must not change behaviour is checked by running the same flow before and
after it and comparing these hashes: every row of every table, with the columns that differ
from run to run by design (run ids, processing and rejection times, Prefect ids, versions)
left out, rows sorted, hashed with sha256.

    .venv/bin/python -m devtools.table_hashes WAREHOUSE [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VOLATILE = {"run_id", "processed_at", "rejected_at", "started_at", "finished_at", "flow_run_id",
            "pipeline_version", "data_docs", "parameters", "duration_s", "message"}
# Where the run read from: the same inputs in a local folder and in a bucket give the same rows otherwise.
VOLATILE_BY_TABLE = {"runs": {"source"}, "rejects": {"reject_id"}}  # a reject's id names its run


def table_hashes(warehouse: Path | str) -> dict[str, dict[str, object]]:
    """Rows and content hash of every table of a warehouse (a local folder or a URL such as s3://…)."""
    from flows.store.reader import read_table
    from flows.store.schemas import TABLES

    out: dict[str, dict[str, object]] = {}
    for name in sorted(TABLES):
        table = read_table(warehouse, name)
        keep = [c for c in table.column_names if c not in VOLATILE | VOLATILE_BY_TABLE.get(name, set())]
        rows = sorted(json.dumps(r, sort_keys=True, default=str) for r in table.select(keep).to_pylist())
        h = hashlib.sha256("\n".join(rows).encode()).hexdigest() if rows else None
        out[name] = {"rows": table.num_rows, "sha256": h}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse", help="a warehouse folder or URL")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args(argv)
    h = table_hashes(a.warehouse)
    for t, v in h.items():
        print(f"{t:<12} {v['rows']:>8}  {v['sha256']}")
    if a.json:
        a.json.write_text(json.dumps(h, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
