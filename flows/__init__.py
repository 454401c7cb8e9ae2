"""newsflow: scraped news and reference pages to clean, validated, partitioned Parquet tables.

The public API; everything not listed here is private by convention and may change:

    run(source, warehouse, ...)          one flow run (Prefect); returns the run summary (a dict)
    clean_text(text, title_hint=None, favor="balanced", url=None)  label every line of a page's text -> CleanedDoc
    extract(cleaned, raw=None)           metadata, mentions, counts, dates, quotes, events -> Extraction
    read_table(warehouse, table, ...)    one published table as a pyarrow Table (`key` as a date)

The pipeline's stages are the subpackages, in the order a document meets them: `read`,
`clean`, `extract`, `validate`, `store`; `orchestrate` runs them (Prefect, Dask) and `bench`
measures them. Imports are lazy: `import flows` does not import Prefect or Great Expectations.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    import pyarrow as pa

    from flows.model import CleanedDoc

# `flows.extract` is both the extraction stage's package and the API call `extract(cleaned, raw=None)`:
# the package is callable (see flows/extract/__init__.py), since a function of that name here
# would be replaced by the subpackage the moment anything imports `flows.extract.<module>`.
from flows import extract  # noqa: E402

__all__ = ["__version__", "clean_text", "extract", "read_table", "run"]


def run(source: str | Path = "seeds", warehouse: str | Path = "warehouse", *, mode: str = "manual",
        since: date | None = None, until: date | None = None, dry_run: bool = False,
        batch_size: int | None = None, workers: int = 1, dask_address: str | None = None,
        lock_wait_seconds: float = 0.0) -> dict[str, Any]:
    """Run the `newsflow-run` flow over `source` into `warehouse`, as `newsflow run` does.

    `mode="backfill"` with `since`/`until` reprocesses a range of landing dates. Returns the
    run summary (documents seen/written/rejected, rows per table, validation outcome, and
    `report`: the path of the run's HTML report).
    Raises `WarehouseLocked` when another run holds the warehouse and `TableBroken` when a
    table fails a stopping expectation (nothing is then written).
    """
    from flows.orchestrate.flow import run_flow
    from flows.store.batch import DEFAULT_BATCH_SIZE

    return run_flow(source, warehouse, mode=mode, since=since, until=until, dry_run=dry_run,
                    batch_size=batch_size or DEFAULT_BATCH_SIZE, workers=workers, dask_address=dask_address,
                    lock_wait_seconds=lock_wait_seconds)


def clean_text(text: str, title_hint: str | None = None, favor: str = "balanced", url: str | None = None) -> CleanedDoc:
    """Clean one page's text: every raw line labelled (with a reason when dropped), the body built.

    `favor` is "balanced", "precision" (less furniture, may lose short article lines) or
    "recall" (more of the article, more furniture)."""
    from flows.clean.cleaner import clean_text as _clean

    return _clean(text, title_hint=title_hint, favor=favor, url=url)


def read_table(warehouse: str | Path, table: str, *, since: date | None = None, until: date | None = None,
               columns: list[str] | None = None) -> pa.Table:
    """Rows of one published table (optionally a range of partitions); empty tables keep their schema."""
    from flows.store.reader import read_table as _read

    return _read(warehouse, table, since=since, until=until, columns=columns)
