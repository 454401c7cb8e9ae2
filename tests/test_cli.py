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


def _cli_without_prefect(*args: str, cwd=None):  # noqa: ANN001, ANN202
    """Run `main(args)` in a fresh interpreter and fail if it imported Prefect or Great Expectations."""
    import subprocess
    import sys

    code = ("import sys; from flows.cli import main; rc = main(sys.argv[1:]); "
            "assert 'prefect' not in sys.modules and 'great_expectations' not in sys.modules, 'imported'; "
            "sys.exit(rc)")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_missing_source_fails_before_prefect_starts(tmp_path):
    p = _cli_without_prefect("run", "--source", str(tmp_path / "inbox"), "--warehouse", str(tmp_path / "wh"))
    assert p.returncode == 1, p.stderr
    assert "source folder" in p.stderr and "does not exist" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "wh").exists()  # no lock, no _gx, no _staging left behind
    (tmp_path / "f").write_text("x")
    p = _cli_without_prefect("backfill", "--since", "2025-01-01", "--until", "2025-01-02", "--source", str(SEEDS),
                             "--warehouse", str(tmp_path / "f"))
    assert p.returncode == 1 and "is not a folder" in p.stderr


@pytest.mark.parametrize("args", [["--workers", "0"], ["--batch-size", "-5"],
                                  ["--wait", "-1"]])
def test_bad_numbers_are_usage_errors(args, capsys):
    with pytest.raises(SystemExit) as e:
        main(["run", *args])
    assert e.value.code == 2 and "not a" in capsys.readouterr().err


def test_dry_run_prints_its_plan_on_stdout_without_prefect(tmp_path):
    p = _cli_without_prefect("run", "--dry-run", "--source", str(SEEDS), "--warehouse", str(tmp_path / "wh"))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("dry run: 5 input files would be processed")
    assert "partition unknown (read to tell): 5 files" in p.stdout
    assert not (tmp_path / "wh").exists()
    p = _cli_without_prefect("backfill", "--since", "2000-01-01", "--until", "2100-01-01", "--dry-run", "--json",
                             "--source", str(SEEDS), "--warehouse", str(tmp_path / "wh"))
    assert p.returncode == 0, p.stderr
    import json

    plan = json.loads(p.stdout)
    assert plan["dry_run"] and plan["mode"] == "backfill" and len(plan["files"]) == 5
    p = _cli_without_prefect("backfill", "--since", "2025-02-01", "--until", "2025-01-01", "--dry-run",
                             "--source", str(tmp_path / "missing"))
    assert p.returncode == 2 and "--since is after --until" in p.stderr


def test_bench_takes_its_own_arguments(capsys):
    for flag in ("--help", "-h"):
        with pytest.raises(SystemExit) as e:
            main(["bench", flag])
        assert e.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("usage: newsflow bench") and "--docs" in out and "--workdir" in out
    with pytest.raises(SystemExit) as e:
        main(["bench", "--docs", "many"])
    assert e.value.code == 2 and "--docs" in capsys.readouterr().err


def test_python_m_flows_is_the_command():
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "flows", "bench", "--help"], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0 and "newsflow bench" in p.stdout
