"""Structured metadata of HTML pages: JSON-LD, OpenGraph / article:* / author <meta>, <time>."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flows.clean.cleaner import clean_text
from flows.extract.metadata import extract_metadata
from flows.model import RawDocument
from flows.read.html_meta import read_html_meta
from flows.read.inputs import InputFile, read_input

PARAS = "".join(f"<p>{t}</p>" for t in (
    "The last Dutch soldiers left the United Nations base in Gao on Friday, ending a deployment that began in "
    "2014 and at its height counted some 450 troops, the defence ministry said.",
    "The ministry said the soldiers would return home within a week, and that the decision had been taken "
    "after talks with the host government about their safety at the base.",
    "A small team of logistics specialists will stay in Bamako until the equipment has been shipped, a "
    "spokesperson added on Friday evening.",
))

PAGE = f"""<!doctype html><html><head><title>Dutch troops leave Gao base after ten years | The Sahel Post</title>
<meta property="og:title" content="Dutch troops leave Gao base after ten years | The Sahel Post">
<meta property="article:published_time" content="2023-02-10T09:30:00+01:00">
<meta name="author" content="Sahel Post Staff">
<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
 {{"@type": "WebPage", "name": "Gao | The Sahel Post", "datePublished": "2023-02-11"}},
 {{"@type": "NewsArticle", "headline": "Dutch troops leave Gao base after ten years",
   "author": [{{"@type": "Person", "name": "Aminata Traoré"}}, {{"@type": "Organization", "name": "The Sahel Post"}}],
   "datePublished": "2023-02-10T09:30:00+01:00"}}]}}</script>
</head><body><header><a href="/">Home</a> <a href="/world">World</a><p>Today: 1 June 2024</p></header>
<article><h1>Dutch troops leave Gao base after ten years</h1><p>By Aminata Traoré</p>
<time datetime="2023-02-10T09:30:00+01:00">10 February 2023</time>{PARAS}</article>
<aside><h2>Related</h2><p>By Kofi Mensah</p><p>Ghana sends engineers to Lebanon</p></aside></body></html>"""


def test_jsonld_article_outranks_its_webpage_and_organisations_are_not_authors() -> None:
    got = read_html_meta(PAGE)
    assert got["jsonld_headline"] == "Dutch troops leave Gao base after ten years"
    assert got["jsonld_author"] == ["Aminata Traoré"]
    assert got["jsonld_date"] == "2023-02-10T09:30:00+01:00"
    assert got["meta_date"] == "2023-02-10T09:30:00+01:00"
    assert got["time_date"] == "2023-02-10T09:30:00+01:00"
    assert got["meta_author"] == "Sahel Post Staff"


def test_meta_tags_and_time_when_jsonld_is_broken_or_absent() -> None:
    page = PAGE.replace('"@graph"', '"@graph" oops')
    got = read_html_meta(page)
    assert "jsonld_headline" not in got and "jsonld_author" not in got
    assert got["og_title"].startswith("Dutch troops leave Gao")
    assert read_html_meta("<html><body><p>no markup</p></body></html>") == {}
    assert read_html_meta("") == {}


def _read(tmp_path: Path, html: str) -> RawDocument:
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    st = p.stat()
    doc = next(read_input(InputFile(p, "page.html", st.st_size, st.st_mtime_ns)))
    assert isinstance(doc, RawDocument)
    return doc


def test_html_page_metadata_comes_from_markup_with_its_source(tmp_path: Path) -> None:
    raw = _read(tmp_path, PAGE)
    meta = extract_metadata(raw, clean_text(raw.text, frozenset(), raw.title_hint))
    assert (meta.title, meta.title_source) == ("Dutch troops leave Gao base after ten years", "jsonld")
    assert (meta.authors, meta.authors_source) == (["Aminata Traoré"], "jsonld")
    assert (meta.published_date, meta.date_source) == (date(2023, 2, 10), "jsonld")


def test_html_without_jsonld_uses_meta_tags_and_drops_staff_credits(tmp_path: Path) -> None:
    page = PAGE.split('<script type="application/ld+json">')[0] + PAGE.split("</script>", 1)[1]
    raw = _read(tmp_path, page)
    meta = extract_metadata(raw, clean_text(raw.text, frozenset(), raw.title_hint))
    assert (meta.title, meta.title_source) == ("Dutch troops leave Gao base after ten years", "meta")
    assert (meta.published_date, meta.date_source) == (date(2023, 2, 10), "meta")
    assert "Sahel Post" not in meta.authors and "Kofi Mensah" not in meta.authors


def test_jsonl_record_author_and_date_fields_are_used_with_their_source(tmp_path: Path) -> None:
    import json

    body = "\n".join(["Engineers reach port early to rebuild pier", "By Maria Lopez", "March 3, 2024",
                      *(t.replace("<p>", "").replace("</p>", "\n") for t in [PARAS])])
    p = tmp_path / "feed.jsonl"
    rec = {"url": "https://example.org/a", "text": body, "authors": ["Ewa Zielinska"], "published": "2024-03-02"}
    p.write_text(json.dumps(rec) + "\n" + json.dumps({"text": body}) + "\n", encoding="utf-8")
    st = p.stat()
    docs = [d for d in read_input(InputFile(p, "feed.jsonl", st.st_size, st.st_mtime_ns))]
    assert all(isinstance(d, RawDocument) for d in docs)
    with_fields, plain = (extract_metadata(d, clean_text(d.text)) for d in docs if isinstance(d, RawDocument))
    assert (with_fields.authors, with_fields.authors_source) == (["Ewa Zielinska"], "jsonl")
    assert (with_fields.published_date, with_fields.date_source) == (date(2024, 3, 2), "jsonl")
    assert with_fields.title_source == "first_line"  # the record's text opens with its headline
    assert (plain.authors, plain.authors_source) == (["Maria Lopez"], "byline_line")
    assert (plain.published_date, plain.date_source) == (date(2024, 3, 3), "date_line")


def test_structured_author_values_are_split_into_people() -> None:
    from flows.extract.byline import split_names

    assert split_names("Jean-Marc Roy and LUDWIG VAN BERG; Harbour Times Staff") == ["Jean-Marc Roy", "Ludwig Van Berg"]
    assert split_names("محمد علي") == ["محمد علي"]   # a script without capitals passes as given
    assert split_names("By Sarah E. Whitfield") == ["Sarah E. Whitfield"]
    assert split_names("Reuters") == []
