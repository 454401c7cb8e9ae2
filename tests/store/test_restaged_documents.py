"""A changed document replaces all its rows: also those of tables where it has none any more.

Before issue 16 a document restaged without a quote kept its old quote row (each table replaced only
the documents it had new rows for)."""

from __future__ import annotations

from devtools import localrun

WITH_QUOTE = ('Troops leave\n\n"We are leaving now," the general said on Monday as 300 soldiers left the base '
              'in Iraq.\n\nThe withdrawal began in March.\n')
WITHOUT = "Troops leave\n\nAbout 300 soldiers left the base in Iraq on Monday, officials said.\n\nThe withdrawal began in March.\n"


def test_a_changed_document_loses_the_rows_it_no_longer_has(tmp_path):
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    (src / "a.txt").write_text(WITH_QUOTE, encoding="utf-8")
    localrun.run(src, wh, "r1")
    assert len(localrun.rows(wh, "quotes", "doc_id")) == 1
    (src / "a.txt").write_text(WITHOUT, encoding="utf-8")
    localrun.run(src, wh, "r2")
    assert localrun.rows(wh, "quotes", "doc_id") == []
    assert len(localrun.rows(wh, "documents", "doc_id")) == 1 and localrun.orphans(wh) == {}
