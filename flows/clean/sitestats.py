"""Per-source statistics of which lines recur across documents (site boilerplate).

A line that appears in many different documents of one source ("Get the latest updates
delivered to your inbox.", a footer, a menu item) is page furniture even when no keyword
pattern knows it. `SiteLineStats` counts, per source key (usually the host name), in how
many distinct documents each line fingerprint occurred; `recurring()` hands the cleaner the
fingerprints that crossed the thresholds. It is a plain object so the flow can persist it as
rows in the warehouse (`to_rows` / `from_rows`) and grow it run after run.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

# Lines shorter than this are not tracked: "Share" or "News" recur everywhere, including in
# article bodies, and the keyword rules already handle them; tracking them would only grow
# the table.
MIN_TRACKED_CHARS = 12
# Lines longer than this are prose; a wire story syndicated twice must not turn its
# paragraphs into boilerplate.
MAX_TRACKED_CHARS = 400
# Conservative: a line is site boilerplate only after it was seen in this many distinct
# documents of the source (two could be a story and its update).
MIN_DOCS = 3
# ...and in at least this share of the source's documents, so a phrase that a handful of
# articles of a big site happen to share ("The Associated Press contributed to this
# report.") stays body until it really is furniture.
MIN_SHARE = 0.05
# Above this many documents of a source, a line seen in only one of them is forgotten: to
# count it must reach MIN_SHARE (5% = at least 10 documents here), so losing its first
# sighting changes nothing that matters, and singletons are ~90% of all fingerprints.
PRUNE_MIN_SOURCE_DOCS = 200
FINGERPRINT_HEX = 16  # 64 bits: collisions are irrelevant at a few million lines per source


def line_fingerprint(text: str) -> str:
    """16 hex chars of blake2b over the lower-cased, whitespace-collapsed line."""
    norm = " ".join(text.lower().split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=FINGERPRINT_HEX // 2).hexdigest()


def trackable(text: str) -> bool:
    """Whether a line is worth tracking (see MIN_TRACKED_CHARS / MAX_TRACKED_CHARS)."""
    n = len(text.strip())
    return MIN_TRACKED_CHARS <= n <= MAX_TRACKED_CHARS


class SiteLineStats:
    """Document frequency of line fingerprints, per source key."""

    def __init__(self) -> None:
        self._counts: dict[str, dict[str, int]] = defaultdict(dict)
        self._docs: dict[str, int] = defaultdict(int)

    def add_document(self, source_key: str, lines: Iterable[str]) -> None:
        """Count one document: each distinct trackable line once."""
        fps = {line_fingerprint(t) for t in lines if trackable(t)}
        self._docs[source_key] += 1
        counts = self._counts[source_key]
        for fp in fps:
            counts[fp] = counts.get(fp, 0) + 1

    def add_fingerprints(self, source_key: str, fps: Iterable[str]) -> None:
        """`add_document` with the fingerprints of its distinct trackable lines already made
        (by the worker that cleaned the document: the driver only counts)."""
        self._docs[source_key] += 1
        counts = self._counts[source_key]
        for fp in set(fps):
            counts[fp] = counts.get(fp, 0) + 1

    def sources(self) -> list[str]:
        """Source keys with at least one counted document."""
        return sorted(self._docs)

    def n_docs(self, source_key: str) -> int:
        return self._docs.get(source_key, 0)

    def recurring(
        self, source_key: str, min_docs: int = MIN_DOCS, min_share: float = MIN_SHARE
    ) -> frozenset[str]:
        """Fingerprints seen in at least `min_docs` documents and `min_share` of the source's documents."""
        total = self._docs.get(source_key, 0)
        if total < min_docs:
            return frozenset()
        need = max(min_docs, min_share * total)
        return frozenset(fp for fp, n in self._counts.get(source_key, {}).items() if n >= need)

    def prune(self, min_source_docs: int = PRUNE_MIN_SOURCE_DOCS) -> int:
        """Forget single sightings in large sources (see PRUNE_MIN_SOURCE_DOCS); return how many."""
        dropped = 0
        for key, counts in self._counts.items():
            if self._docs.get(key, 0) >= min_source_docs:
                ones = [fp for fp, n in counts.items() if n == 1]
                for fp in ones:
                    del counts[fp]
                dropped += len(ones)
        return dropped

    def columns(self) -> tuple[list[str], list[str], list[int]]:
        """The rows of `to_rows` as three columns (source_key, fingerprint, n_docs), for Arrow."""
        keys: list[str] = []
        fps: list[str] = []
        ns: list[int] = []
        for key in sorted(self._docs):
            counts = self._counts.get(key, {})
            keys += [key] * (len(counts) + 1)
            fps.append("")
            ns.append(self._docs[key])
            fps += counts.keys()
            ns += counts.values()
        return keys, fps, ns

    @classmethod
    def from_columns(cls, keys: list[str], fps: list[str], ns: list[int]) -> SiteLineStats:
        """Inverse of `columns`."""
        stats = cls()
        for key, fp, n in zip(keys, fps, ns, strict=True):
            if fp == "":
                stats._docs[key] = n
            else:
                stats._counts[key][fp] = n
        return stats

    def to_rows(self) -> list[dict]:
        """Rows for persistence: one per (source, fingerprint) plus one doc-count row per source.

        The doc-count row has fingerprint "" and n_docs = number of documents of the source.
        """
        rows: list[dict] = []
        for key in sorted(self._docs):
            rows.append({"source_key": key, "fingerprint": "", "n_docs": self._docs[key]})
            for fp, n in sorted(self._counts.get(key, {}).items()):
                rows.append({"source_key": key, "fingerprint": fp, "n_docs": n})
        return rows

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> SiteLineStats:
        """Inverse of `to_rows`."""
        stats = cls()
        for row in rows:
            key, fp, n = row["source_key"], row["fingerprint"], int(row["n_docs"])
            if fp == "":
                stats._docs[key] = n
            else:
                stats._counts[key][fp] = n
        return stats
