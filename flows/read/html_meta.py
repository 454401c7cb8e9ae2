"""Structured metadata an input carries: an HTML page's JSON-LD, OpenGraph / `article:*` / author
`<meta>` and `<time>`; a JSONL record's own author and date fields (`record_meta`).

Publishers state headline, authors and publication date in markup for search engines and
social cards; that markup is more reliable than any reading of the page text, so the
metadata extractor tries it first (`flows/extract/metadata.py`). trafilatura reads some of
it too, but merges it with its own text heuristics and cannot say which evidence it used;
these raw values keep their provenance (`jsonld`, `meta`, `time`).

Returned keys (only those found): `jsonld_headline`, `jsonld_author` (list of person
names; organisations left out), `jsonld_date`, `og_title`, `meta_author`, `meta_date`,
`time_date`. Values are the page's strings, unparsed. One lxml parse per page (lxml is
already trafilatura's parser); malformed JSON-LD blocks are skipped, never raised.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

# schema.org types whose headline/author/date are the page's article.
ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "TechArticle",
                           "ScholarlyArticle", "LiveBlogPosting", "Report", "SocialMediaPosting", "WebPage"})
PERSON_TYPES = frozenset({"Person"})
# <meta> names/properties, in order of trust.
TITLE_META = ("og:title", "twitter:title")
DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "publishdate", "pubdate",
             "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created",
             "dc.date", "date")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
MAX_JSONLD_CHARS = 500_000  # a larger block is a data dump, not a page's article markup


def read_html_meta(html: str) -> dict[str, Any]:
    """The structured metadata of one page (see the module docstring); {} when it has none."""
    from lxml import html as lxml_html  # lazy: text-only runs never load lxml

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, Exception):  # noqa: BLE001 - lxml raises many types on hostile markup
        return {}
    out: dict[str, Any] = {}
    _jsonld(tree, out)
    _meta_tags(tree, out)
    for el in tree.iter("time"):
        value = el.get("datetime")
        if value and value.strip():
            out["time_date"] = value.strip()
            break
    if "meta_date" not in out:
        for el in tree.xpath('//*[@itemprop="datePublished"]'):
            value = el.get("datetime") or el.get("content")
            if value and value.strip():
                out["meta_date"] = value.strip()
                break
    return out


def _jsonld(tree: Any, out: dict[str, Any]) -> None:
    """Headline, person authors and datePublished of the page's Article (a WebPage only failing one)."""
    objs: list[tuple[int, dict[str, Any]]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for obj in _objects(data):
            types = obj.get("@type")
            kinds = {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
            if kinds & ARTICLE_TYPES:
                objs.append((1 if kinds <= {"WebPage"} else 0, obj))
    objs.sort(key=lambda x: x[0])  # stable: Articles first, each in page order
    for rank, obj in objs:
        headline = obj.get("headline") or (obj.get("name") if rank == 0 else None)
        if isinstance(headline, str) and headline.strip():
            out.setdefault("jsonld_headline", " ".join(headline.split()))
        names = _person_names(obj.get("author"))
        if names:
            out.setdefault("jsonld_author", names)
        when = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(when, str) and when.strip():
            out.setdefault("jsonld_date", when.strip())


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of a block: top level, lists and `@graph` members."""
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)


def _person_names(value: Any) -> list[str]:
    """Names of the `author` value's people: strings, Person objects, lists of either."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for it in items:
        if isinstance(it, str):
            name = it.strip()
        elif isinstance(it, dict):
            t = it.get("@type")
            if t is not None and not (t in PERSON_TYPES or (isinstance(t, list) and PERSON_TYPES & set(t))):
                continue  # an Organization credits no person
            raw = it.get("name")
            name = raw.strip() if isinstance(raw, str) else ""
        else:
            continue
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def _meta_tags(tree: Any, out: dict[str, Any]) -> None:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    title = next((found[k] for k in TITLE_META if k in found), None)
    if title:
        out["og_title"] = title
    date = next((found[k] for k in DATE_META if k in found), None)
    if date:
        out["meta_date"] = date
    author = next((found[k] for k in AUTHOR_META if k in found and not found[k].startswith(("http://", "https://"))),
                  None)
    if author:
        out["meta_author"] = author


# JSONL record fields a scraper uses for the author and the publication date, in order.
RECORD_AUTHOR_FIELDS = ("authors", "author", "byline", "creator")
RECORD_DATE_FIELDS = ("published_date", "date_published", "datePublished", "published", "publish_date",
                      "pubdate", "date")


def record_meta(rec: dict[str, Any]) -> dict[str, Any]:
    """`jsonl_author` (a string or list of strings) and `jsonl_date` (a string) of a JSONL record."""
    out: dict[str, Any] = {}
    for key in RECORD_AUTHOR_FIELDS:
        value = rec.get(key)
        if isinstance(value, str) and value.strip():
            out["jsonl_author"] = value.strip()
            break
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
            out["jsonl_author"] = [v.strip() for v in value if v.strip()]
            break
    for key in RECORD_DATE_FIELDS:
        value = rec.get(key)
        if isinstance(value, str) and value.strip():
            out["jsonl_date"] = value.strip()
            break
    return out
