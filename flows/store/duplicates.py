"""Duplicate documents: exact (same normalised body) and near (MinHash over word shingles).

A scraper that visits a page twice stores it twice; wire copy is syndicated with small edits.
Nothing is dropped: `documents.duplicate_of` names the first document of the group that the
warehouse saw (null for that first one and for unique documents) and
`documents.near_duplicate_score` the estimated Jaccard similarity of the two bodies' word
shingles (1.0 for an exact copy). Analysts filter on them.

- **exact**: sha256 of the body with whitespace collapsed and case folded (the raw bytes'
  hash, `content_sha256`, differs on any furniture change; the cleaned body does not);
- **near**: `datasketch` MinHash (`NUM_PERM` permutations) of the body's `SHINGLE_WORDS`-word
  shingles; candidates come from a MinHashLSH at `LSH_THRESHOLD` and are kept from an estimated
  similarity of `NEAR_THRESHOLD`; the most similar one wins.

Only the first document of each group is in the LSH: a new document is compared with originals,
never with copies, so a page scraped a thousand times costs one candidate, not a thousand.
Across runs and partitions: `_state/duplicates.parquet` keeps one row per document (doc_id, body
hash, the group's first document, and the MinHash values of first documents), so a run compares its documents with every
earlier one without reading the `documents` table. Cost per document: one hash, one MinHash
(linear in the body) and one LSH query.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from datasketch import MinHash, MinHashLSH

from flows.fs import Storage
from flows.store.state import read_state_table, write_table_to

NUM_PERM = 64
SHINGLE_WORDS = 5
# Estimated Jaccard similarity of shingle sets from which two bodies are the same text (light
# edits of syndicated copy keep ~0.8-0.95; different articles on one event stay far below 0.5).
NEAR_THRESHOLD = 0.8
# The LSH's own threshold, lower than NEAR_THRESHOLD: banding is an S-curve, so at 0.8 it would
# miss about a third of pairs whose similarity is just above 0.8; candidates are then checked
# against NEAR_THRESHOLD with the full signatures.
LSH_THRESHOLD = 0.6
# Bodies shorter than this many words are too short to call near duplicates (exact still counts).
MIN_WORDS = 20
_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1
# datasketch's hashing scheme, named so that stored values are read back with the one that made them
SCHEME = "affine32"

STATE_SCHEMA = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("body_sha256", pa.string(), nullable=False),
    pa.field("root", pa.string(), nullable=False),        # first document of its group (itself if none)
    pa.field("minhash", pa.list_(pa.uint32())),  # first documents of a group only (null: a copy, or under MIN_WORDS)
])


def body_hash(body: str) -> str:
    """sha256 of the body with whitespace collapsed and case folded."""
    return hashlib.sha256(" ".join(body.split()).casefold().encode()).hexdigest()


_PERMUTATIONS = None


def _new_minhash(hashvalues: np.ndarray | None = None) -> MinHash:
    """A MinHash sharing one set of permutations (making them per document cost as much as
    hashing a body) and hashing shingles with crc32 (a C call; the affine permutations do the
    mixing): together ~4x faster than datasketch's defaults, same estimates."""
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=SCHEME).permutations
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=SCHEME, hashfunc=zlib.crc32,
                   permutations=_PERMUTATIONS, hashvalues=hashvalues)


def minhash(body: str) -> MinHash | None:
    """MinHash of the body's word shingles, or None for a body under MIN_WORDS words."""
    words = _WORD.findall(body.casefold())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}
    m = _new_minhash()
    m.update_batch(list(shingles))
    return m


def features(body: str) -> tuple[str, np.ndarray | None]:
    """What the index needs of a body: its normalised hash and MinHash values (None when too short)."""
    mh = minhash(body)
    return body_hash(body), (mh.hashvalues.astype(np.uint32) if mh is not None else None)


@dataclass(frozen=True, slots=True)
class DupResult:
    duplicate_of: str | None
    score: float | None


class BandIndex:
    """LSH banding over MinHash values, held in NumPy arrays rather than Python dicts.

    The same candidates as datasketch's MinHashLSH at LSH_THRESHOLD (its `b` bands of `r` values:
    two signatures are candidates when all `r` values of some band are equal), with each band
    reduced to a 64-bit hash (a collision only adds a candidate, which the full-signature check
    then judges). Memory: the signature (4 bytes a value) plus 12 bytes a band per document, about
    0.4 kB, where MinHashLSH's dicts of byte strings took ~10 kB: a warehouse of a million
    documents fits in a few hundred MB. Inserts go to a small unsorted tail that is merged into
    the sorted arrays now and then, so an insert costs O(1) and a query O(b log n)."""

    MERGE_AT = 2048  # smallest unsorted tail; it grows with the index (an eighth of it): O(n log n) in all

    def __init__(self, num_perm: int = NUM_PERM, threshold: float = LSH_THRESHOLD) -> None:
        params = MinHashLSH(threshold=threshold, num_perm=num_perm)  # datasketch's choice of bands and rows
        self.b, self.r = params.b, params.r
        self.sigs = np.zeros((0, num_perm), np.uint32)  # row -> signature
        self.n = 0
        self.keys: list[str | None] = []                 # row -> doc_id (None: removed)
        self.row_of: dict[str, int] = {}
        self.band_hash = np.zeros((self.b, 0), np.uint64)  # sorted per band
        self.band_row = np.zeros((self.b, 0), np.int64)
        self._tail_cap = self.MERGE_AT
        self.tail_hash = np.zeros((self._tail_cap, self.b), np.uint64)
        self.tail_rows = np.zeros(self._tail_cap, np.int64)
        self.tail_n = 0

    def _hashes(self, values: np.ndarray) -> np.ndarray:
        """One 64-bit FNV-style hash per band of `values` (rows of them when 2-D)."""
        v = np.asarray(values, dtype=np.uint64)[..., : self.b * self.r].reshape(*np.shape(values)[:-1], self.b, self.r)
        h = np.full(v.shape[:-1], 1469598103934665603, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(self.r):
                h = (h ^ v[..., j]) * np.uint64(1099511628211)
        return h

    def __contains__(self, key: str) -> bool:
        return key in self.row_of

    def signature(self, key: str) -> np.ndarray:
        return self.sigs[self.row_of[key]]

    def insert(self, key: str, values: np.ndarray) -> None:
        self.insert_many([key], np.asarray(values, np.uint32).reshape(1, -1))

    def insert_many(self, keys: list[str], values: np.ndarray) -> None:
        """Insert rows of signatures (loading a saved index inserts them all at once)."""
        n_new = len(keys)
        if self.n + n_new > len(self.sigs):  # grow by half: amortised O(1), at most 1.5x what is needed
            grown = np.zeros((max(1024, self.n + n_new, (self.n + n_new) * 3 // 2), self.sigs.shape[1]), np.uint32)
            grown[: self.n] = self.sigs[: self.n]
            self.sigs = grown
        rows = np.arange(self.n, self.n + n_new, dtype=np.int64)
        self.sigs[self.n:self.n + n_new] = values
        self.n += n_new
        for k, row in zip(keys, rows.tolist(), strict=True):
            self.keys.append(k)
            self.row_of[k] = row
        hashes = self._hashes(values)
        if n_new > self._tail_cap - self.tail_n:  # a bulk insert goes straight into the sorted arrays
            self._merge(hashes, rows)
            return
        self.tail_hash[self.tail_n:self.tail_n + n_new] = hashes
        self.tail_rows[self.tail_n:self.tail_n + n_new] = rows
        self.tail_n += n_new
        if self.tail_n == self._tail_cap:
            self._merge()

    def remove(self, key: str) -> None:
        row = self.row_of.pop(key, None)
        if row is not None:
            self.keys[row] = None  # its band entries stay, pointing at a removed row: skipped

    def _merge(self, hashes: np.ndarray | None = None, rows: np.ndarray | None = None) -> None:
        """Sort the tail (and any bulk rows) into the per-band arrays."""
        parts_h = [self.band_hash, self.tail_hash[: self.tail_n].T]
        parts_r = [self.band_row, np.tile(self.tail_rows[: self.tail_n], (self.b, 1))]
        if hashes is not None and rows is not None:
            parts_h.append(hashes.T)
            parts_r.append(np.tile(rows, (self.b, 1)))
        all_h, all_r = np.concatenate(parts_h, axis=1), np.concatenate(parts_r, axis=1)
        order = np.argsort(all_h, axis=1, kind="stable")
        self.band_hash = np.take_along_axis(all_h, order, axis=1)
        self.band_row = np.take_along_axis(all_r, order, axis=1)
        self.tail_n = 0
        self._tail_cap = max(self.MERGE_AT, self.n // 8)
        if len(self.tail_rows) != self._tail_cap:
            self.tail_hash = np.zeros((self._tail_cap, self.b), np.uint64)
            self.tail_rows = np.zeros(self._tail_cap, np.int64)

    def query(self, values: np.ndarray) -> list[str]:
        """Keys sharing at least one band with `values`, earliest inserted first."""
        h = self._hashes(values)
        found: set[int] = set()
        for i in range(self.b):
            lo, hi = np.searchsorted(self.band_hash[i], h[i], "left"), np.searchsorted(self.band_hash[i], h[i], "right")
            if hi > lo:
                found.update(self.band_row[i, lo:hi].tolist())
        if self.tail_n:
            hit = np.any(self.tail_hash[: self.tail_n] == h, axis=1)
            found.update(self.tail_rows[: self.tail_n][hit].tolist())
        return [k for k in (self.keys[r] for r in sorted(found)) if k is not None]


class DuplicateIndex:
    """Every document seen so far: body hashes and MinHashes, with the first of each group."""

    def __init__(self) -> None:
        self.lsh = BandIndex()                     # signatures of first documents, banded
        self.by_hash: dict[str, str] = {}          # body hash -> first doc_id with it
        self.hash_of: dict[str, str] = {}          # doc_id -> body hash
        self.root_of: dict[str, str] = {}          # doc_id -> first document of its group
        self.found = {"exact": 0, "near": 0}       # this run's duplicates, for the run summary

    def _forget(self, doc_id: str) -> None:
        """A reprocessed document is compared afresh (its body may have changed)."""
        h = self.hash_of.pop(doc_id, None)
        if h is not None and self.by_hash.get(h) == doc_id:
            del self.by_hash[h]
        self.lsh.remove(doc_id)
        self.root_of.pop(doc_id, None)

    def _insert(self, doc_id: str, h: str, root: str, values: np.ndarray | None) -> None:
        self.hash_of[doc_id] = h
        self.by_hash.setdefault(h, doc_id)
        self.root_of[doc_id] = root
        if values is not None and root == doc_id:  # only a group's first document is looked up: a
            # copy is compared with the originals, and a large group costs one candidate, not hundreds
            self.lsh.insert(doc_id, values)

    def add(self, doc_id: str, body: str) -> DupResult:
        """Compare one document with every earlier one, then remember it."""
        return self.add_features(doc_id, *features(body))

    def add_features(self, doc_id: str, h: str, values: np.ndarray | None) -> DupResult:
        """`add` with the body's hash and MinHash values already computed (`features`, run where the
        document was processed: a Dask worker), so the driver only looks up and remembers."""
        self._forget(doc_id)
        first = self.by_hash.get(h)
        if first is not None and self.root_of.get(first, first) != doc_id:
            root = self.root_of.get(first, first)
            self._insert(doc_id, h, root, values)
            self.found["exact"] += 1
            return DupResult(root, 1.0)
        best: tuple[float, str] | None = None
        if values is not None:
            for cand in self.lsh.query(values):  # earliest first: of equal scores the oldest wins
                score = float(np.count_nonzero(values == self.lsh.signature(cand))) / NUM_PERM
                if score >= NEAR_THRESHOLD and (best is None or score > best[0]):
                    best = (score, cand)
        if best is None:
            self._insert(doc_id, h, doc_id, values)
            return DupResult(None, None)
        root = self.root_of.get(best[1], best[1])
        self._insert(doc_id, h, root, values)
        self.found["near"] += 1
        return DupResult(root, round(best[0], 4))

    def add_all(self, doc_ids: list[str], bodies: list[str]) -> tuple[list[str | None], list[float | None]]:
        out = [self.add(d, b) for d, b in zip(doc_ids, bodies, strict=True)]
        return [r.duplicate_of for r in out], [r.score for r in out]


def load_index(wh: Storage, rel: str) -> DuplicateIndex:
    idx = DuplicateIndex()
    t = read_state_table(wh, rel, STATE_SCHEMA)
    if t is None:
        return idx
    ids, hashes, roots = (t.column(c).to_pylist() for c in ("doc_id", "body_sha256", "root"))
    mhs = t.column("minhash").combine_chunks()
    valid = mhs.is_valid().to_numpy(zero_copy_only=False)
    sigs = mhs.flatten().to_numpy(zero_copy_only=False).astype(np.uint32).reshape(-1, NUM_PERM)
    for d, h, r in zip(ids, hashes, roots, strict=True):
        idx._insert(d, h, r, None)
    looked_up = [d for d, ok, r in zip(ids, valid.tolist(), roots, strict=True) if ok and r == d]
    if looked_up:
        keep = np.asarray([ok and r == d for d, ok, r in zip(ids, valid.tolist(), roots, strict=True)], bool)[valid]
        idx.lsh.insert_many(looked_up, sigs[keep])  # one sort, not one per row
    return idx


def write_index(idx: DuplicateIndex, wh: Storage, rel: str) -> None:
    ids = list(idx.hash_of)
    mh = [idx.lsh.signature(d).tolist() if d in idx.lsh else None for d in ids]
    write_table_to(wh, rel, pa.table({"doc_id": ids, "body_sha256": [idx.hash_of[d] for d in ids],
                                      "root": [idx.root_of.get(d, d) for d in ids], "minhash": mh},
                                     schema=STATE_SCHEMA))
