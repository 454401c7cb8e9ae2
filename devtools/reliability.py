"""The reliability kit, long versions: `python -m devtools.reliability [corpus|fuzz|faults|kills|all]`.

    corpus  the bad-input corpus (devtools/badinputs.py) at --scale (10: 60,000 words on one line,
            3,000 unclosed quotes), checked through the real pipeline and write path
    fuzz    --docs random, adversarial and damaged documents (devtools/fuzz.py) up to --max-kb,
            against --budget seconds a document
    faults  ENOSPC and EIO injected at every write step of a run (devtools/faultkit.py), each
            followed by recovery; readers must see old or new partitions, never orphans
    kills   --kills SIGKILLs at random points of the write path, most inside publishing

Prints one JSON report (the figures: kinds tried, documents fuzzed, faults and kills survived,
worst document time) and exits 1 if anything failed. The fast versions of all four run in the
test suite (tests/store/test_badinputs.py, test_faults.py, tests/orchestrate/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import errno
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools import localrun  # noqa: E402
from devtools.badinputs import KINDS, check_corpus, make_corpus  # noqa: E402
from devtools.faultkit import FaultInjector, kill_inside_publish, partition_snapshot, write_steps  # noqa: E402
from flows.store.warehouse import MANIFEST, recover  # noqa: E402

ART = ("Troops leave the northern base\n\nAround {n} soldiers left the base on Monday, the defence ministry "
       "said.\n\nThe withdrawal of the {n} troops began in {m} and will be complete by the end of the year.\n")


def run_corpus(work: Path, scale: float, seed: int) -> dict[str, Any]:
    kinds = make_corpus(work / "src", seed=seed, scale=scale)
    t0 = time.perf_counter()
    r = check_corpus(work / "src", work / "wh", kinds)
    s = r["summary"]
    return {"kinds": len(KINDS), "inputs": sum(len(v[0]) for v in kinds.values()), "seconds": round(time.perf_counter() - t0, 1),
            "docs_seen": s["docs_seen"], "docs_written": s["docs_written"], "docs_rejected": s["docs_rejected"],
            "rejects_by_reason": s["rejects_by_reason"], "repairs": s["repairs"], "field_errors": s["field_errors"],
            "worst_doc_s": s["slowest_doc_s"], "worst_doc": s["slowest_doc"], "violations": r["violations"],
            "ok": not r["violations"]}


_ONE_KIND = """
import dataclasses, json, sys
from pathlib import Path
from devtools import localrun
from devtools.badinputs import LIMITS
from flows.store.batch import RunConfig
src, wh = Path(sys.argv[1]), Path(sys.argv[2])
names = {f.name for f in dataclasses.fields(RunConfig)}
r = localrun.run(src, wh, "kind", **{k: v for k, v in LIMITS.items() if k in names})
docs = [u for (u,) in localrun.rows(wh, "documents", "source_uri")]
rejects = [c for (c,) in localrun.rows(wh, "rejects", "reason_code")]
print(json.dumps({"docs": len(docs), "rejects": rejects, "seen": r["docs_seen"],
                  "slowest_s": r.get("slowest_doc_s")}))
"""


def run_corpus_per_kind(work: Path, scale: float, seed: int, timeout_s: float) -> dict[str, Any]:
    """Each kind alone, in a child process with a time limit: how a run over a folder holding just
    that input ends (works on older code too, to measure before/after)."""
    import os
    import random
    import subprocess

    from devtools import badinputs

    badinputs.SCALE[0] = scale
    out: dict[str, Any] = {"kinds": {}, "summary": {}}
    for kind, (make, accepted) in KINDS.items():
        d = work / kind
        rels = make(_mkdir(d / "src"), random.Random(seed))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)])))
        t0 = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-c", _ONE_KIND, str(d / "src"), str(d / "wh")], env=env,
                                  capture_output=True, text=True, timeout=timeout_s)
            if proc.returncode:
                last = (proc.stderr.strip().splitlines() or ["?"])[-1]
                verdict, detail = "run failed", last[:200]
            else:
                res = json.loads(proc.stdout.strip().splitlines()[-1])
                got = (["doc"] if res["docs"] else []) + res["rejects"]
                if not got:
                    verdict, detail = "vanished", "no document, no reject"
                elif set(got) <= accepted:
                    verdict, detail = "ok", ",".join(sorted(set(got)))
                else:
                    verdict, detail = "wrong outcome", ",".join(sorted(set(got)))
        except subprocess.TimeoutExpired:
            verdict, detail = "hung", f"killed after {timeout_s:.0f} s"
        out["kinds"][kind] = {"verdict": verdict, "detail": detail, "inputs": rels,
                              "seconds": round(time.perf_counter() - t0, 1)}
        out["summary"][verdict] = out["summary"].get(verdict, 0) + 1
    out["ok"] = out["summary"].get("ok", 0) == len(KINDS)
    return out


def _mkdir(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def _fault_base(work: Path, n_docs: int) -> dict[str, Path]:
    src, old = work / "src", work / "old"
    for i in range(n_docs):
        p = src / f"2025/05/{1 + i % 5:02d}/doc{i}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(ART.format(n=100 + i, m="March"))
    localrun.run(src, old, "r-old")
    for i in range(0, n_docs, 3):  # a third changed, some new, one now a reject
        (src / f"2025/05/{1 + i % 5:02d}/doc{i}.txt").write_text(ART.format(n=200 + i, m="April"))
    for i in range(n_docs, n_docs + n_docs // 4 + 1):
        p = src / f"2025/05/{6 + i % 3:02d}/doc{i}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(ART.format(n=100 + i, m="May"))
    (src / "2025/05/02/doc1.txt").write_bytes(b"")
    new = work / "new"
    shutil.copytree(old, new)
    localrun.run(src, new, "r-new")
    return {"src": src, "old": old, "new": new}


def run_faults(work: Path, n_docs: int) -> dict[str, Any]:
    base = _fault_base(work, n_docs)
    old, new = partition_snapshot(base["old"]), partition_snapshot(base["new"])
    prepared = localrun.prepare(base["src"], base["old"], "r-new")
    steps = write_steps(lambda wh: localrun.write(replace(prepared, cfg=replace(prepared.cfg, warehouse=wh))),
                        base["old"], work / "count")
    out: dict[str, Any] = {"write_steps": steps, "injected": 0, "survived": 0, "after_manifest": 0, "failures": []}
    for err in (errno.ENOSPC, errno.EIO):
        for k in range(1, steps + 1):
            wh = work / "trial"
            shutil.rmtree(wh, ignore_errors=True)
            shutil.copytree(base["old"], wh)
            p = replace(prepared, cfg=replace(prepared.cfg, warehouse=wh))
            out["injected"] += 1
            problem = None
            with FaultInjector(fail_at=k, err=err) as inj:
                try:
                    localrun.write(p)
                    problem = "no error surfaced"
                except Exception:  # noqa: BLE001,S110 - the injected failure, as the flow would see it
                    pass
            manifest = (wh / "_staging" / "r-new" / MANIFEST).exists()
            now = partition_snapshot(wh)
            if problem is None and any(now.get(key) not in (old.get(key), new.get(key)) for key in set(now) | set(old) | set(new)):
                problem = "a partition neither old nor new"
            if problem is None and list(wh.glob("*/*/*.tmp-*")):
                problem = "temporary file left"
            if problem is None:
                recover(wh)
                if partition_snapshot(wh) != (new if manifest else old):
                    problem = "recovered tables differ"
                elif localrun.orphans(wh):
                    problem = "orphan child rows"
            if problem:
                out["failures"].append({"errno": errno.errorcode[err], "step": k, "where": inj.where, "problem": problem})
            else:
                out["survived"] += 1
                out["after_manifest"] += manifest
    shutil.rmtree(work / "trial", ignore_errors=True)
    out["ok"] = not out["failures"]
    return out


def run_kills(work: Path, kills: int, seed: int, n_docs: int) -> dict[str, Any]:
    base = _fault_base(work, n_docs)
    old, new = partition_snapshot(base["old"]), partition_snapshot(base["new"])
    results = kill_inside_publish(base["src"], base["old"], work / "kills", kills=kills, seed=seed)
    out: dict[str, Any] = {"kills": 0, "inside_publish": 0, "before_manifest": 0, "completed": 0, "survived": 0,
                           "failures": []}
    for wh, outcome in results:
        out[outcome] += 1
        out["kills"] += outcome != "completed"
        now = partition_snapshot(wh)
        mixed = any(now.get(k) not in (old.get(k), new.get(k)) for k in set(now) | set(old) | set(new))
        recover(wh)
        ok = not mixed and partition_snapshot(wh) == (old if outcome == "before_manifest" else new) \
            and not localrun.orphans(wh) and not list(wh.glob("*/*/*.tmp-*"))
        if ok:
            out["survived"] += outcome != "completed"
        else:
            out["failures"].append({"warehouse": str(wh), "outcome": outcome, "mixed_before_recovery": mixed})
        if ok:
            shutil.rmtree(wh, ignore_errors=True)
    out["ok"] = not out["failures"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m devtools.reliability", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", nargs="?", default="all", choices=("corpus", "fuzz", "faults", "kills", "all"))
    ap.add_argument("--docs", type=int, default=5000, help="fuzz: documents (default 5000)")
    ap.add_argument("--max-kb", type=int, default=256, help="fuzz: largest adversarial document in KB (default 256)")
    ap.add_argument("--budget", type=float, default=2.0, help="fuzz: seconds a document may take (default 2)")
    ap.add_argument("--scale", type=float, default=10.0, help="corpus: size factor of the long kinds (default 10)")
    ap.add_argument("--kills", type=int, default=40, help="kills: SIGKILLs (default 40)")
    ap.add_argument("--fault-docs", type=int, default=30, help="faults/kills: documents in the warehouse (default 30)")
    ap.add_argument("--per-kind", action="store_true",
                    help="corpus: each kind alone in a child process (works on older code: before/after figures)")
    ap.add_argument("--timeout", type=float, default=60.0, help="corpus --per-kind: seconds before a run counts as hung")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--workdir", type=Path, default=None, help="keep the work here (default: a temporary folder)")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="nf-reliability-"))
    report: dict[str, Any] = {}
    todo = ("corpus", "fuzz", "faults", "kills") if args.what == "all" else (args.what,)
    for what in todo:
        t0 = time.perf_counter()
        d = work / what
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        if what == "corpus" and args.per_kind:
            report[what] = run_corpus_per_kind(d, args.scale, args.seed, args.timeout)
        elif what == "corpus":
            report[what] = run_corpus(d, args.scale, args.seed)
        elif what == "fuzz":
            from devtools.fuzz import fuzz

            r = fuzz(args.docs, seed=args.seed, budget_s=args.budget, max_kb=args.max_kb)
            r["ok"] = not r["findings"] and not r["over_budget"]
            r["n_findings"], r["n_over_budget"] = len(r["findings"]), len(r["over_budget"])
            r["findings"] = r["findings"][:50]
            r["over_budget"] = sorted(r["over_budget"], key=lambda x: -x["seconds"])[:50]
            report[what] = r
        elif what == "faults":
            report[what] = run_faults(d, args.fault_docs)
        else:
            report[what] = run_kills(d, args.kills, args.seed, args.fault_docs)
        report[what]["wall_s"] = round(time.perf_counter() - t0, 1)
        print(f"{what}: {'ok' if report[what]['ok'] else 'FAILED'} ({report[what]['wall_s']} s)", file=sys.stderr)
        (work / f"{what}.json").write_text(json.dumps(report[what], indent=2, default=str))  # kept if a later part dies
    print(json.dumps(report, indent=2, default=str))
    if args.workdir is None and all(r["ok"] for r in report.values()):  # else keep it to look at
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r["ok"] for r in report.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
