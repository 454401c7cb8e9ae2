"""Derive `flows/data/actors.tsv` from the Phoenix / PETRARCH2 actor dictionaries (MIT).

The event-data community's dictionaries list, per country, its name variants, demonyms,
capitals, major cities and provinces, its national institutions (army, ministries) and its
leaders with the dates they held office; and, apart, international organisations and
non-state armed groups. newsflow's events extractor uses a compact subset to resolve stand-ins
("Addis Ababa denies", "troops landed at Vlore", "the Afghan National Army") to a country and
to tell a non-state group from a state. This script is how the file is made, so nobody types
the lists by hand:

    .venv/bin/python -m devtools.make_actor_data [--phoenix ../shared/reference/phoenix]

Output rows (tab-separated, one surface form each, lower case, words separated by one space):

    surface  kind  code  from  to

kind: `place` (a country's names, demonyms, cities and provinces → ISO3), `institution` (a
national institution → ISO3), `leader` (a head of state or government → ISO3, with the office
dates `from`/`to` as YYYY-MM-DD or empty), `organization` (an intergovernmental organisation →
its Phoenix code, e.g. IGOUNO), `armed_group` (a non-state armed group → its Phoenix code, e.g.
LBNREB). Surface forms of one or two letters, with parentheses or digits are left out.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PHOENIX = Path("/work/shared/reference/phoenix")
OUT = ROOT / "flows" / "data" / "actors.tsv"

_CODE = re.compile(r"\[([A-Z]{3}[A-Z]*)(?:\s+([<>]?\d{6,8})(?:-(\d{6,8}))?)?\s*\]")
_GOOD_SURFACE = re.compile(r"^[a-z][a-z.'’\- ]*[a-z.]$")


@dataclass
class Entry:
    names: list[str]
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (code, from, to)
    header: bool = False  # a country block header: "ETHIOPIA_  [ETH]"


def _surface(raw: str) -> str | None:
    s = raw.strip().rstrip("_").replace("_", " ").lower()
    s = re.sub(r"\s+", " ", s).strip()
    if len(s) < 3 or not _GOOD_SURFACE.match(s):
        return None
    return s


def _date(token: str) -> str:
    """Phoenix dates are YYMMDD (19xx before 50, else 20xx... as the files use it) or YYYYMMDD."""
    t = token.lstrip("<>")
    if len(t) == 8:
        y, rest = t[:4], t[4:]
    elif len(t) == 6:
        yy = int(t[:2])
        y, rest = (f"20{t[:2]}" if yy < 30 else f"19{t[:2]}"), t[2:]
    else:
        return ""
    m, d = rest[:2], rest[2:]
    if not ("01" <= m <= "12"):
        m = "01"
    if not ("01" <= d <= "31"):
        d = "01"
    return f"{y}-{m}-{d}"


def parse(path: Path) -> list[Entry]:
    """Entries of a Phoenix actor file: a name line, `+alias` lines, `[CODE dates]` lines."""
    entries: list[Entry] = []
    cur: Entry | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        codes = [(c, _date(a) if a and not a.startswith("<") else "", _date(b) if b else "")
                 for c, a, b in _CODE.findall(body)]
        if a_ := [x for x in _CODE.findall(body) if x[1].startswith(">")]:
            codes = [(c, _date(a), "") if (c, a, b) in a_ else (c, f, t)
                     for (c, f, t), (_, a, b) in zip(codes, _CODE.findall(body), strict=True)]
        text = _CODE.sub("", body).strip()
        if body.startswith("+") and cur is not None:
            cur.names.append(text[1:])
        elif body[:1].isspace() and cur is not None:
            cur.codes.extend(codes)
        elif text:
            cur = Entry([text], codes, header=bool(codes) and len(codes[0][0]) == 3 and not codes[0][1])
            entries.append(cur)
        elif cur is not None:
            cur.codes.extend(codes)
    return entries


def rows(phoenix: Path) -> list[tuple[str, str, str, str, str]]:
    out: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}

    def add(surface: str | None, kind: str, code: str, frm: str = "", to: str = "") -> None:
        if surface and (surface, kind) not in out:
            out[(surface, kind)] = (surface, kind, code, frm, to)

    country = None
    for e in parse(phoenix / "Phoenix.Countries.actors.txt"):
        if e.header:
            country = e.codes[0][0]
            for n in e.names:
                add(_surface(n), "place", country)
            continue
        # A leader: a dated top-level government role ("[ETHGOV 910528-950822]", not a ministry's
        # "[ETHGOVDEF …]") held since 1945; names of two words or more (a lone surname is ambiguous).
        gov = [(c, f, t) for c, f, t in e.codes if len(c) == 6 and c[3:] == "GOV" and (f or t) and max(f, t) >= "1945"]
        if gov:
            c, f, t = gov[-1]
            for n in e.names:
                sf = _surface(n)
                add(sf if sf and " " in sf else None, "leader", c[:3], f, t)
        elif e.codes and all(not f and not t for _, f, t in e.codes) and e.codes[0][0][3:6] in ("MIL", "GOV", "SPY", "COP"):
            for n in e.names:  # national institutions: "AFGHAN_NATIONAL_ARMY [AFGMIL]"
                add(_surface(n), "institution", e.codes[0][0][:3])
    for e in parse(phoenix / "Phoenix.International.actors.txt"):
        if e.codes and e.codes[0][0].startswith("IGO") and not any(f or t for _, f, t in e.codes):
            for n in e.names:
                add(_surface(n), "organization", e.codes[0][0])
    for e in parse(phoenix / "Phoenix.MilNonState.actors.txt"):
        if e.codes:
            for n in e.names:
                add(_surface(n), "armed_group", e.codes[0][0])
    return sorted(out.values())


def notice(phoenix: Path) -> str:
    lic = (phoenix / "LICENSE").read_text(encoding="utf-8").strip().splitlines()
    head = [
        "Derived by devtools/make_actor_data.py from the Phoenix / PETRARCH2 actor dictionaries:",
        "repository openeventdata/petrarch2, commit 676801cd9cb2924bbbad09f86d15c9323e7097bf (2019-03-18),",
        "files Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt",
        "(generated from CountryInfo.140130.txt, Computational Event Data System Project). The data stops in 2014.",
        "columns: surface (lower case) / kind / code / from / to. Licence of the source data:",
        "",
    ]
    return "".join(f"# {x}".rstrip() + "\n" for x in head + lic)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--phoenix", type=Path, default=DEFAULT_PHOENIX)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    data = rows(args.phoenix)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        f.write(notice(args.phoenix))
        for r in data:
            f.write("\t".join(r) + "\n")
    kinds: dict[str, int] = {}
    for r in data:
        kinds[r[1]] = kinds.get(r[1], 0) + 1
    print(f"wrote {len(data)} rows to {args.out}: {kinds}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
