"""Score the real cleaner and extractors against a gold annotation file (tests/data/gold_seeds.json).

Used by `tests/test_gold.py` (which asserts the bars) and by `devtools/score_gold.py` (which
prints per-field precision and recall). Matching is by value, not by position: a gold count
is found when some extracted count has its number, total, approximate flag and noun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flows.clean.cleaner import clean_text
from flows.extract import extract_all
from flows.model import LABEL_BODY, LABEL_TITLE, CleanedDoc, DateMention, Extraction, RawDocument


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, gold: set, got: set, label: str) -> None:
        self.tp += len(gold & got)
        self.fn += len(gold - got)
        self.fp += len(got - gold)
        self.misses += [f"{label}: {x}" for x in sorted(map(str, gold - got))]
        self.extras += [f"{label}: {x}" for x in sorted(map(str, got - gold))]


def process(path: Path) -> tuple[CleanedDoc, Extraction]:
    text = path.read_text(encoding="utf-8")
    raw = RawDocument(path.name, "", text, "txt", date(2026, 1, 1))
    cleaned = clean_text(text)
    return cleaned, extract_all(raw, cleaned)


def _norm(s: str | None) -> str:
    return " ".join((s or "").replace("’", "'").lower().split())


def score(gold: dict[str, Any], seeds_dir: Path) -> dict[str, FieldScore]:
    scores: dict[str, FieldScore] = {}

    def sc(name: str) -> FieldScore:
        return scores.setdefault(name, FieldScore())

    for g in gold["documents"]:
        cleaned, ex = process(seeds_dir / g["file"])
        f = g["file"][:3]
        body_lines = {x.line_no for x in cleaned.lines if x.label == LABEL_BODY}
        kept_gold = set(g["keep"])
        dropped_gold = {int(k) for k in g["drop"]}
        sc("lines").add(kept_gold | {-n for n in dropped_gold},
                        (body_lines & (kept_gold | dropped_gold)) | {-n for n in dropped_gold - body_lines}, f)
        title = {x.line_no for x in cleaned.lines if x.label == LABEL_TITLE}
        sc("title_line").add({g["title_line"]}, title, f)
        meta = ex.meta
        for k, v in g["fields"].items():
            got = getattr(meta, k)
            if isinstance(got, date):
                got = got.isoformat()
            sc(f"meta.{k}").add({str(v)}, {str(got)}, f)
        m = ex.mentions
        if "countries_mentioned" in g:
            sc("countries").add(set(g["countries_mentioned"]),
                                {x.code for x in m if x.kind in ("country", "place") and x.code}, f)
        if "people" in g:
            _score_people(sc("people"), g, m, meta, f)
        if "organizations" in g:
            gold_orgs = {_norm(o) for o in g["organizations"]}
            orgs = {_norm(x.canonical or x.text) for x in m if x.kind == "organization"} | {_norm(a) for a in meta.agencies}
            orgs |= {_norm(x.text) for x in m if x.kind == "organization"} & gold_orgs  # an alias as written
            # the canonical form of an organisation found under a gold alias is not an extra
            aliased = {_norm(x.canonical) for x in m if x.kind == "organization" and _norm(x.text) in gold_orgs}
            sc("organizations").add(gold_orgs, orgs - (aliased - gold_orgs), f)
        if "military_units" in g:
            sc("military_units").add({_norm(u) for u in g["military_units"]},
                                     {_norm(x.text) for x in m if x.kind == "military_unit"}, f)
        sc("counts").add({(c["number"], c.get("total"), c["approximate"], _norm(c["noun"])) for c in g.get("counts", [])},
                         {(c.number, c.total, c.approximate, _norm(c.noun)) for c in ex.counts if not c.vague}, f)
        if "dates" in g:
            sc("dates").add({(_norm(d["text"]), d["value"]) for d in g["dates"]},
                            {(_norm(d.text), d.value) for d in ex.dates}
                            | {(_norm(d.text), d.value) for d in _dates_in_dropped_lines(cleaned, meta)}, f)
        if "quotes" in g:
            sc("quotes").add({(_norm(q["text"]), _norm(q["speaker"])) for q in g["quotes"]},
                             {(_norm(q.text), _norm(q.speaker)) for q in ex.quotes}, f)
        gold_ev = {(e["type"], e["actor"], e.get("from") or e.get("to"), e["size"]) for e in g.get("events", [])}
        got_ev = set()
        for e in ex.events:
            if e.negated or e.hypothetical:
                continue
            place = e.origin_code if any(ge[0] == e.event_type and ge[2] == e.origin_code for ge in gold_ev) \
                else (e.destination if e.destination else e.origin_code)
            got_ev.add((e.event_type, e.actor_code, place, e.size))
        sc("events").add(gold_ev, got_ev, f)
    return scores


def _score_people(s: FieldScore, g: dict, mentions, meta, label: str) -> None:  # noqa: ANN001
    """A gold person is found when one of their mentions (or the byline) carries the gold role."""
    got = {(_norm(x.canonical or x.text), _norm(x.role)) for x in mentions if x.kind == "person"}
    got |= {(_norm(a), "author") for a in meta.authors}
    gold = {(_norm(p.get("same_as") or p["name"]), _norm(p["role"])) for p in g["people"]}
    gold_names = {n for n, _ in gold}
    extras = {(n, "?") for n, _ in got if n not in gold_names}
    s.add(gold, (gold & got) | extras, label)


def _dates_in_dropped_lines(cleaned: CleanedDoc, meta) -> list:  # noqa: ANN001
    """The publication date line is metadata, not body: it counts as the date it states."""
    out: list[DateMention] = []
    if meta.published_date is None:
        return out
    for x in cleaned.lines:
        if x.reason in ("date_line", "reading_time"):
            from flows.extract.dates import extract_dates

            for d in extract_dates(x.text.strip(), meta.published_date):
                out.append(DateMention(d.text, 0, 0, d.value, d.granularity))
    return out


def report(scores: dict[str, FieldScore]) -> str:
    rows = ["| field | precision | recall | tp | fp | fn |", "|---|---|---|---|---|---|"]
    for k, s in scores.items():
        rows.append(f"| {k} | {s.precision:.2f} | {s.recall:.2f} | {s.tp} | {s.fp} | {s.fn} |")
    return "\n".join(rows)
