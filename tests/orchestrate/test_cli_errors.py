"""Every non-zero exit of the CLI prints one clear line and no traceback unless --debug
(failure 11 of issue 14)."""

from __future__ import annotations

import errno

import pytest

from flows.cli import explain_error, main
from flows.store.warehouse import PublishIncomplete, WarehouseLocked, warehouse_lock
from tests.conftest import write_files


@pytest.mark.parametrize(("exc", "code", "words"), [
    (WarehouseLocked("another newsflow run (pid 42) is writing to wh; wait for it to finish or pass --wait SECONDS"),
     3, ["pid 42", "--wait"]),
    (PublishIncomplete("r1", OSError(errno.ENOSPC, "No space left on device")), 1,
     ["ENOSPC", "next newsflow run", "disk space"]),
    (OSError(errno.ENOSPC, "No space left on device", "wh/documents/key=2025-05-01/part-0.parquet"), 1,
     ["No space left", "part-0.parquet", "free some disk space"]),
    (PermissionError(errno.EACCES, "Permission denied", "wh/_state"), 1, ["Permission denied", "wh/_state",
                                                                        "permissions"]),
    (RecursionError("maximum recursion depth exceeded"), 1, ["RecursionError", "--debug", "report it"]),
])
def test_each_failure_is_one_line_saying_what_where_and_what_to_do(exc, code, words):
    got_code, line = explain_error(exc)
    assert got_code == code and "\n" not in line
    for w in words:
        assert w in line, (w, line)


def test_an_unexpected_error_prints_one_line_and_the_traceback_only_with_debug(monkeypatch, capsys):
    import flows.cli as cli

    def boom(args, debug):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(cli, "_dispatch", boom)
    assert main(["dictionary"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("newsflow: run failed")
    assert main(["--debug", "dictionary"]) == 1
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_server")
def test_a_locked_warehouse_and_a_missing_source_exit_with_one_line(tmp_path, capfd):
    src, wh = write_files(tmp_path / "src", {"a.txt": "Troops\n\nAround 300 soldiers left on Monday.\n"}), tmp_path / "wh"
    with warehouse_lock(wh):
        assert main(["run", "--source", str(src), "--warehouse", str(wh)]) == 3
    err = capfd.readouterr().err
    assert "Traceback" not in err and "newsflow: another newsflow run" in err
    assert main(["run", "--source", str(tmp_path / "nope"), "--warehouse", str(wh)]) == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err and "does not exist" in err and "--source" in err
