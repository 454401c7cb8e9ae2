"""Synthetic corpus: deterministic, the requested mix of formats, dated folders, readable by flows.read."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from flows.bench.corpus import generate_corpus, load_seeds
from flows.model import RawDocument, Reject
from flows.read.inputs import discover, landing_date, read_input

DATED = re.compile(r"^(\d{4})/(\d{2})/(\d{2})/[^/]+\.(txt|html|jsonl)$")


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def read_all(root: Path) -> list[RawDocument | Reject]:
    return [d for f in discover(root) for d in read_input(f)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("corpus")
    return root, generate_corpus(root, 400, seed=7, html_share=0.1, jsonl_share=0.2, days=30,
                                 start=date(2025, 3, 1))


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path, corpus):
    root, _ = corpus
    again = tmp_path / "again"
    generate_corpus(again, 400, seed=7, html_share=0.1, jsonl_share=0.2, days=30, start=date(2025, 3, 1))
    assert tree_digest(again) == tree_digest(root)
    other = tmp_path / "other"
    generate_corpus(other, 400, seed=8, html_share=0.1, jsonl_share=0.2, days=30, start=date(2025, 3, 1))
    assert tree_digest(other) != tree_digest(root)


def test_requested_mix_of_formats_is_written_and_counted(corpus):
    root, counts = corpus
    assert counts["docs"] == 400 == counts["txt"] + counts["html"] + counts["jsonl"]
    assert abs(counts["jsonl"] - 80) <= 2 and abs(counts["html"] - 40) <= 2
    on_disk = Counter(p.suffix for p in root.rglob("*") if p.is_file())
    assert on_disk[".txt"] == counts["txt"] and on_disk[".html"] == counts["html"]
    assert on_disk[".jsonl"] == counts["jsonl_files"]
    n_records = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in root.rglob("*.jsonl"))
    assert n_records == counts["jsonl"]
    assert counts["bytes"] == sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def test_files_sit_in_dated_folders_spread_over_the_days(corpus):
    root, counts = corpus
    days = set()
    for p in root.rglob("*"):
        if p.is_file():
            m = DATED.match(p.relative_to(root).as_posix())
            assert m, p
            days.add(date(int(m[1]), int(m[2]), int(m[3])))
    assert min(days) == date(2025, 3, 1) and max(days) <= date(2025, 3, 30)
    assert len(days) == counts["days"] == 30


def test_every_document_reads_and_lands_on_its_folder_date(corpus):
    root, counts = corpus
    docs = read_all(root)
    assert not [d for d in docs if isinstance(d, Reject)]
    assert len(docs) == counts["docs"]
    assert Counter(d.fmt for d in docs) == {"txt": counts["txt"], "html": counts["html"], "jsonl": counts["jsonl"]}
    for d in docs[:50]:
        assert d.partition_date == landing_date(d.source_uri.split("#")[0], 0)
    jsonl = [d for d in docs if d.fmt == "jsonl"]
    assert all(d.url and d.url.startswith("https://") and d.fetched_at for d in jsonl)


def test_jsonl_records_carry_text_or_html_with_url_and_fetched_at(corpus):
    root, _ = corpus
    recs = [json.loads(x) for p in root.rglob("*.jsonl") for x in p.read_text(encoding="utf-8").splitlines()]
    assert all({"url", "fetched_at"} <= r.keys() and ("text" in r) != ("html" in r) for r in recs)
    assert any("html" in r for r in recs) and any("text" in r for r in recs)


def test_html_pages_wrap_an_article_in_page_furniture(corpus):
    root, _ = corpus
    page = next(root.rglob("*.html")).read_text(encoding="utf-8")
    for tag in ("<nav>", "<header>", "<article>", "</article>", "<footer>", "<figcaption>"):
        assert tag in page
    doc = read_all(next(root.rglob("*.html")).parent)
    html_docs = [d for d in doc if isinstance(d, RawDocument) and d.fmt == "html"]
    assert html_docs and all("Skip to content" not in d.text for d in html_docs)


def test_copies_are_perturbed_not_verbatim(corpus):
    root, _ = corpus
    seed_paras = {"".join(p if isinstance(p, str) else p[1] for p in tpl)
                  for s in load_seeds() for tpl in s.paragraphs}
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.txt"))[:60]]
    bodies = [set(t.split("\n")) for t in texts]
    verbatim = sum(1 for b in bodies if b & seed_paras)
    assert verbatim < len(bodies)  # most copies differ from every sample paragraph
    assert len({t for t in texts}) == len(texts)
    # furniture lines repeat across documents (a site's boilerplate), prose lines mostly do not
    lines = Counter(ln for t in texts for ln in set(t.split("\n")) if ln.strip())
    assert any(n >= 5 and len(k.split()) <= 8 for k, n in lines.items())


def test_start_index_adds_new_documents_without_touching_old_ones(tmp_path):
    generate_corpus(tmp_path, 20, seed=1, days=5)
    before = tree_digest(tmp_path)
    added = generate_corpus(tmp_path, 3, seed=1, days=1, start=date(2025, 1, 6), start_index=20)
    after = tree_digest(tmp_path)
    assert added["docs"] == 3
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(read_all(tmp_path)) == 23


def test_bad_shares_are_refused(tmp_path):
    with pytest.raises(ValueError):
        generate_corpus(tmp_path, 10, html_share=0.7, jsonl_share=0.5)
