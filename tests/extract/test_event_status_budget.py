"""Status of events, the per-document time budget and linear cost on sentence-less pages.

Sentences are written for these tests (not taken from any dev set)."""

from __future__ import annotations

import time
from datetime import date

from flows.extract import TIMEOUT, extract_all
from flows.extract.budget import BudgetExceeded, budget, check
from flows.extract.sentences import MAX_SENTENCE, split_sentences
from flows.model import CleanedDoc, RawDocument
from tests.extract.test_events import doc_events, one


def test_status_done_announced_considered_demanded_denied():
    c = {"Norway": "NOR", "Mali": "MLI", "Chad": "TCD", "Niger": "NER"}
    ev = one(doc_events("Norway withdrew its 200 soldiers from Mali on Friday.", c, counts_=[("200 soldiers", 200)]))
    assert (ev.status, ev.negated, ev.hypothetical) == ("done", False, False)
    ev = one(doc_events("Norway will deploy 200 soldiers to Mali next month.", c, counts_=[("200 soldiers", 200)]))
    assert (ev.status, ev.negated, ev.hypothetical) == ("announced", False, False)
    ev = one(doc_events("Norway is considering a plan to send 200 soldiers to Mali.", c, counts_=[("200 soldiers", 200)]))
    assert (ev.status, ev.hypothetical) == ("considered", True)
    ev = one(doc_events("Chad's parliament called for the withdrawal of French troops from Chad.",
                        {**c, "French": "FRA"}))
    assert (ev.status, ev.hypothetical) == ("demanded", True)
    ev = one(doc_events("Niger denied that it had sent 300 troops into Mali.", c, counts_=[("300 troops", 300)]))
    assert (ev.status, ev.negated) == ("denied", True)


def test_place_text_kept_beside_the_code():
    ev = one(doc_events("Norway withdrew its 200 soldiers from Mali on Friday.", {"Norway": "NOR", "Mali": "MLI"},
                        counts_=[("200 soldiers", 200)]))
    assert (ev.origin_code, ev.origin_text) == ("MLI", "Mali")


def _doc(text: str) -> tuple[RawDocument, CleanedDoc]:
    from flows.clean.cleaner import clean_text

    return RawDocument("t.txt", "0", text, "txt", date(2024, 1, 1)), clean_text(text)


def test_budget_check_raises_only_after_the_deadline():
    with budget(None):
        check()
    with budget(10.0):
        check()
    with budget(0.0):
        time.sleep(0.001)
        try:
            check()
        except BudgetExceeded:
            pass
        else:
            raise AssertionError("check() past the deadline must raise")
    check()  # outside any budget: no limit


def test_document_over_budget_keeps_its_rows_empty_and_counts_the_timeout():
    raw, cleaned = _doc("Border troops\n\nThe army said 400 soldiers were deployed to the border town of Lake Wema.")
    ex = extract_all(raw, cleaned, budget_s=0.0)
    assert ex.field_errors.get(TIMEOUT, 0) >= 1
    assert ex.events == [] and ex.counts == []
    ex = extract_all(raw, cleaned)
    assert TIMEOUT not in ex.field_errors and ex.counts


def _unclosed_quotes_page(size: int) -> str:
    """One paragraph of ~size characters: quotes that never close, commas but no sentence end."""
    words = ('the ministry said troops would be deployed to the border and that soldiers withdrew from '
             'the town as 300 marines arrived in the capital while officials "denied sending forces').split()
    parts, n, i = [], 0, 0
    while n < size:
        chunk = 'he said "' + " ".join(words[(i + k) % len(words)] for k in range(9 + i % 31)) + ","
        parts.append(chunk)
        n += len(chunk) + 1
        i += 7
    return "Troops move\n\n" + " ".join(parts)


def test_sentences_are_capped_so_cost_stays_linear():
    text = _unclosed_quotes_page(50_000)
    spans = split_sentences(text)
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_208kb_unclosed_quote_page_is_extracted_within_a_time_bound():
    raw, cleaned = _doc(_unclosed_quotes_page(208_000))
    assert len(cleaned.body) > 200_000
    t0 = time.perf_counter()
    ex = extract_all(raw, cleaned, budget_s=None)
    spent = time.perf_counter() - t0
    # Was 18-25 s (quadratic in the sentence length); linear now, ~1 s on a loaded 2-core machine.
    assert spent < 8.0, spent
    assert TIMEOUT not in ex.field_errors or spent < 2.5
