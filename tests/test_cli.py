"""The command line: `newsflow clean` (no warehouse), help texts, usage errors."""

from __future__ import annotations

import pytest

from flows.cli import build_parser, main
from tests.conftest import SEEDS
from tests.goldutil import gold_docs


def test_clean_prints_the_body_of_each_file(capsys):
    files = [SEEDS / g["file"] for g in gold_docs()[:2]]
    assert main(["clean", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "Skip to content" not in out and "By Kamaran Aziz" not in out
    assert "Iraq has begun the process of urgently repatriating" in out


def test_clean_writes_one_file_per_input_with_out(tmp_path):
    files = [SEEDS / g["file"] for g in gold_docs()]
    assert main(["clean", *map(str, files), "--out", str(tmp_path / "o")]) == 0
    written = sorted(p.name for p in (tmp_path / "o").iterdir())
    assert written == sorted(g["file"] for g in gold_docs())
    assert "icon-facebook" not in (tmp_path / "o" / "002_4926c5f7d2730e05.txt").read_text()


def test_clean_lines_shows_labels_and_reasons(capsys):
    assert main(["clean", "--lines", str(SEEDS / "003_60a27b4003576553.txt")]) == 0
    out = capsys.readouterr().out
    assert "skip_link" in out and "boilerplate" in out


def test_clean_reads_files_with_other_suffixes_as_text(tmp_path, capsys):
    p = tmp_path / "page.tmp"
    p.write_text("Share this\n\nSoldiers returned home on Friday after six months abroad, officials said.\n")
    assert main(["clean", str(p)]) == 0
    assert "Soldiers returned home" in capsys.readouterr().out


def test_clean_reports_rejected_inputs_and_missing_files(tmp_path, capsys):
    (tmp_path / "e.txt").write_bytes(b"")
    assert main(["clean", str(tmp_path / "e.txt"), str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert "empty_file" in err and "missing.txt" in err


def test_dictionary_prints_every_table(capsys):
    assert main(["dictionary"]) == 0
    out = capsys.readouterr().out
    for t in ("documents", "lines", "events", "rejects", "runs"):
        assert f"## {t}" in out


def test_backfill_requires_dates_and_rejects_bad_ones(capsys):
    with pytest.raises(SystemExit) as e:
        build_parser().parse_args(["backfill", "--since", "2025-13-01", "--until", "2025-01-02"])
    assert e.value.code == 2 and "not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["backfill"])


def test_help_explains_each_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for cmd in ("run", "backfill", "clean", "serve", "dictionary", "bench"):
        assert cmd in out
