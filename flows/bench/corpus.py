"""Synthetic corpus for speed and scale tests: perturbed copies of the sample pages.

A benchmark on five files measures start-up, not throughput, and real scrapes cannot be
shipped, so `generate_corpus` writes any number of realistic documents derived from the
samples in `seeds/`: body paragraphs sampled and partly shuffled; countries, people,
numbers (troop counts), years, months and weekdays changed consistently within a
document; and page furniture (skip links, share widgets, newsletter prompts, captions,
related stories, copyright lines) drawn per "site" from a pool, so cross-document
boilerplate detection sees the same lines repeat within a site as it would on a real
scrape. A share of the documents is written as full HTML pages (navigation, header and
footer around an `<article>`) and a share as JSONL records (`url`, `text` or `html`,
`fetched_at`), the three input formats of `flows/read/inputs.py`.

Files go to dated folders `YYYY/MM/DD/` (the landing-date rule of `flows/read/inputs.py`), spread
evenly over `days` days so partitions are as realistic as the documents. Output is
deterministic for a seed (each document has its own RNG seeded from `(seed, index)`),
streamed (one document in memory at a time, JSONL files appended as they fill) and fast
(no parsing: string templates and a handful of precompiled regexes per document).
"""

from __future__ import annotations

import json
import random
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from pathlib import Path

# The samples: the checkout's seeds/, or their copy inside an installed wheel (see setup.py).
SEEDS_DIR = next((d for d in (Path(__file__).resolve().parents[2] / "seeds", Path(__file__).resolve().parent / "seeds")
                  if d.is_dir()), Path("seeds"))
# A line with at least this many words is article prose; shorter lines are titles,
# bylines or furniture of the sample page, which we replace with our own.
MIN_BODY_WORDS = 12
# Share of a seed's body paragraphs kept in a copy (the lead paragraph is always kept).
KEEP_PARAGRAPHS = (0.6, 1.0)
# Chance that a paragraph after the lead swaps place with its neighbour.
SWAP_PROB = 0.25
# Records per JSONL file before a new file is started (scrapers write feeds of this size).
JSONL_RECORDS_PER_FILE = 200
# Share of JSONL records that carry raw `html` instead of extracted `text`.
JSONL_HTML_SHARE = 0.3
# Fractional part of k*GOLDEN is spread evenly over [0, 1): assigns formats by share.
GOLDEN = 0.6180339887498949
# Size of the pool of name/month maps a document draws from (variety vs. set-up cost).
N_PERMS = 256
# Distinct "sites": each has its own furniture, so boilerplate repeats within a site.
N_SITES = 24
# Numbers that look like years are shifted by at most this much, others rescaled.
YEAR_SHIFT = 3

# (country, demonym, capital): the names of the samples and plausible replacements.
COUNTRIES = [
    ("Iraq", "Iraqi", "Baghdad"), ("Pakistan", "Pakistani", "Islamabad"), ("India", "Indian", "New Delhi"),
    ("Germany", "German", "Berlin"), ("Iran", "Iranian", "Tehran"), ("Romania", "Romanian", "Bucharest"),
    ("Kuwait", "Kuwaiti", "Kuwait City"), ("Poland", "Polish", "Warsaw"), ("France", "French", "Paris"),
    ("Italy", "Italian", "Rome"), ("Spain", "Spanish", "Madrid"), ("Turkey", "Turkish", "Ankara"),
    ("Egypt", "Egyptian", "Cairo"), ("Jordan", "Jordanian", "Amman"), ("Kenya", "Kenyan", "Nairobi"),
    ("Nigeria", "Nigerian", "Abuja"), ("Chad", "Chadian", "N'Djamena"), ("Mali", "Malian", "Bamako"),
    ("Niger", "Nigerien", "Niamey"), ("Japan", "Japanese", "Tokyo"), ("Australia", "Australian", "Canberra"),
    ("Canada", "Canadian", "Ottawa"), ("Sweden", "Swedish", "Stockholm"), ("Estonia", "Estonian", "Tallinn"),
    ("Lithuania", "Lithuanian", "Vilnius"), ("Somalia", "Somali", "Mogadishu"), ("Syria", "Syrian", "Damascus"),
    ("Lebanon", "Lebanese", "Beirut"), ("Qatar", "Qatari", "Doha"), ("Ukraine", "Ukrainian", "Kyiv"),
]
FIRST_NAMES = ["Amina", "David", "Farid", "Helena", "Ivan", "Jana", "Karim", "Lena", "Marco", "Nadia", "Omar",
               "Priya", "Rafael", "Sara", "Tomas", "Yusuf", "Zeynep", "Aisha", "Ben", "Chen", "Dmitri", "Elif"]
LAST_NAMES = ["Haddad", "Novak", "Rahimi", "Okafor", "Schmidt", "Rossi", "Kowalski", "Tanaka", "Ibrahim",
              "Lindqvist", "Moreau", "Petrov", "Silva", "Yilmaz", "Mensah", "Kaur", "Hughes", "Aziz"]
AGENCIES = ["AP", "Reuters", "AFP", "dpa", "EPA", "Getty Images", "Anadolu"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Furniture templates; {site}, {country}, {country2}, {demonym}, {capital}, {agency}, {n} are filled in.
TOP_FURNITURE = ["Skip to content", "Skip to main menu", "Skip to more {site} sites", "Menu", "Search",
                 "Home > World > Middle East", "Live TV", "Subscribe", "Sign in", "World | Politics | Defence"]
INLINE_FURNITURE = ["Advertisement", "ADVERTISEMENT", "icon-facebook icon-twitter icon-whatsapp",
                    "Share on Facebook", "Share on X", "Share via Email", "Copy link",
                    "Read more: {country} to send {n} troops to {country2}",
                    "Also read: {demonym} defence minister visits {capital}",
                    "Story continues below advertisement", "Click here to follow {site} on WhatsApp"]
CAPTIONS = ["{demonym} soldiers during a training exercise near {capital}. (Photo: {agency})",
            "Image: picture-alliance/{agency}", "Troops board a transport aircraft in {country}. Photo: {agency}",
            "File photo of {demonym} special forces. Credit: {agency}", "Image of {demonym} troops on parade"]
TAIL_FURNITURE = ["NEWSLETTER", "Get the latest updates delivered to your inbox.",
                  "Sign up for our daily briefing", "Each evening {site}'s editors send out a selection of the "
                  "day's hard news. You can sign up to receive it directly here.", "Related topics",
                  "More stories from {site}", "Go to homepage", "Most read", "Follow us on Telegram",
                  "Copyright © {year} {site}. All rights reserved.", "Cookie settings", "Privacy policy",
                  "{country} and {country2} agree to expand military ties", "Terms of use | Contact us"]
SITE_NAMES = ["Kurdistan24", "The New Region", "Daily Courier", "DW", "Frontline Post", "Global Sentinel",
              "Capital Herald", "Desert Times", "Northern Monitor", "Coastal Gazette", "Defence Wire",
              "World Brief", "Meridian News", "Atlas Report", "Harbour Daily", "Summit Times",
              "Continental Ledger", "Eastern Observer", "Pacific Dispatch", "Union Tribune", "Steppe Journal",
              "Delta Chronicle", "Lakeside Star", "Plateau Review"]

_COUNTRY_WORDS = sorted({w for c in COUNTRIES for w in c}, key=len, reverse=True)
_COUNTRY_INDEX = {w: (i, k) for i, c in enumerate(COUNTRIES) for k, w in enumerate(c)}
# Everything a copy changes, in one pass: a title before a capitalised name (the name is
# replaced), a country/demonym/capital, a number, a month, a weekday. Bounded repetition only.
PERTURB_RE = re.compile(
    r"\b(?P<title>President|Prime Minister|Minister|General|Lieutenant General|Secretary of State|spokesman|"
    r"spokeswoman|ambassador|Commander) (?P<person>(?:[A-Z][a-z'’-]+ ){0,2}[A-Z][a-z'’-]+)"
    r"|\b(?P<country>" + "|".join(re.escape(w) for w in _COUNTRY_WORDS) + r")\b"
    r"|(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?![\w,]\d)"
    r"|\b(?P<month>" + "|".join(MONTHS) + r")\b"
    r"|\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b")

Template = tuple  # of str (kept as is) and (kind, value) pairs (replaced per document)


def _template(text: str) -> Template:
    """Split a text once into fixed parts and replaceable slots, so each copy is a cheap join."""
    parts: list = []
    pos = 0
    for m in PERTURB_RE.finditer(text):
        parts.append(text[pos:m.start()])
        kind = m.lastgroup or ""
        if kind == "person":
            parts.append(m.group("title") + " ")
        parts.append((kind, m.group(kind)))
        pos = m.end()
    parts.append(text[pos:])
    return tuple(p for p in parts if p != "")


@dataclass(frozen=True)
class _Seed:
    title: Template
    paragraphs: tuple[Template, ...]


def load_seeds(seeds_dir: Path = SEEDS_DIR) -> list[_Seed]:
    """Title and prose paragraphs of every sample page (their own furniture is dropped)."""
    out = []
    for p in sorted(Path(seeds_dir).glob("*.txt")):
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines()]
        prose = [ln for ln in lines if len(ln.split()) >= MIN_BODY_WORDS]
        title = next((ln for ln in lines if ln and len(ln.split()) >= 4), p.stem).strip("= ")
        if prose:
            out.append(_Seed(_template(title), tuple(_template(x) for x in dict.fromkeys(prose))))
    if not out:
        raise FileNotFoundError(f"no sample .txt pages with prose in {seeds_dir}")
    return out


def _permutations(n: int) -> list[tuple[list[int], dict[str, str], dict[str, str]]]:
    """A fixed pool of (country, month, weekday) maps: choosing one is far cheaper than shuffling."""
    rng = random.Random("newsflow-corpus-perms")
    out = []
    for _ in range(n):
        months, weekdays = rng.sample(MONTHS, len(MONTHS)), rng.sample(WEEKDAYS, len(WEEKDAYS))
        out.append((rng.sample(range(len(COUNTRIES)), len(COUNTRIES)), dict(zip(MONTHS, months, strict=True)),
                    dict(zip(WEEKDAYS, weekdays, strict=True))))
    return out


_PERMS = _permutations(N_PERMS)



class _Perturber:
    """Consistent per-document replacements: one country map, one month map, one year shift."""

    def __init__(self, rng: random.Random, cache: dict) -> None:
        self.rng = rng
        self.cache = cache  # (map number, id of a seed template) -> template with numbers/people left
        self.perm_no = rng.randrange(N_PERMS)
        self.country, self.months, self.weekdays = _PERMS[self.perm_no]
        self.year_shift = rng.randint(-YEAR_SHIFT, YEAR_SHIFT)
        self.people: dict[str, str] = {}

    def render(self, tpl: Template) -> str:
        """The text with this document's replacements (names/months resolved once per map, cached)."""
        key = (self.perm_no, id(tpl))
        fixed = self.cache.get(key)
        if fixed is None:
            fixed = self.cache[key] = self._resolve_maps(tpl)
        out = []
        for part in fixed:
            if part.__class__ is str:
                out.append(part)
            elif part[0] == "number":
                out.append(self._number(part[1]))
            else:
                out.append(self._person(part[1]))
        return "".join(out)

    def _resolve_maps(self, tpl: Template) -> Template:
        """Fill the slots that depend only on the chosen map; merge neighbouring strings."""
        parts: list = []
        for part in tpl:
            if part.__class__ is not str:
                kind, value = part
                if kind == "country":
                    i, k = _COUNTRY_INDEX[value]
                    part = COUNTRIES[self.country[i]][k]
                elif kind == "month":
                    part = self.months[value]
                elif kind == "weekday":
                    part = self.weekdays[value]
            if part.__class__ is str and parts and parts[-1].__class__ is str:
                parts[-1] += part
            else:
                parts.append(part)
        return tuple(parts)

    def _person(self, old: str) -> str:
        name = self.people.get(old)
        if name is None:
            name = self.people[old] = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        return name

    def _number(self, raw: str) -> str:
        v = int(raw.replace(",", ""))
        if 1900 <= v <= 2099 and "," not in raw:
            return str(v + self.year_shift)
        if v < 10:
            return raw  # ordinals, ranks, small counts: keep the sentence grammatical
        new = max(10, int(v * self.rng.uniform(0.3, 3.0)) // 10 * 10)
        return f"{new:,}" if "," in raw else str(new)


@dataclass(frozen=True)
class _Doc:
    title: str
    lines: list[str]          # the whole page as plain text lines (txt, JSONL text)
    body: list[str]           # prose paragraphs only (the <article> of HTML)
    byline: str
    published: date
    site: str
    caption: str
    top: list[str]
    tail: list[str]


def _fill(rng: random.Random, tpl: str, site: str, year: int) -> str:
    a, b = rng.sample(COUNTRIES, 2)
    return tpl.format(site=site, country=a[0], country2=b[0], demonym=a[1], capital=a[2],
                      agency=rng.choice(AGENCIES), n=rng.randrange(50, 3000, 50), year=year)


def _site_furniture(seed: int, site_no: int) -> dict[str, list[str]]:
    """Each site's fixed furniture (the lines that repeat on every page of that site)."""
    rng = random.Random(f"site:{seed}:{site_no}")
    site = SITE_NAMES[site_no % len(SITE_NAMES)]
    year = 2025
    return {"top": [t.format(site=site) for t in rng.sample(TOP_FURNITURE, rng.randint(0, 4))],
            "inline": rng.sample(INLINE_FURNITURE, 4),
            "tail": [_fill(rng, t, site, year) for t in rng.sample(TAIL_FURNITURE, rng.randint(2, 6))]}


def _make_doc(seeds: list[_Seed], rng: random.Random, day: date, site_no: int, site_f: dict,
              cache: dict) -> _Doc:
    seed = rng.choice(seeds)
    pert = _Perturber(rng, cache)
    site = SITE_NAMES[site_no % len(SITE_NAMES)]
    lead, rest = seed.paragraphs[0], list(seed.paragraphs[1:])
    keep = max(1, round(len(rest) * rng.uniform(*KEEP_PARAGRAPHS))) if rest else 0
    rest = [p for i, p in sorted(rng.sample(list(enumerate(rest)), keep))]
    for i in range(len(rest) - 1):
        if rng.random() < SWAP_PROB:
            rest[i], rest[i + 1] = rest[i + 1], rest[i]
    body = [pert.render(p) for p in [lead, *rest]]
    title = pert.render(seed.title)
    published = day - timedelta(days=rng.choice((0, 0, 0, 1, 2)))
    byline = f"By {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    caption = _fill(rng, rng.choice(CAPTIONS), site, day.year)
    date_line = rng.choice((f"{published:%B} {published.day}, {published:%Y}", f"{published:%a %b %d %Y}",
                            f"{published.day} {published:%B %Y}", published.isoformat(),
                            f"{published:%b}. {published.day}, {published:%Y} • {rng.randint(2, 9)} min read"))
    top = site_f["top"] + ([caption] if rng.random() < 0.5 else [])
    tail = site_f["tail"]
    lines = [*top, "", title, "", date_line, byline, ""]
    if caption not in top:
        lines += [caption, caption] if rng.random() < 0.3 else [caption]
        lines.append("")
    for i, p in enumerate(body):
        lines += [p, ""]
        if i and rng.random() < 0.2:
            lines += [_fill(rng, rng.choice(site_f["inline"]), site, day.year), ""]
    lines += tail
    return _Doc(title, lines, body, byline, published, site, caption, top, tail)


def _html(doc: _Doc, url: str) -> str:
    e = escape
    nav = "".join(f'<li><a href="/{e(t.lower().replace(" ", "-"))}">{e(t)}</a></li>' for t in doc.top)
    paras = "\n".join(f"<p>{e(p)}</p>" for p in doc.body)
    tail = "".join(f"<li>{e(t)}</li>" for t in doc.tail)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(doc.title)} | {e(doc.site)}'
            f'</title><link rel="canonical" href="{e(url)}"><meta property="og:site_name" content="{e(doc.site)}">'
            f'<meta name="author" content="{e(doc.byline[3:])}"><meta property="article:published_time" '
            f'content="{doc.published.isoformat()}"></head>\n<body><header><a class="skip" href="#main">'
            f'Skip to content</a><nav><ul>{nav}</ul></nav></header>\n<main id="main"><article><h1>{e(doc.title)}'
            f'</h1><p class="byline">{e(doc.byline)}</p><time datetime="{doc.published.isoformat()}">'
            f'{doc.published:%B %d, %Y}</time><figure><img src="/img/{zlib.crc32(doc.caption.encode())}.jpg" '
            f'alt=""><figcaption>{e(doc.caption)}</figcaption></figure>\n{paras}\n</article>'
            f'<aside><h2>Related stories</h2><ul>{tail}</ul></aside></main>\n<footer><p>© {doc.published.year} '
            f'{e(doc.site)}</p><div class="share">Share on Facebook Share on X</div></footer></body></html>\n')


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def generate_corpus(out_dir: Path | str, n_docs: int, seed: int = 0, html_share: float = 0.1,
                    jsonl_share: float = 0.1, days: int = 365, start: date = date(2025, 1, 1), *,
                    seeds_dir: Path | str = SEEDS_DIR, start_index: int = 0) -> dict[str, int]:
    """Write `n_docs` synthetic documents under `out_dir/YYYY/MM/DD/`; return counts per format.

    Documents are numbered from `start_index` (file names carry the number), so a second
    call with `start_index=n_docs` adds new documents without touching the first ones
    (what an incremental benchmark needs). Formats are assigned by exact shares, not by
    chance, so small corpora hold the requested mix too.
    """
    if not 0 <= html_share + jsonl_share <= 1:
        raise ValueError("html_share + jsonl_share must be within [0, 1]")
    out = Path(out_dir)
    seeds = load_seeds(Path(seeds_dir))
    sites = [_site_furniture(seed, s) for s in range(N_SITES)]
    cache: dict = {}  # per call: keys hold ids of this call's seed templates
    counts = {"txt": 0, "html": 0, "jsonl": 0, "jsonl_files": 0, "bytes": 0}
    jsonl_fh = None
    jsonl_day: date | None = None
    jsonl_in_file = 0
    made_dirs: set[Path] = set()
    try:
        for k in range(n_docs):
            i = start_index + k
            day = start + timedelta(days=k * max(1, days) // max(1, n_docs))
            folder = out / f"{day:%Y/%m/%d}"
            if folder not in made_dirs:
                folder.mkdir(parents=True, exist_ok=True)
                made_dirs.add(folder)
            rng = random.Random(f"{seed}:{i}")
            site_no = rng.randrange(N_SITES)
            doc = _make_doc(seeds, rng, day, site_no, sites[site_no], cache)
            host = _slug(doc.site).replace("-", "") + ".example"
            url = f"https://www.{host}/{day:%Y/%m/%d}/{_slug(doc.title)}-{i}"
            fmt = _format_of(k, html_share, jsonl_share)
            if fmt == "jsonl":
                if jsonl_fh is None or jsonl_day != day or jsonl_in_file >= JSONL_RECORDS_PER_FILE:
                    if jsonl_fh is not None:
                        jsonl_fh.close()
                    jsonl_fh = open(folder / f"feed-{i:08d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
                    jsonl_day, jsonl_in_file = day, 0
                    counts["jsonl_files"] += 1
                fetched = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), UTC)
                rec: dict[str, str] = {"url": url, "fetched_at": fetched.isoformat().replace("+00:00", "Z"),
                                       "title": doc.title}
                if rng.random() < JSONL_HTML_SHARE:
                    rec["html"] = _html(doc, url)
                else:
                    rec["text"] = "\n".join(doc.lines)
                line = json.dumps(rec, ensure_ascii=False) + "\n"
                jsonl_fh.write(line)
                jsonl_in_file += 1
                counts["bytes"] += len(line.encode("utf-8"))
            else:
                data = (_html(doc, url) if fmt == "html" else "\n".join(doc.lines) + "\n").encode("utf-8")
                (folder / f"{_slug(doc.site)}-{i:08d}.{fmt}").write_bytes(data)
                counts["bytes"] += len(data)
            counts[fmt] += 1
    finally:
        if jsonl_fh is not None:
            jsonl_fh.close()
    counts["docs"] = n_docs
    counts["days"] = len(made_dirs)
    return counts


def _format_of(k: int, html_share: float, jsonl_share: float) -> str:
    """Shares by a golden-ratio (Weyl) sequence: exact to a few documents at any size, well mixed."""
    frac = (k * GOLDEN) % 1.0
    if frac < jsonl_share:
        return "jsonl"
    return "html" if frac < jsonl_share + html_share else "txt"
