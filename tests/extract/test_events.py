"""Tests for flows/extract/events.py.

The events extractor consumes the rows of the entity, count and date extractors; these
tests build those rows by hand (helpers below locate each string in the body) so they do
not depend on the other extractors' accuracy. A last test runs the real extractors end to
end when they are importable.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from flows.extract.events import extract_events
from flows.model import CountMention, DateMention, DocMeta, Event, Mention
from tests.goldutil import gold_cleaned, gold_doc, gold_docs

MOVEMENT_TYPES = {"deployment", "withdrawal", "relocation", "training"}

# --- builders ------------------------------------------------------------------------------


def _find_all(body: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", body)]


def countries(body: str, names: dict[str, str]) -> list[Mention]:
    """Every occurrence of each country name / demonym / capital, with its ISO3 code."""
    out = []
    for name, code in names.items():
        out += [Mention("country", name, a, b, canonical=name, code=code) for a, b in _find_all(body, name)]
    return out


def named(body: str, kind: str, names: list[str], role: str | None = None, canonical: str | None = None) -> list[Mention]:
    return [Mention(kind, n, a, b, canonical=canonical or n, role=role) for n in names for a, b in _find_all(body, n)]


def count(body: str, text: str, number: int | None, category: str = "military", *, total: int | None = None,
          actor: str | None = None, nth: int = 0) -> CountMention:
    a, b = _find_all(body, text)[nth]
    noun = text.split()[-1]
    return CountMention(text, a, b, number, noun, category, total=total, actor_code=actor, vague=number is None)


def dated(body: str, text: str, value: str | None, gran: str = "day") -> list[DateMention]:
    return [DateMention(text, a, b, value, gran, relative=not text[:1].isdigit()) for a, b in _find_all(body, text)]


def years(body: str) -> list[DateMention]:
    return [DateMention(m.group(), m.start(), m.end(), m.group(), "decade" if m.group().endswith("s") else "year")
            for m in re.finditer(r"\b(?:1[5-9]\d\d|20\d\d)s?\b", body)]


def run(body: str, mentions=(), counts=(), dates=(), doc_type: str = "news", title: str | None = None) -> list[Event]:
    mentions = sorted(mentions, key=lambda m: m.start_char)
    return extract_events(body, DocMeta(title=title, doc_type=doc_type), list(mentions), list(counts), list(dates))


def factual(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.negated and not e.hypothetical]


# --- hand-built inputs for the five seeds (what good entity/count/date extractors give) -----

C_COMMON = {"Iraq": "IRQ", "Iraqi": "IRQ", "Iraqis": "IRQ", "Baghdad": "IRQ", "Pakistan": "PAK", "Pakistani": "PAK",
            "Pakistanis": "PAK", "Islamabad": "PAK", "India": "IND", "Indian": "IND"}


def seed_inputs(file: str) -> tuple[str, DocMeta, list[Mention], list[CountMention], list[DateMention]]:
    cleaned = gold_cleaned(file)
    body = cleaned.body
    g = gold_doc(file)["fields"]
    pub = date.fromisoformat(g["published_date"]) if g["published_date"] else None
    meta = DocMeta(title=cleaned.title, standfirst=g["standfirst"], published_date=pub, doc_type=g["doc_type"])
    key = file[:3]
    if key == "000":
        mentions = countries(body, {**C_COMMON, "U.S.": "USA"})
        mentions += named(body, "person", ["Mohammed Shia al-Sudani"], "Prime Minister")
        mentions += named(body, "person", ["Marco Rubio"], "Secretary of State")
        mentions += named(body, "organization", ["Iraqi Ministry of Defense", "Defense Ministry", "The Washington Post",
                                                 "Reuters", "National Command Authority", "G7", "United Nations",
                                                 "Kurdistan24", "Iraqi Armed Forces"])
        mentions += named(body, "military_unit", ["66th Brigade", "Second Special Forces Division", "Second Battalion"])
        counts = [count(body, "around 500 troops", 500), count(body, "approximately 500 officers and enlisted soldiers", 500)]
        dates = dated(body, "on Saturday", None)
    elif key == "001":
        mentions = countries(body, C_COMMON)
        mentions += named(body, "person", ["Mohammed Shia’ al-Sudani"], "Prime Minister", "Mohammed Shia al-Sudani")
        mentions += named(body, "place", ["Kurdistan Region of Iraq", "Kashmir", "ERBIL"])
        mentions += named(body, "organization", ["Radio Pakistan", "National Counter Terrorism Center",
                                                 "Iraqi Special Forces", "Iraqi defense ministry", "Ministry of Defense"])
        counts = [count(body, "500 Iraqi military personnel", 500), count(body, "500 trainees", 500)]
        dates = (dated(body, "on Saturday", "2025-05-10") + dated(body, "December last year", "2024-12", "month")
                 + dated(body, "mid-March", "2025-03", "month") + dated(body, "on Wednesday", "2025-05-07") + years(body))
    elif key == "002":
        mentions = countries(body, C_COMMON)
        mentions += named(body, "person", ["Muhannad Ghalib Muhammad Radi Al-Asadi"], "Lieutenant General")
        mentions += named(body, "person", ["Sahir Shamshad Mirza"], "General")
        mentions += named(body, "place", ["Rawalpindi", "Pabbi", "ISLAMABAD"])
        mentions += named(body, "organization", ["Inter Services Public Relations", "ISPR", "Iraqi Air Force",
                                                 "Joint Chiefs of Staff Committee", "National Counter Terrorism Centre",
                                                 "Pakistan Army", "Iraqi Army", "Pakistan Armed Forces",
                                                 "Iraqi Special Forces"])
        counts = []
        dates = (dated(body, "on Wednesday", "2025-09-10") + dated(body, "in March this year", "2025-03", "month")
                 + years(body))
    elif key == "003":
        mentions = countries(body, {"Iraq": "IRQ", "Iraqi": "IRQ", "Baghdad": "IRQ", "US": "USA", "Iran": "IRN",
                                    "Iranian": "IRN", "Germany": "DEU", "German": "DEU", "Romania": "ROU"})
        mentions += named(body, "organization", ["NATO", "dpa", "Quds Force", "Bundeswehr"])
        mentions += named(body, "person", ["Qassem Soleimani", "Soleimani"], "general", "Qassem Soleimani")
        mentions += named(body, "person", ["Donald Trump"], "President")
        counts = [count(body, "some of its personnel", None), count(body, "some troops", None),
                  count(body, "around 5,200 soldiers", 5200), count(body, "Around 500 trainers, advisers and support staff", 500),
                  count(body, "30 out of the 130 personnel", 30, total=130), count(body, "14 of its soldiers", 14)]
        dates = (dated(body, "on Tuesday", "2020-01-07") + dated(body, "on Friday", "2020-01-03")
                 + dated(body, "On Sunday", "2020-01-05") + dated(body, "on Monday", "2020-01-06"))
    else:
        mentions = countries(body, {**C_COMMON, "Bangladesh": "BGD", "Afghanistan": "AFG", "Afghan": "AFG",
                                    "Soviet Union": "RUS", "Iran": "IRN", "Saudi Arabia": "SAU", "Kuwait": "KWT",
                                    "United States": "USA", "US": "USA", "United Kingdom": "GBR", "Syria": "SYR",
                                    "Karachi": "PAK"})
        mentions += named(body, "organization", ["Pakistan Armed Forces", "Central Treaty Organization", "CENTO",
                                                 "Baghdad Pact", "Gulf Cooperation Council", "Islamic State",
                                                 "Balochistan Liberation Army", "Punjab Rangers", "Islamabad Police"])
        mentions += named(body, "person", ["Saddam Hussein", "Hassan al-Bakr", "Zia"], "President")
        mentions += named(body, "person", ["Aslam Beg", "Rahimuddin Khan"], "General")
        mentions += named(body, "place", ["Mesopotamia", "Indus Valley", "Balochistan", "Lahore", "Mosul", "Kufa", "Basra"])
        counts = [count(body, "Around 40,000 military personnel", 40000),
                  count(body, "14 Pakistani citizens", 14, "hostages"), count(body, "two were killed", 2, "casualties")]
        dates = years(body)
    return body, meta, mentions, counts, dates


def seed_events(file: str) -> list[Event]:
    body, meta, mentions, counts, dates = seed_inputs(file)
    mentions.sort(key=lambda m: m.start_char)
    return extract_events(body, meta, mentions, counts, dates)


def doc_events(text: str, countries_: dict[str, str] | None = None, *, persons=(), orgs=(), units=(), places=(),
               counts_=(), dates_=(), doc_type: str = "news", title: str | None = None) -> list[Event]:
    """Events of a small hand-written body; the other extractors' rows are built from lists."""
    mentions = countries(text, countries_ or {})
    for name, role in persons:
        mentions += named(text, "person", [name], role)
    mentions += named(text, "organization", list(orgs)) + named(text, "military_unit", list(units))
    mentions += named(text, "place", list(places))
    cs = [count(text, t, n) for t, n in counts_]
    ds = [d for t, v in dates_ for d in dated(text, t, v, "day" if len(v) == 10 else "month")]
    events = run(text, mentions, cs, ds, doc_type=doc_type, title=title)
    for ev in events:  # every row must point into the body
        assert text[ev.start_char:ev.end_char] == ev.sentence
        assert ev.trigger.lower() in ev.sentence.lower()
        assert 0.0 <= ev.confidence <= 1.0
    return events


def one(events: list[Event]) -> Event:
    assert len(events) == 1, [(e.event_type, e.actor_code, e.sentence) for e in events]
    return events[0]


# --- gold seeds ------------------------------------------------------------------------------


def _matches(ev: Event, g: dict) -> bool:
    return (ev.event_type == g["type"] and ev.actor_code == g["actor"] and ev.size == g["size"]
            and ("from" not in g or ev.origin_code == g["from"]) and ("to" not in g or ev.destination == g["to"]))


@pytest.mark.parametrize("file", [d["file"] for d in gold_docs()])
def test_seed_gold_events_found(file):
    events = seed_events(file)
    for g in gold_doc(file)["events"]:
        assert any(_matches(e, g) for e in events), (g, [(e.event_type, e.actor_code, e.origin_code,
                                                          e.destination, e.size) for e in events])


def test_seed_spurious_events_at_most_two():
    """No more than two events beyond the gold ones over the five seeds, counting every
    type; movements stated as facts (what the gold lists) have none."""
    spurious = []
    for d in gold_docs():
        spurious += [e for e in seed_events(d["file"]) if not any(_matches(e, g) for g in d["events"])]
    assert len(spurious) <= 2, [(e.event_type, e.actor_code, e.sentence[:60]) for e in spurious]
    assert not [e for e in factual(spurious) if e.event_type in MOVEMENT_TYPES]


def test_seed_rows_point_into_body():
    for d in gold_docs():
        body, meta, mentions, counts, dates = seed_inputs(d["file"])
        mentions.sort(key=lambda m: m.start_char)
        for ev in extract_events(body, meta, mentions, counts, dates):
            assert body[ev.start_char:ev.end_char] == ev.sentence
            for a, b in ev.evidence:
                assert body[a:b].strip() == body[a:b] and b > a
            if ev.count_index is not None:
                assert counts[ev.count_index].number == ev.size
            if ev.unit_index is not None:
                assert mentions[ev.unit_index].text == ev.unit and mentions[ev.unit_index].kind == "military_unit"
            if ev.date_index is not None:
                assert dates[ev.date_index].value == ev.date_value


def test_seed_000_withdrawal_details_merged_from_standfirst_and_body():
    ev = one([e for e in seed_events("000_65ca08ca740d2d96.txt")])
    assert (ev.event_type, ev.actor_code, ev.origin_code, ev.size) == ("withdrawal", "IRQ", "PAK", 500)
    assert ev.unit == "66th Brigade"
    assert ev.ordered_by == "Mohammed Shia al-Sudani"
    assert ev.date_value is None  # "on Saturday" with no publication date
    assert len(ev.evidence) >= 3 and ev.cameo_code == "0874"


def test_seed_001_withdrawal_ordered_and_dated_deployment_kept():
    events = seed_events("001_b9882affe7f77e36.txt")
    w = next(e for e in events if e.event_type == "withdrawal")
    d = next(e for e in events if e.event_type == "deployment")
    assert w.ordered_by == "Mohammed Shia al-Sudani" and w.date_value == "2025-05-10"
    assert d.date_value == "2024-12" and d.size is None
    assert not any(e.event_type == "training" for e in events)  # the trainees' recall is a withdrawal


def test_seed_002_training_course_abroad():
    ev = one(seed_events("002_4926c5f7d2730e05.txt"))
    assert (ev.event_type, ev.actor_code, ev.destination, ev.date_value) == ("training", "IRQ", "PAK", "2025-03")


def test_seed_003_nato_germany_romania():
    events = {e.actor_code: e for e in seed_events("003_60a27b4003576553.txt")}
    assert events["NATO"].temporary is True and events["NATO"].date_value == "2020-01-07"
    assert events["DEU"].destination == "neighboring countries" and events["DEU"].size == 30
    assert events["ROU"].event_type == "withdrawal" and not events["ROU"].hypothetical
    assert events["USA"].event_type == "no_decision" and events["USA"].negated
    assert events["IRQ"].event_type == "expulsion_demand"


def test_seed_004_encyclopedia_keeps_only_the_stated_stationing():
    ev = one(seed_events("004_5fb45e77b749642a.txt"))
    assert (ev.event_type, ev.actor_code, ev.destination, ev.size) == ("deployment", "PAK", "SAU", 40000)


# --- trigger families ---------------------------------------------------------------------------


def test_recall_with_count_and_origin():
    ev = one(doc_events("Kenya has recalled 300 soldiers from Somalia after the attack.",
                        {"Kenya": "KEN", "Somalia": "SOM"}, counts_=[("300 soldiers", 300)]))
    assert (ev.event_type, ev.actor_code, ev.origin_code, ev.size) == ("withdrawal", "KEN", "SOM", 300)
    assert ev.trigger == "recalled" and ev.count_index == 0


def test_withdraw_with_date():
    ev = one(doc_events("France withdrew its last troops from Niger on Friday.", {"France": "FRA", "Niger": "NER"},
                        dates_=[("on Friday", "2023-12-22")]))
    assert (ev.event_type, ev.actor_code, ev.origin_code, ev.date_value) == ("withdrawal", "FRA", "NER", "2023-12-22")
    assert ev.size is None


def test_pull_out_with_words_between():
    ev = one(doc_events("Britain is pulling 250 troops out of Mali earlier than planned.",
                        {"Britain": "GBR", "Mali": "MLI"}, counts_=[("250 troops", 250)]))
    assert (ev.event_type, ev.actor_code, ev.origin_code, ev.size) == ("withdrawal", "GBR", "MLI", 250)


def test_bring_home_and_return_of():
    ev = one(doc_events("Canada brought 120 soldiers home from Latvia.", {"Canada": "CAN", "Latvia": "LVA"},
                        counts_=[("120 soldiers", 120)]))
    assert (ev.event_type, ev.origin_code) == ("withdrawal", "LVA")
    ev = one(doc_events("Seoul announced the return of 80 South Korean troops from Lebanon.",
                        {"South Korean": "KOR", "Lebanon": "LBN"}, counts_=[("80 South Korean troops", 80)]))
    assert (ev.event_type, ev.actor_code, ev.origin_code, ev.size) == ("withdrawal", "KOR", "LBN", 80)


def test_deploy_station_send_dispatch():
    ev = one(doc_events("Germany deployed 500 troops to Lithuania in March.", {"Germany": "DEU", "Lithuania": "LTU"},
                        counts_=[("500 troops", 500)], dates_=[("in March", "2024-03")]))
    assert (ev.event_type, ev.actor_code, ev.destination, ev.size, ev.date_value) == (
        "deployment", "DEU", "LTU", 500, "2024-03")
    assert ev.cameo_code == "154"
    ev = one(doc_events("The United States will station 1,000 additional troops in Poland.",
                        {"United States": "USA", "Poland": "POL"}, counts_=[("1,000 additional troops", 1000)]))
    assert (ev.event_type, ev.actor_code, ev.destination, ev.size) == ("deployment", "USA", "POL", 1000)
    ev = one(doc_events("Turkey sent 200 commandos to Libya last week.", {"Turkey": "TUR", "Libya": "LBY"},
                        counts_=[("200 commandos", 200)]))
    assert (ev.event_type, ev.destination) == ("deployment", "LBY")
    ev = one(doc_events("India dispatched a contingent of engineers to South Sudan.",
                        {"India": "IND", "South Sudan": "SSD"}))
    assert (ev.event_type, ev.actor_code, ev.destination) == ("deployment", "IND", "SSD")


def test_unit_linked_to_deployment():
    text = "The 82nd Airborne Division was deployed to Poland, the Pentagon said."
    ev = one(doc_events(text, {"Poland": "POL"}, units=["82nd Airborne Division"], orgs=["Pentagon"]))
    assert ev.unit == "82nd Airborne Division" and ev.destination == "POL"


def test_relocation_inside_a_country_and_redeployment_abroad():
    ev = one(doc_events("US forces relocated 400 troops from Baghdad to Erbil.",
                        {"US": "USA", "Baghdad": "IRQ"}, places=["Erbil"], counts_=[("400 troops", 400)]))
    assert (ev.event_type, ev.actor_code, ev.origin_code, ev.destination) == ("relocation", "USA", "IRQ", "Erbil")
    ev = one(doc_events("Italy said 200 soldiers serving in Iraq would be redeployed to Kuwait.",
                        {"Italy": "ITA", "Iraq": "IRQ", "Kuwait": "KWT"}, counts_=[("200 soldiers", 200)]))
    assert (ev.event_type, ev.origin_code, ev.destination, ev.hypothetical) == ("withdrawal", "IRQ", "KWT", False)


def test_training_course_undergoing_and_sent_for_training():
    ev = one(doc_events("Fifty Ghanaian officers completed a six-week peacekeeping training course in India.",
                        {"Ghanaian": "GHA", "India": "IND"}))
    assert (ev.event_type, ev.actor_code, ev.destination) == ("training", "GHA", "IND")
    ev = one(doc_events("About 200 Ukrainian soldiers are undergoing training in Britain.",
                        {"Ukrainian": "UKR", "Britain": "GBR"}, counts_=[("200 Ukrainian soldiers", 200)]))
    assert (ev.event_type, ev.actor_code, ev.destination, ev.size) == ("training", "UKR", "GBR", 200)
    ev = one(doc_events("Nigeria sent 100 officers to Pakistan for training.", {"Nigeria": "NGA", "Pakistan": "PAK"},
                        counts_=[("100 officers", 100)]))
    assert (ev.event_type, ev.destination, ev.cameo_code) == ("training", "PAK", "062")


def test_recall_of_trainees_is_a_withdrawal_not_training():
    ev = one(doc_events("Jordan recalled 60 cadets undergoing training in Russia.", {"Jordan": "JOR", "Russia": "RUS"},
                        counts_=[("60 cadets", 60)]))
    assert (ev.event_type, ev.origin_code) == ("withdrawal", "RUS")


def test_trainers_at_home_are_not_a_training_event():
    assert doc_events("The alliance has been carrying out a mission in Iraq to train local forces.",
                      {"Iraq": "IRQ"}) == []


def test_expulsion_demands():
    ev = one(doc_events("Mali's parliament voted to expel French forces from the country.",
                        {"Mali": "MLI", "French": "FRA"}))
    assert (ev.event_type, ev.actor_code, ev.cameo_code) == ("expulsion_demand", "MLI", "166")
    ev = one(doc_events("Iraq's prime minister called for the withdrawal of foreign troops.", {"Iraq": "IRQ"}))
    assert (ev.event_type, ev.actor_code) == ("expulsion_demand", "IRQ")


# --- flags -------------------------------------------------------------------------------


def test_negated_and_no_decision():
    ev = one(doc_events("Spain did not withdraw its troops from Lebanon.", {"Spain": "ESP", "Lebanon": "LBN"}))
    assert ev.negated and ev.event_type == "withdrawal" and ev.cameo_code is None
    ev = one(doc_events("Australia has not decided whether to withdraw its 100 troops from Iraq.",
                        {"Australia": "AUS", "Iraq": "IRQ"}, counts_=[("100 troops", 100)]))
    assert (ev.event_type, ev.negated, ev.actor_code, ev.origin_code) == ("no_decision", True, "AUS", "IRQ")


def test_hypothetical_modal_plan_and_condition():
    ev = one(doc_events("Poland could send more troops to Lithuania if the situation worsens.",
                        {"Poland": "POL", "Lithuania": "LTU"}))
    assert ev.hypothetical and ev.event_type == "deployment"
    ev = one(doc_events("A leaked memo showed that plans for a withdrawal of Danish troops from Iraq were underway.",
                        {"Danish": "DNK", "Iraq": "IRQ"}))
    assert ev.hypothetical and (ev.actor_code, ev.origin_code) == ("DNK", "IRQ")
    ev = one(doc_events('Pakistani officials said "sending our troops to Iraq now would be like jumping into fire."',
                        {"Pakistani": "PAK", "Iraq": "IRQ"}))
    assert ev.hypothetical and (ev.actor_code, ev.destination) == ("PAK", "IRQ")


def test_reported_plan_is_not_hypothetical():
    ev = one(doc_events("Romania also said that 14 of its soldiers would also be relocated from Iraq.",
                        {"Romania": "ROU", "Iraq": "IRQ"}, counts_=[("14 of its soldiers", 14)]))
    assert not ev.hypothetical and (ev.event_type, ev.actor_code, ev.size) == ("withdrawal", "ROU", 14)


def test_temporary_flag():
    ev = one(doc_events("Canada is temporarily moving some of its troops out of Kuwait.",
                        {"Canada": "CAN", "Kuwait": "KWT"}))
    assert ev.temporary is True and ev.origin_code == "KWT"
    ev = one(doc_events("Washington will permanently station an armored brigade in Poland.",
                        {"Washington": "USA", "Poland": "POL"}))
    assert ev.temporary is False


def test_ordered_by_named_person_and_by_role():
    ev = one(doc_events("President William Ruto ordered the withdrawal of 400 Kenyan troops from Haiti.",
                        {"Kenyan": "KEN", "Haiti": "HTI"}, persons=[("William Ruto", "President")],
                        counts_=[("400 Kenyan troops", 400)]))
    assert (ev.ordered_by, ev.actor_code, ev.origin_code, ev.size) == ("William Ruto", "KEN", "HTI", 400)
    text = ("Prime Minister Petr Fiala spoke on Monday. The prime minister directed the return of "
            "the Czech contingent from Mali.")
    ev = one(doc_events(text, {"Czech": "CZE", "Mali": "MLI"}, persons=[("Petr Fiala", "Prime Minister")]))
    assert ev.ordered_by == "Petr Fiala"


# --- context and dedup -------------------------------------------------------------------------


def test_standfirst_and_body_tell_one_movement():
    text = ("Belgium is bringing 90 soldiers home from Niger, the defence ministry said.\n\n"
            "BRUSSELS — The Belgian government on Tuesday began withdrawing its troops from Niger. "
            "The contingent, about 90 paratroopers, had trained local forces since 2018.\n\n"
            "The withdrawal of the soldiers should be complete by the end of the month.")
    title = "Belgium pulls troops out of Niger"
    ev = one(doc_events(text, {"Belgium": "BEL", "Belgian": "BEL", "Niger": "NER"},
                        counts_=[("90 soldiers", 90)], dates_=[("on Tuesday", "2023-10-03")], title=title))
    assert (ev.event_type, ev.actor_code, ev.origin_code, ev.size, ev.date_value) == (
        "withdrawal", "BEL", "NER", 90, "2023-10-03")
    assert len(ev.evidence) == 2 and ev.start_char == 0


def test_title_telling_the_movement_raises_confidence():
    text = "Belgium is bringing its soldiers home from Niger, the defence ministry said."
    names = {"Belgium": "BEL", "Niger": "NER"}
    with_title = one(doc_events(text, names, title="Belgium pulls troops out of Niger"))
    unrelated = one(doc_events(text, names, title="Belgian budget talks stall"))
    assert with_title.confidence > unrelated.confidence


def test_count_and_unit_from_the_sentence_before():
    text = ("About 600 soldiers of the 3rd Mechanised Brigade have served in Kosovo since May. "
            "Hungary will now bring the contingent home from Kosovo.")
    ev = one(doc_events(text, {"Hungary": "HUN", "Kosovo": "XKX"}, units=["3rd Mechanised Brigade"],
                        counts_=[("About 600 soldiers", 600)]))
    assert (ev.event_type, ev.size, ev.unit, ev.actor_code) == ("withdrawal", 600, "3rd Mechanised Brigade", "HUN")


def test_origin_from_the_sentence_before():
    text = "Tensions rose in Iraq after the strike. Germany said it would withdraw some troops from the capital."
    ev = one(doc_events(text, {"Iraq": "IRQ", "Germany": "DEU"}))
    assert (ev.actor_code, ev.origin_code, ev.size) == ("DEU", "IRQ", None)


def test_different_actors_are_different_events():
    text = ("Italy withdrew 300 troops from Iraq on Monday. Spain withdrew 200 troops from Iraq on Tuesday.")
    events = doc_events(text, {"Italy": "ITA", "Spain": "ESP", "Iraq": "IRQ"},
                        counts_=[("300 troops", 300), ("200 troops", 200)])
    assert sorted((e.actor_code, e.size) for e in events) == [("ESP", 200), ("ITA", 300)]


# --- non-events -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The ministry deployed a new website for veterans on Monday.",
    "Three troops were killed when their convoy hit a roadside bomb in Iraq.",
    "Iraq recalled its ambassador from Ankara over the dispute.",
    "In 1958 Iraq pulled out of the Baghdad Pact.",
    "The troops stationed in Iraq came under rocket fire on Sunday.",
    "A draft letter sent to the Iraqi government was published.",
    "The army received new helicopters from the United States.",
    "Pakistan has served as a training ground for Iraqi pilots.",
])
def test_non_events(text):
    assert doc_events(text, {"Iraq": "IRQ", "Iraqi": "IRQ", "Ankara": "TUR", "United States": "USA",
                             "Pakistan": "PAK"}) == []


def test_encyclopedia_keeps_quantified_movements_only():
    text = ("In 1990 Pakistan deployed its contingent forces during the Gulf War. "
            "Around 12,000 Pakistani troops were stationed in Saudi Arabia.")
    events = doc_events(text, {"Pakistan": "PAK", "Pakistani": "PAK", "Saudi Arabia": "SAU"},
                        counts_=[("Around 12,000 Pakistani troops", 12000)], doc_type="encyclopedia")
    assert [(e.actor_code, e.destination, e.size) for e in events] == [("PAK", "SAU", 12000)]


def test_empty_and_triggerless_bodies():
    assert doc_events("") == []
    assert doc_events("Markets rallied on Monday as investors cheered the results.") == []


def test_speed_per_seed_document():
    """Budget 0.3 ms per seed-sized document on a quiet core; asserted loosely (shared CI)."""
    inputs = []
    for d in gold_docs():
        body, meta, mentions, counts, dates = seed_inputs(d["file"])
        mentions.sort(key=lambda m: m.start_char)
        inputs.append((body, meta, mentions, counts, dates))
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        for _ in range(20):
            for args in inputs:
                extract_events(*args)
        best = min(best, (time.process_time() - t) / (20 * len(inputs)))
    assert best < 0.003


@pytest.mark.parametrize("text", [
    "The defence minister sent a message to the troops serving in Mali.",
    "Spain relocated its embassy staff from Kyiv as troops massed nearby.",
    "Soldiers left Monday's ceremony early.",
])
def test_verbs_whose_object_is_not_troops(text):
    assert doc_events(text, {"Mali": "MLI", "Spain": "ESP", "Kyiv": "UKR"}) == []


def test_left_a_country_and_institution_actor():
    ev = one(doc_events("The last American troops left Afghanistan on Monday night.",
                        {"American": "USA", "Afghanistan": "AFG"}))
    assert (ev.event_type, ev.actor_code, ev.origin_code) == ("withdrawal", "USA", "AFG")
    ev = one(doc_events("The Pentagon deployed 3,000 troops to the Middle East last week.", orgs=["Pentagon"],
                        counts_=[("3,000 troops", 3000)]))
    assert (ev.event_type, ev.actor_code, ev.size) == ("deployment", "USA", 3000)


# --- end to end with the real extractors ---------------------------------------------------------

try:
    from flows.extract.counts import extract_counts
    from flows.extract.dates import extract_dates
    from flows.extract.entities import extract_mentions
    HAVE_EXTRACTORS = True
except ImportError:  # the other extractors are written in parallel
    HAVE_EXTRACTORS = False


def real_events(file: str) -> list[Event]:
    cleaned = gold_cleaned(file)
    g = gold_doc(file)["fields"]
    pub = date.fromisoformat(g["published_date"]) if g["published_date"] else None
    meta = DocMeta(title=cleaned.title, standfirst=g["standfirst"], published_date=pub, doc_type=g["doc_type"])
    mentions = extract_mentions(cleaned.body, meta)
    counts = extract_counts(cleaned.body, mentions)
    dates = extract_dates(cleaned.body, pub)
    return extract_events(cleaned.body, meta, mentions, counts, dates)


@pytest.mark.skipif(not HAVE_EXTRACTORS, reason="entities/counts/dates extractors not importable yet")
def test_seeds_end_to_end_with_real_extractors():
    spurious = []
    for d in gold_docs():
        events = real_events(d["file"])
        for g in d["events"]:
            assert any(_matches(e, g) for e in events), (d["file"], g)
        spurious += [e for e in events if not any(_matches(e, g) for g in d["events"])]
    assert len(spurious) <= 2, [(e.event_type, e.actor_code, e.sentence[:60]) for e in spurious]


def test_more_trigger_shapes():
    ev = one(doc_events("The Iraqi government has asked the US-led coalition to leave the country.",
                        {"Iraqi": "IRQ", "US": "USA"}))
    assert (ev.event_type, ev.actor_code) == ("expulsion_demand", "IRQ")
    ev = one(doc_events("Hundreds of Ugandan troops crossed into eastern Congo on Tuesday.",
                        {"Ugandan": "UGA", "Congo": "COD"}))
    assert (ev.event_type, ev.actor_code, ev.destination) == ("deployment", "UGA", "COD")
    ev = one(doc_events("Japan dispatched a destroyer and 200 personnel to Djibouti.",
                        {"Japan": "JPN", "Djibouti": "DJI"}, counts_=[("200 personnel", 200)]))
    assert (ev.event_type, ev.destination, ev.size) == ("deployment", "DJI", 200)
    ev = one(doc_events("Niger's junta ordered its troops to withdraw from Chad.", {"Niger": "NER", "Chad": "TCD"}))
    assert (ev.event_type, ev.actor_code, ev.origin_code) == ("withdrawal", "NER", "TCD")


def test_thin_events_need_an_actor():
    # Wire copy tells real moves in one bare clause ("The Afghan government has sent more troops"):
    # on the news dev set, requiring a date, title echo or second telling cost a fifth of the
    # recall for no precision. A mover is still required.
    assert doc_events("The minister ordered the troops to withdraw.") == []
    assert one(doc_events("Russia withdrew troops.", {"Russia": "RUS"})).status == "done"
    assert one(doc_events("Russia withdrew troops.", {"Russia": "RUS"}, title="Russia pulls troops back"))
    ev = one(doc_events("Russia withdrew troops on Monday.", {"Russia": "RUS"}, dates_=[("on Monday", "2024-05-06")]))
    assert ev.date_value == "2024-05-06"


def test_source_and_count_owner_are_not_places_or_actors():
    ev = one(doc_events("Russia deployed 10,000 soldiers to Belarus, according to US officials.",
                        {"Russia": "RUS", "Belarus": "BLR", "US": "USA"}, counts_=[("10,000 soldiers", 10000)]))
    assert (ev.actor_code, ev.destination) == ("RUS", "BLR")
    text = "The United States will withdraw about 1,000 troops from Niger by September."
    mentions = countries(text, {"United States": "USA", "Niger": "NER"})
    troops = count(text, "about 1,000 troops", 1000, actor="NER")  # a count extractor reading "from Niger" as owner
    ev = one(run(text, mentions, [troops]))
    assert (ev.actor_code, ev.origin_code, ev.size) == ("USA", "NER", 1000)


def test_training_mission_sent_abroad():
    ev = one(doc_events("The European Union will deploy a training mission to Mozambique next month.",
                        orgs=["European Union"], countries_={"Mozambique": "MOZ"}))
    assert (ev.event_type, ev.actor_code, ev.destination) == ("training", "European Union", "MOZ")


def test_clauses_keep_their_own_places_and_modals():
    text = "France said it would send troops to Romania; Italy will withdraw its contingent from Lebanon."
    events = {e.actor_code: e for e in doc_events(text, {"France": "FRA", "Romania": "ROU", "Italy": "ITA",
                                                         "Lebanon": "LBN"})}
    assert (events["FRA"].event_type, events["FRA"].origin_code, events["FRA"].destination) == (
        "deployment", None, "ROU")
    assert (events["ITA"].event_type, events["ITA"].origin_code, events["ITA"].hypothetical) == (
        "withdrawal", "LBN", False)


def test_demand_names_a_force_and_expeller_is_not_the_troops_owner():
    ev = one(doc_events("Mali's junta demanded the departure of French troops and ordered the ambassador to leave.",
                        {"Mali": "MLI", "French": "FRA"}))
    assert (ev.event_type, ev.actor_code) == ("expulsion_demand", "MLI")


def test_moved_into_another_country_is_a_deployment_and_course_abroad_is_training():
    ev = one(doc_events("A battalion of Chadian soldiers was relocated to northern Niger.",
                        {"Chadian": "TCD", "Niger": "NER"}))
    assert (ev.event_type, ev.actor_code, ev.destination) == ("deployment", "TCD", "NER")
    ev = one(doc_events("Nigerian officers are attending a staff course in the United Kingdom.",
                        {"Nigerian": "NGA", "United Kingdom": "GBR"}))
    assert (ev.event_type, ev.actor_code, ev.destination) == ("training", "NGA", "GBR")


def test_one_actor_two_clauses_two_movements():
    text = "France will send 300 troops to Romania; it will also withdraw its troops from Mali."
    events = doc_events(text, {"France": "FRA", "Romania": "ROU", "Mali": "MLI"}, counts_=[("300 troops", 300)])
    assert sorted((e.event_type, e.actor_code, e.origin_code, e.destination) for e in events) == [
        ("deployment", "FRA", None, "ROU"), ("withdrawal", "FRA", "MLI", None)]


def test_offsets_hold_with_unsorted_rows_and_odd_lowercasing():
    text = "İstanbul hosted talks. Turkey deployed the 2nd Commando Brigade to Qatar on Monday."
    mentions = countries(text, {"Turkey": "TUR", "Qatar": "QAT"}) + named(text, "military_unit", ["2nd Commando Brigade"])
    mentions.reverse()  # rows in no particular order: indices must still point at the right row
    dates = dated(text, "on Monday", "2024-05-06")
    ev = one(extract_events(text, DocMeta(), mentions, [], dates))
    assert text[ev.start_char:ev.end_char] == ev.sentence and ev.sentence.startswith("Turkey")
    assert mentions[ev.unit_index].text == "2nd Commando Brigade" and ev.unit == "2nd Commando Brigade"
    assert (ev.actor_code, ev.destination, ev.date_value) == ("TUR", "QAT", "2024-05-06")


def test_precomputed_sentences_give_the_same_events():
    from flows.extract.sentences import split_sentences

    for d in gold_docs():
        body, meta, mentions, counts, dates = seed_inputs(d["file"])
        mentions.sort(key=lambda m: m.start_char)
        lazy = extract_events(body, meta, mentions, counts, dates)
        given = extract_events(body, meta, mentions, counts, dates, sentences=split_sentences(body))
        assert lazy == given
