"""Build step: ship the suites and the sample pages inside the package.

The Great Expectations suites stay in the top-level `expectations/` folder (where
`devtools/make_suites.py` writes them and reviewers read them) and the samples in `seeds/` (the
Quick start's input); building the wheel copies them into the package, where an installed
newsflow finds them (`flows.orchestrate.flow.default_suites_dir`, `flows.bench.corpus.SEEDS_DIR`),
so `newsflow run` and `newsflow bench` work from any folder. An editable install reads the
checkout's folders directly. Everything else about the package is in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# checkout folder -> (package folder, file pattern)
SHIPPED = {"expectations": ("flows/expectations", "*.json"), "seeds": ("flows/bench/seeds", "*")}


def _shipped(build_lib: str) -> list[tuple[Path, Path]]:
    return [(src, Path(build_lib) / dst / src.name)
            for folder, (dst, pattern) in SHIPPED.items()
            for src in sorted((ROOT / folder).glob(pattern)) if src.is_file()]


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for src, dst in _shipped(self.build_lib):
            dst.parent.mkdir(parents=True, exist_ok=True)
            self.copy_file(str(src), str(dst))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        extra = [] if getattr(self, "editable_mode", False) else [str(d) for _, d in _shipped(self.build_lib)]
        return [*super().get_outputs(include_bytecode), *extra]


setup(cmdclass={"build_py": BuildPyWithData})
