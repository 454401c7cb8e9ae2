"""Country names, short forms, demonyms and capitals, compiled into one regex.

pycountry supplies every ISO 3166-1 name (official, common, short); the curated layer
below adds what news text actually says ("the US", "Britain", "Iraqi", "Baghdad's move")
and blocks phrases that contain a country name without meaning the country ("Latin
America", "Indian Ocean"). Everything is matched by a single alternation (longest first)
so the cost per document is one linear scan, whatever the size of the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pycountry

# Short and colloquial names pycountry does not carry (or carries only inside a
# "Name, Qualifier of" form that never occurs in prose).
SHORT_NAMES: dict[str, str] = {
    "US": "USA", "U.S.": "USA", "U.S.A.": "USA", "USA": "USA", "America": "USA",
    "United States of America": "USA",
    "UK": "GBR", "U.K.": "GBR", "Britain": "GBR", "Great Britain": "GBR", "England": "GBR",
    "Scotland": "GBR", "Wales": "GBR", "Northern Ireland": "GBR",
    "Russia": "RUS", "Soviet Union": "RUS", "USSR": "RUS", "U.S.S.R.": "RUS",
    "Iran": "IRN", "Syria": "SYR", "South Korea": "KOR", "Republic of Korea": "KOR", "ROK": "KOR",
    "North Korea": "PRK", "DPRK": "PRK", "Vietnam": "VNM", "Laos": "LAO", "Bolivia": "BOL",
    "Venezuela": "VEN", "Tanzania": "TZA", "Moldova": "MDA", "Taiwan": "TWN",
    "Czech Republic": "CZE", "Turkey": "TUR", "Türkiye": "TUR", "Turkiye": "TUR",
    "Ivory Coast": "CIV", "Cote d'Ivoire": "CIV", "Palestine": "PSE", "Palestinian territories": "PSE",
    "Gaza": "PSE", "West Bank": "PSE", "Vatican": "VAT", "Holy See": "VAT",
    "Burma": "MMR", "Macedonia": "MKD", "Swaziland": "SWZ", "Cape Verde": "CPV",
    "East Timor": "TLS", "Brunei": "BRN", "Micronesia": "FSM", "Holland": "NLD",
    "UAE": "ARE", "U.A.E.": "ARE", "Emirates": "ARE",
    "DRC": "COD", "DR Congo": "COD", "Democratic Republic of the Congo": "COD",
    "Democratic Republic of Congo": "COD", "Congo-Brazzaville": "COG", "Republic of the Congo": "COG",
    "PRC": "CHN", "People's Republic of China": "CHN", "Mainland China": "CHN",
    "Kurdistan Region of Iraq": "IRQ", "Iraqi Kurdistan": "IRQ", "Kurdistan Region": "IRQ",
    "Saudi": "SAU", "KSA": "SAU", "Bosnia": "BIH", "Herzegovina": "BIH",
    "Trinidad": "TTO", "St Lucia": "LCA", "St. Lucia": "LCA", "The Gambia": "GMB",
    # Former names still met in archives, under today's code (the dev set's convention).
    "Zaire": "COD", "Czechoslovakia": "CZE", "West Germany": "DEU", "East Germany": "DEU",
    "Yugoslavia": "SRB", "Rhodesia": "ZWE", "Dahomey": "BEN", "Upper Volta": "BFA",
}
# Phrases that look like a region or place inside a country name; these are kinds "place".
PLACE_NAMES = frozenset({"Kurdistan Region of Iraq", "Iraqi Kurdistan", "Kurdistan Region", "Gaza",
                         "West Bank", "Scotland", "Wales", "Northern Ireland", "England"})

# Phrases containing a country name or demonym that do not mention the country; they are
# matched (so the inner name is consumed) and then ignored.
BLOCKERS = (
    "Latin America", "South America", "North America", "Central America", "Americas",
    "Latin American", "South American", "North American", "Central American",
    "Indian Ocean", "Indian subcontinent", "Native American", "New Mexico", "New Jersey",
    "Persian Gulf", "Arabian Sea", "Arabian Peninsula", "Guinea-Bissau", "Papua New Guinea",
    "Equatorial Guinea", "Georgia Tech", "Turkey Point", "Korean Peninsula", "South Asian",
    "East Asian", "Southeast Asian", "Middle Eastern", "Jordan River", "Chinese New Year",
    "French fries", "Dutch courage", "German measles", "English Channel",
)

# Demonyms (adjective and people) for the countries news text mentions most.
DEMONYMS: dict[str, str] = {
    "Iraqi": "IRQ", "Pakistani": "PAK", "Indian": "IND", "American": "USA", "British": "GBR",
    "Briton": "GBR", "English": "GBR", "Scottish": "GBR", "Welsh": "GBR",
    "German": "DEU", "French": "FRA", "Frenchman": "FRA", "Iranian": "IRN", "Persian": "IRN",
    "Syrian": "SYR", "Saudi Arabian": "SAU", "Kuwaiti": "KWT", "Afghan": "AFG", "Afghani": "AFG",
    "Russian": "RUS", "Soviet": "RUS", "Chinese": "CHN", "Japanese": "JPN",
    "South Korean": "KOR", "North Korean": "PRK", "Turkish": "TUR", "Turk": "TUR",
    "Israeli": "ISR", "Palestinian": "PSE", "Lebanese": "LBN", "Jordanian": "JOR",
    "Egyptian": "EGY", "Libyan": "LBY", "Tunisian": "TUN", "Algerian": "DZA", "Moroccan": "MAR",
    "Sudanese": "SDN", "South Sudanese": "SSD", "Ethiopian": "ETH", "Somali": "SOM",
    "Kenyan": "KEN", "Nigerian": "NGA", "Ghanaian": "GHA", "South African": "ZAF",
    "Ukrainian": "UKR", "Polish": "POL", "Romanian": "ROU", "Bulgarian": "BGR", "Hungarian": "HUN",
    "Czech": "CZE", "Slovak": "SVK", "Austrian": "AUT", "Swiss": "CHE", "Italian": "ITA",
    "Spanish": "ESP", "Spaniard": "ESP", "Portuguese": "PRT", "Dutch": "NLD", "Belgian": "BEL",
    "Danish": "DNK", "Dane": "DNK", "Swedish": "SWE", "Swede": "SWE", "Norwegian": "NOR",
    "Finnish": "FIN", "Finn": "FIN", "Estonian": "EST", "Latvian": "LVA", "Lithuanian": "LTU",
    "Belarusian": "BLR", "Georgian": "GEO", "Armenian": "ARM", "Azerbaijani": "AZE",
    "Azeri": "AZE", "Kazakh": "KAZ", "Kazakhstani": "KAZ", "Uzbek": "UZB", "Turkmen": "TKM",
    "Tajik": "TJK", "Kyrgyz": "KGZ", "Bangladeshi": "BGD", "Sri Lankan": "LKA", "Nepali": "NPL",
    "Nepalese": "NPL", "Burmese": "MMR", "Myanmar's": "MMR", "Thai": "THA", "Vietnamese": "VNM",
    "Cambodian": "KHM", "Malaysian": "MYS", "Indonesian": "IDN", "Filipino": "PHL",
    "Philippine": "PHL", "Australian": "AUS", "New Zealander": "NZL", "Canadian": "CAN",
    "Mexican": "MEX", "Brazilian": "BRA", "Argentine": "ARG", "Argentinian": "ARG",
    "Chilean": "CHL", "Colombian": "COL", "Venezuelan": "VEN", "Peruvian": "PER", "Cuban": "CUB",
    "Greek": "GRC", "Cypriot": "CYP", "Serbian": "SRB", "Serb": "SRB", "Croatian": "HRV",
    "Croat": "HRV", "Bosnian": "BIH", "Albanian": "ALB", "Macedonian": "MKD", "Slovenian": "SVN",
    "Montenegrin": "MNE", "Qatari": "QAT", "Emirati": "ARE", "Bahraini": "BHR", "Omani": "OMN",
    "Yemeni": "YEM", "Irish": "IRL", "Icelandic": "ISL", "Mongolian": "MNG", "Taiwanese": "TWN",
    "Malian": "MLI", "Nigerien": "NER", "Chadian": "TCD", "Burkinabe": "BFA", "Senegalese": "SEN",
    "Rwandan": "RWA", "Ugandan": "UGA", "Congolese": "COD", "Eritrean": "ERI", "Djiboutian": "DJI",
    "Mauritanian": "MRT", "Cameroonian": "CMR", "Zimbabwean": "ZWE", "Zambian": "ZMB",
    "Mozambican": "MOZ", "Angolan": "AGO", "Namibian": "NAM", "Malagasy": "MDG",
    "Singaporean": "SGP", "Laotian": "LAO", "Maltese": "MLT", "Moldovan": "MDA",
    "Luxembourgish": "LUX", "Beninese": "BEN", "Togolese": "TGO", "Ivorian": "CIV",
    "Liberian": "LBR", "Sierra Leonean": "SLE", "Guinean": "GIN", "Gambian": "GMB",
    "Tanzanian": "TZA", "Burundian": "BDI", "Malawian": "MWI", "Botswanan": "BWA",
    "Ecuadorian": "ECU", "Bolivian": "BOL", "Paraguayan": "PRY", "Uruguayan": "URY",
    "Haitian": "HTI", "Dominican": "DOM", "Jamaican": "JAM", "Guatemalan": "GTM",
    "Honduran": "HND", "Salvadoran": "SLV", "Nicaraguan": "NIC", "Costa Rican": "CRI",
    "Panamanian": "PAN", "Bhutanese": "BTN", "Maldivian": "MDV", "Bruneian": "BRN",
    "Zairean": "COD", "Zairian": "COD", "Czechoslovak": "CZE", "Yugoslav": "SRB", "Rhodesian": "ZWE",
}
# Demonyms whose plural is formed with -s ("Iraqis", "Germans"); -ese/-ish/-ch forms are invariant.
_PLURAL_OK = re.compile(r"(?:an|i|k|n|e|b|o|t|c)$")
# Demonyms that are usually a language, a cuisine or a surname rather than the country.
DEMONYM_NO_PLURAL = frozenset({"English", "French", "Dutch", "Swiss", "Irish", "Welsh"})

# Capitals (and seats of government) used as metonyms for their government.
CAPITALS: dict[str, str] = {
    "Baghdad": "IRQ", "Islamabad": "PAK", "Washington": "USA", "Moscow": "RUS",
    "Beijing": "CHN", "Kyiv": "UKR", "Kiev": "UKR", "Tehran": "IRN", "Teheran": "IRN",
    "Damascus": "SYR", "Riyadh": "SAU", "Ankara": "TUR", "London": "GBR", "Paris": "FRA",
    "Berlin": "DEU", "Tokyo": "JPN", "Seoul": "KOR", "Pyongyang": "PRK", "New Delhi": "IND",
    "Kabul": "AFG", "Cairo": "EGY", "Amman": "JOR", "Beirut": "LBN", "Jerusalem": "ISR",
    "Doha": "QAT", "Abu Dhabi": "ARE", "Kuwait City": "KWT", "Manama": "BHR", "Muscat": "OMN",
    "Sanaa": "YEM", "Sana'a": "YEM", "Tripoli": "LBY", "Tunis": "TUN", "Algiers": "DZA",
    "Rabat": "MAR", "Khartoum": "SDN", "Addis Ababa": "ETH", "Nairobi": "KEN", "Abuja": "NGA",
    "Pretoria": "ZAF", "Warsaw": "POL", "Bucharest": "ROU", "Budapest": "HUN", "Prague": "CZE",
    "Vienna": "AUT", "Rome": "ITA", "Madrid": "ESP", "Lisbon": "PRT", "The Hague": "NLD",
    "Copenhagen": "DNK", "Stockholm": "SWE", "Oslo": "NOR", "Helsinki": "FIN", "Tallinn": "EST",
    "Riga": "LVA", "Vilnius": "LTU", "Minsk": "BLR", "Tbilisi": "GEO", "Yerevan": "ARM",
    "Baku": "AZE", "Astana": "KAZ", "Tashkent": "UZB", "Dhaka": "BGD", "Colombo": "LKA",
    "Kathmandu": "NPL", "Bangkok": "THA", "Hanoi": "VNM", "Jakarta": "IDN", "Manila": "PHL",
    "Kuala Lumpur": "MYS", "Canberra": "AUS", "Ottawa": "CAN", "Mexico City": "MEX",
    "Brasilia": "BRA", "Brasília": "BRA", "Buenos Aires": "ARG", "Havana": "CUB",
    "Caracas": "VEN", "Athens": "GRC", "Belgrade": "SRB", "Ulaanbaatar": "MNG", "Taipei": "TWN",
    "Bamako": "MLI", "Niamey": "NER", "N'Djamena": "TCD", "Ouagadougou": "BFA", "Dakar": "SEN",
    "Kigali": "RWA", "Kampala": "UGA", "Kinshasa": "COD", "Mogadishu": "SOM", "Asmara": "ERI",
    "Chisinau": "MDA", "Sofia": "BGR", "Zagreb": "HRV", "Sarajevo": "BIH", "Tirana": "ALB",
    "Skopje": "MKD", "Dublin": "IRL", "Bern": "CHE", "Brussels": "BEL", "Nicosia": "CYP",
}

# Common names for codes whose pycountry name is a formal "X, Y of" form.
COMMON_NAME_OVERRIDES: dict[str, str] = {
    "USA": "United States", "GBR": "United Kingdom", "RUS": "Russia", "IRN": "Iran",
    "SYR": "Syria", "KOR": "South Korea", "PRK": "North Korea", "VNM": "Vietnam",
    "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova", "TWN": "Taiwan",
    "LAO": "Laos", "COD": "DR Congo", "PSE": "Palestine", "TUR": "Turkey", "FSM": "Micronesia",
    "BRN": "Brunei", "VAT": "Vatican City", "CZE": "Czech Republic", "CIV": "Ivory Coast",
    "MKD": "North Macedonia", "SWZ": "Eswatini", "CPV": "Cape Verde",
}

ALPHA3 = frozenset(c.alpha_3 for c in pycountry.countries)

KIND_NAME, KIND_DEMONYM, KIND_CAPITAL, KIND_PLACE, KIND_BLOCK = "name", "demonym", "capital", "place", "block"


@lru_cache(maxsize=512)
def common_name(code: str) -> str:
    """The short name a reader expects ("Iran", not "Iran, Islamic Republic of")."""
    if code in COMMON_NAME_OVERRIDES:
        return COMMON_NAME_OVERRIDES[code]
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


@lru_cache(maxsize=1)
def code_to_demonym() -> dict[str, str]:
    """First listed demonym per country ("IRQ" -> "Iraqi"), for canonical ministry names."""
    out: dict[str, str] = {}
    for word, code in DEMONYMS.items():
        if " " in word and code in out:
            continue
        out.setdefault(code, word)
    out["SAU"] = "Saudi"
    return out


@lru_cache(maxsize=1)
def surface_forms() -> dict[str, tuple[str | None, str]]:
    """Every surface string -> (ISO alpha-3 or None for blockers, kind)."""
    forms: dict[str, tuple[str | None, str]] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name and "," not in name and "(" not in name:
                forms[name] = (c.alpha_3, KIND_NAME)
                if name.startswith("the "):
                    forms[name[4:]] = (c.alpha_3, KIND_NAME)
    for name, code in SHORT_NAMES.items():
        forms[name] = (code, KIND_PLACE if name in PLACE_NAMES else KIND_NAME)
    for word, code in DEMONYMS.items():
        forms[word] = (code, KIND_DEMONYM)
        if word not in DEMONYM_NO_PLURAL and _PLURAL_OK.search(word) and not word.endswith("ese"):
            forms[word + "s"] = (code, KIND_DEMONYM)
    forms["Saudis"] = ("SAU", KIND_DEMONYM)
    for city, code in CAPITALS.items():
        forms[city] = (code, KIND_CAPITAL)
    for b in BLOCKERS:
        forms[b] = (None, KIND_BLOCK)
    return forms


def _variants(s: str) -> list[str]:
    """Straight and typographic apostrophes both occur in scraped text."""
    return sorted({s, s.replace("'", "’")})


@lru_cache(maxsize=1)
def country_regex() -> re.Pattern[str]:
    """One alternation over all surface forms, longest first (a trie, see `trie_pattern`)."""
    body = trie_pattern({v for s in surface_forms() for v in _variants(s)})
    # "U.S." ends in a period, so the right boundary only forbids a following letter/digit.
    # No left look-behind: a pattern that starts with a literal character set lets `re` skip
    # ahead in C; the caller checks the left boundary with `left_bounded` (3x faster).
    return re.compile(rf"(?:{body})(?![\w])")


def left_bounded(text: str, start: int) -> bool:
    """True when the match at `start` does not continue a word ("Niger" in "ANiger")."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "._")


def lookup(surface: str) -> tuple[str | None, str]:
    """(code, kind) for a matched surface string (typographic apostrophes folded)."""
    forms = surface_forms()
    return forms.get(surface) or forms[surface.replace("’", "'")]


def trie_pattern(words: Iterable[str]) -> str:
    """A prefix-trie regex for an alternation of literal strings.

    Python's `re` tries every branch of a flat alternation at every position; branching
    on a shared prefix instead makes a 900-name gazetteer cost about as much as a handful
    of names. Longer continuations are tried before the shorter word ends (longest match).
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _trie_to_re(trie)


def _trie_to_re(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _trie_to_re(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and not end:
        return branches[0]
    alt = "(?:" + "|".join(branches) + ")"
    return alt + "?" if end else alt
