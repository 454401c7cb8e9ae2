"""Development tools, not shipped in the wheel (`pyproject.toml` packages only `flows*`).

Run them from the checkout's root: `.venv/bin/python -m devtools.<tool> --help`.

- `goldscore`, `score_gold`: per-field precision/recall of the real pipeline on the samples' gold.
- `score_devset`: the cleaner on a line-labelled dev set of naive page text (kept outside the repo).
- `make_suites`: regenerates `expectations/*.json` from the schemas and vocabularies.
- `table_hashes`: per-table content hashes of a warehouse (behaviour-preserving refactors).
"""
