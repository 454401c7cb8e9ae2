"""Cross-document links a run adds while it stages rows: duplicates and stories.

The write path (`flows/store/publish.py`) hands every table it stages to `CrossDocLinker.link`:
`documents` rows get `duplicate_of` / `near_duplicate_score` (flows/store/duplicates.py) and
`events` rows get `story_id` (flows/store/stories.py). Both indexes live in `_state/` and are
loaded once per run, so a run compares its documents and events with everything the warehouse
holds without reading the tables; at the end, `story_table` gives the `stories` rows the run
changed (new stories and stories that gained or lost members), to be replaced by id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows.store import duplicates, stories
from flows.store.records import TableBuffer

DUPLICATES_STATE = "duplicates.parquet"
STORIES_STATE = "stories.parquet"


class CrossDocLinker:
    """A run's duplicate and story indexes, loaded from `<warehouse>/_state/`."""

    def __init__(self, warehouse: Path, in_backfill: Callable[[date], bool] | None = None) -> None:
        """`in_backfill(day)`: the run rebuilds that partition, so its events leave their stories
        first (and come back as the backfill restages them). The indexes are read on first use:
        a run that finds nothing new reads and writes neither."""
        self._state = Path(warehouse) / "_state"
        self._in_backfill = in_backfill
        self._dups: duplicates.DuplicateIndex | None = None
        self._stories: stories.StoryIndex | None = None
        self._docs: pa.Table | None = None
        self._doc_part: dict[str, date] = {}

    @property
    def dups(self) -> duplicates.DuplicateIndex:
        if self._dups is None:
            self._dups = duplicates.load_index(self._state / DUPLICATES_STATE)
        return self._dups

    @property
    def stories(self) -> stories.StoryIndex:
        if self._stories is None:
            self._stories = stories.load_index(self._state / STORIES_STATE)
            if self._in_backfill is not None:
                keep = self._in_backfill
                self._stories.remove_partitions(lambda d: not keep(d))
        return self._stories

    @property
    def used(self) -> bool:
        return self._dups is not None or self._stories is not None

    def link(self, table: str, tbl: pa.Table, parts: list[date]) -> pa.Table:
        """Fill the link columns of one staged table (documents before events, as staged)."""
        if tbl.num_rows == 0:
            return tbl
        if table == "documents":
            ids = tbl.column("doc_id").to_pylist()
            dup_of, score = self.dups.add_all(ids, tbl.column("body").to_pylist())
            tbl = _set(tbl, "duplicate_of", pa.array(dup_of, pa.string()))
            tbl = _set(tbl, "near_duplicate_score", pa.array(score, pa.float64()))
            self.stories.remove_docs(ids)  # reprocessed documents bring their events anew
            self._docs = tbl.select(["doc_id", "published_date", "publisher", "url"])
            self._doc_part = dict(zip(ids, parts, strict=True))
        elif table == "events" and self._docs is not None:
            members = stories.members_from_tables(tbl, self._docs, self._doc_part)
            links = self.stories.assign_all(members)
            tbl = _set(tbl, "story_id", pa.array([links.get(e) for e in tbl.column("event_id").to_pylist()],
                                                 pa.string()))
        return tbl

    def forget_docs(self, doc_ids: list[str]) -> None:
        """Documents whose rows the run drops (became rejects, gone from their file, moved): their
        events leave their stories, so no story keeps an event id that no longer exists."""
        self.stories.remove_docs(doc_ids)

    def story_table(self, run_id: str) -> tuple[pa.Table, list[date], dict[str, date]]:
        """The run's changed `stories` rows with their partitions, and the emptied stories (id -> partition)."""
        buf = TableBuffer()
        if self._stories is None and self._in_backfill is None:
            return buf.to_arrow("stories"), [], {}
        for key, row in self.stories.story_rows(self.stories.touched, run_id):
            buf.add("stories", key, **row)
        return buf.to_arrow("stories"), buf.partitions["stories"], dict(self.stories.removed)

    def state_writers(self) -> dict[str, Callable[[Path], None]]:
        """Writers of the state files the run changed (none when it linked nothing)."""
        out: dict[str, Callable[[Path], None]] = {}
        if self._dups is not None:
            out[DUPLICATES_STATE] = lambda p: duplicates.write_index(self.dups, p)
        if self._stories is not None:
            out[STORIES_STATE] = lambda p: stories.write_index(self.stories, p)
        return out

    def report(self) -> dict[str, Any]:
        """What the run summary says: duplicates found, stories started, changed, emptied."""
        if not self.used:
            return {}
        live = self.stories.stories
        touched = [s for s in self.stories.touched if s in live]
        multi = sum(1 for s in live.values() if len({m.doc_id for m in s.members.values()}) > 1)
        return {
            "duplicates": {"exact": self.dups.found["exact"], "near": self.dups.found["near"]},
            "stories": {"changed": len(touched), "removed": len(self.stories.removed), "total": len(live),
                        "multi_document": multi},
        }


def _set(tbl: pa.Table, name: str, arr: pa.Array) -> pa.Table:
    return tbl.set_column(tbl.schema.get_field_index(name), tbl.schema.field(name), arr)
