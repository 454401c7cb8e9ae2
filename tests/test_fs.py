"""flows.fs: the same file operations on a local folder and on any fsspec filesystem."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.fs import is_url, open_storage


def test_local_storage_round_trip(tmp_path: Path) -> None:
    st = open_storage(tmp_path / "wh")
    assert st.is_local and st.scheme == "file" and not is_url(st.url)
    st.write_bytes("a/b/c.txt", b"hello")
    assert st.read_text("a/b/c.txt") == "hello"
    assert st.is_file("a/b/c.txt") and st.is_dir("a") and not st.exists("nope")
    assert [st.relative(i.path) for i in st.walk()] == ["a/b/c.txt"]
    st.write_atomic("m.json", b"{}")
    st.replace("m.json", "a/m.json")
    assert not st.exists("m.json") and st.read_bytes("a/m.json") == b"{}"
    assert st.uri("a/m.json") == str(tmp_path / "wh" / "a" / "m.json")
    st.delete("a/m.json")
    st.delete("a/m.json")  # already gone: no error
    st.delete_dir("a")
    assert list(st.walk()) == []


def test_parquet_through_a_storage(tmp_path: Path) -> None:
    st = open_storage(str(tmp_path))
    with st.open_write("t/key=2024-01-01/part-0.parquet") as sink:
        pq.write_table(pa.table({"x": [1, 2, 3]}), sink)
    assert pq.ParquetFile(st.open_read("t/key=2024-01-01/part-0.parquet")).read().column("x").to_pylist() == [1, 2, 3]


def test_fsspec_url_opens_through_pyarrow() -> None:
    pytest.importorskip("fsspec")
    st = open_storage("memory://nf-test-fs/root")
    assert not st.is_local and st.scheme == "memory"
    st.write_bytes("x/y.txt", b"1")
    st.replace("x/y.txt", "x/z.txt")
    assert [st.relative(i.path) for i in st.walk()] == ["x/z.txt"]
    assert st.uri("x/z.txt") == "memory://nf-test-fs/root/x/z.txt"


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="cannot open"):
        open_storage("nosuchscheme://bucket/x")
