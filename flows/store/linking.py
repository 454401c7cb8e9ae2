"""Cross-document links a run adds while it stages rows: duplicates and stories.

The driver (`flows/store/publish.py`) hands each staged batch's link features to the linker:
documents' body hashes and MinHashes give `duplicate_of` / `near_duplicate_score`
(flows/store/duplicates.py), events' story members give `story_id` (flows/store/stories.py).
The workers computed those features and staged the rows with the link columns empty; the link
values are staged apart by id and filled in when the partitions are published
(flows/store/warehouse.py `apply_links`), so the rows never travel to the driver. Both indexes live in `_state/` and are
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

from flows.fs import Storage, open_storage
from flows.store import duplicates, stories
from flows.store.records import TableBuffer
from flows.store.stories import Member

STATE_DIR = "_state"
DUPLICATES_STATE = "duplicates.parquet"
STORIES_STATE = "stories.parquet"


class CrossDocLinker:
    """A run's duplicate and story indexes, loaded from `<warehouse>/_state/`."""

    def __init__(self, warehouse: Storage | Path | str, in_backfill: Callable[[date], bool] | None = None) -> None:
        """`in_backfill(day)`: the run rebuilds that partition, so its events leave their stories
        first (and come back as the backfill restages them). The indexes are read on first use:
        a run that finds nothing new reads and writes neither."""
        self.wh = open_storage(warehouse)
        self._in_backfill = in_backfill
        self._dups: duplicates.DuplicateIndex | None = None
        self._stories: stories.StoryIndex | None = None

    @property
    def dups(self) -> duplicates.DuplicateIndex:
        if self._dups is None:
            self._dups = duplicates.load_index(self.wh, f"{STATE_DIR}/{DUPLICATES_STATE}")
        return self._dups

    @property
    def stories(self) -> stories.StoryIndex:
        if self._stories is None:
            self._stories = stories.load_index(self.wh, f"{STATE_DIR}/{STORIES_STATE}")
            if self._in_backfill is not None:
                keep = self._in_backfill
                self._stories.remove_partitions(lambda d: not keep(d))
        return self._stories

    @property
    def used(self) -> bool:
        return self._dups is not None or self._stories is not None

    def link_documents(self, features: list[tuple[str, date, str, Any]]) -> tuple[pa.Table, list[date]]:
        """Duplicates of a batch's documents from their (doc_id, partition, body hash, MinHash values),
        computed by the worker; returns the link rows (doc_id, duplicate_of, near_duplicate_score) of
        the documents that have one, with their partitions."""
        ids, dup_of, score, parts = [], [], [], []
        for doc_id, part, h, values in features:
            r = self.dups.add_features(doc_id, h, values)
            if r.duplicate_of is not None:
                ids.append(doc_id)
                dup_of.append(r.duplicate_of)
                score.append(r.score)
                parts.append(part)
        self.stories.remove_docs([f[0] for f in features])  # reprocessed documents bring their events anew
        return pa.table({"doc_id": pa.array(ids, pa.string()), "duplicate_of": pa.array(dup_of, pa.string()),
                         "near_duplicate_score": pa.array(score, pa.float64())}), parts

    def link_events(self, members: list[Member]) -> tuple[pa.Table, list[date]]:
        """Stories of a batch's events (members made by the worker); returns (event_id, story_id) rows."""
        links = self.stories.assign_all(members)
        ids = [m.event_id for m in members if m.event_id in links]
        parts = [m.partition for m in members if m.event_id in links]
        return pa.table({"event_id": pa.array(ids, pa.string()),
                         "story_id": pa.array([links[e] for e in ids], pa.string())}), parts

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

    def state_writers(self) -> dict[str, Callable[[Storage, str], None]]:
        """Writers of the state files the run changed (none when it linked nothing)."""
        out: dict[str, Callable[[Storage, str], None]] = {}
        if self._dups is not None:
            out[DUPLICATES_STATE] = lambda wh, rel: duplicates.write_index(self.dups, wh, rel)
        if self._stories is not None:
            out[STORIES_STATE] = lambda wh, rel: stories.write_index(self.stories, wh, rel)
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
