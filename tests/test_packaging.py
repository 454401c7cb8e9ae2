"""The wheel carries what an installed newsflow needs outside the checkout (setup.py's build step).

The full check (install into a fresh venv, `newsflow run` in an empty folder) is
scripts/check_install.sh, run by CI.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_ships_suites_samples_and_report(tmp_path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("newsflow-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    suites = {p.name for p in (ROOT / "expectations").glob("*.json")}
    assert {f"flows/expectations/{s}" for s in suites} <= names
    assert {f"flows/bench/seeds/{p.name}" for p in (ROOT / "seeds").iterdir()} <= names
    assert "flows/report/runpage.py" in names and "flows/cli.py" in names
    assert not any(n.startswith(("tests/", "devtools/")) for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "newsflow = flows.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
