"""Duplicate documents: exact (normalised body) and near (MinHash), across runs."""

from __future__ import annotations

from flows.fs import open_storage
from flows.store.duplicates import DuplicateIndex, load_index, write_index

BODY = (
    "The defence ministry said on Tuesday that a battalion of about 600 engineers would leave the "
    "northern garrison by the end of the month and return to their home bases. The move follows "
    "talks between the two governments on the future of the training mission, which began three "
    "years ago after a request from the host country. Officials said the equipment would be "
    "shipped by rail and that a small liaison team of twenty officers would stay behind to advise "
    "local commanders. Opposition lawmakers asked for a debate on the decision in parliament."
)
OTHER = (
    "Heavy rain closed several mountain roads on Sunday and the weather service warned of further "
    "storms in the coming days. Farmers in the valley said the harvest had been delayed by two weeks, "
    "and local schools stayed shut while crews cleared fallen trees from the main routes into town. "
    "The regional council promised emergency funds for repairs once the damage had been assessed."
)


def test_exact_copy_up_to_case_and_spacing_points_to_the_first_document():
    idx = DuplicateIndex()
    assert idx.add("a", BODY).duplicate_of is None
    r = idx.add("b", "  " + BODY.upper().replace(". ", ".\n\n"))
    assert (r.duplicate_of, r.score) == ("a", 1.0)
    assert idx.found == {"exact": 1, "near": 0}


def test_lightly_edited_copy_is_a_near_duplicate_and_other_text_is_not():
    idx = DuplicateIndex()
    idx.add("a", BODY)
    edited = BODY.replace("in parliament.", "in the national assembly.")  # shingle Jaccard ~0.9
    r = idx.add("b", edited)
    assert r.duplicate_of == "a" and 0.8 <= r.score < 1.0
    assert idx.add("c", OTHER).duplicate_of is None
    # a copy of the copy names the group's first document
    assert idx.add("d", edited).duplicate_of == "a"


def test_short_bodies_are_only_exact_duplicates():
    idx = DuplicateIndex()
    idx.add("a", "Troops left the base today.")
    assert idx.add("b", "Troops left the base on Monday.").duplicate_of is None
    assert idx.add("c", "troops left the base today.").duplicate_of == "a"


def test_index_survives_a_run_boundary_and_a_reprocessed_document_is_compared_afresh(tmp_path):
    idx = DuplicateIndex()
    idx.add("a", BODY)
    idx.add("b", OTHER)
    write_index(idx, open_storage(tmp_path), "d.parquet")
    again = load_index(open_storage(tmp_path), "d.parquet")
    assert again.add("c", BODY).duplicate_of == "a"
    assert again.add("c", BODY.replace("by rail", "by sea")).duplicate_of == "a"
    # "b" now carries a new text: compared afresh, no longer the first of its old body
    assert again.add("b", BODY + " Updated.").duplicate_of == "a"
    assert again.add("e", OTHER).duplicate_of is None


def test_band_index_finds_the_candidates_datasketch_finds():
    import numpy as np
    from datasketch import MinHashLSH

    from flows.store.duplicates import NUM_PERM, BandIndex, _new_minhash

    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, size=(300, NUM_PERM), dtype=np.uint64).astype(np.uint32)
    sigs = [base[i] for i in range(300)]
    for i in range(0, 300, 3):  # variants sharing most values with an earlier signature: real candidates
        v = base[i].copy()
        v[rng.choice(NUM_PERM, size=int(rng.integers(2, 40)), replace=False)] = rng.integers(0, 2**32, size=1)[0]
        sigs.append(v)
    BandIndex.MERGE_AT = 64  # exercise the merge of the unsorted tail into the sorted arrays
    ours, theirs = BandIndex(), MinHashLSH(threshold=0.6, num_perm=NUM_PERM)
    try:
        for i, v in enumerate(sigs):
            q = set(ours.query(v))
            assert q == set(theirs.query(_new_minhash(v))), i
            ours.insert(f"d{i}", v)
            theirs.insert(f"d{i}", _new_minhash(v))
            if i % 50 == 7:  # and removals
                ours.remove(f"d{i - 5}")
                theirs.remove(f"d{i - 5}")
    finally:
        BandIndex.MERGE_AT = 2048
    assert any(ours.query(v) for v in sigs[300:])  # the variants did find their originals
    bulk = BandIndex()  # loading a saved index: one bulk insert, the same answers
    bulk.insert_many([f"d{i}" for i in range(len(sigs))], np.stack(sigs))
    plain = BandIndex()
    for i, v in enumerate(sigs):
        plain.insert(f"d{i}", v)
    assert all(bulk.query(v) == plain.query(v) for v in sigs)
