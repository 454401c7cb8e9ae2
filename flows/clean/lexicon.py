"""Word lists of the line cleaner: stoplists, share words, exact furniture lines, wiki sections.

Data, not logic: `flows/clean/cleaner.py` looks words up here (set membership, no regex), and the
patterns and thresholds that use them live in `flows/clean/rules.py`.
"""

from __future__ import annotations

# Small stoplists (most frequent function words) for the dev-set languages plus Spanish
# and French; only the share of these words matters, not completeness.
STOPWORDS = frozenset(
    """
    a about after all also an and any are as at be been before but by can could did do does
    for from had has have he her his how i if in into is it its more most my no not of on
    one or other our out over said she so some than that the their them then there these
    they this those to under up was we were what when which while who will with would you
    de da do das dos e em um uma o os as no na nos nas que para com por se ao à mais foi
    como mas ou seu sua pelo pela ser são está também já quando ele ela isso sobre entre até
    sem muito há nós eles foram tem seus suas
    il la le lo gli i di del della delle dei che è per con non una un sono nel alla al ha
    anche come più ma dalla dal degli questo questa essere stato nella nei sulla ci si se
    quando dopo tra ancora loro
    yang dan di ke dari ini itu dengan untuk pada dalam tidak akan juga ada oleh karena
    sebagai atau telah bisa mereka kami kita saat kamu kepada sesuatu apa jika kalau sudah
    hanya harus lebih seperti agar bagi tetapi namun saja sangat para pun adalah tersebut
    der die das und ist nicht ein eine den dem des zu mit sich auf für von im sie es auch
    als an wie bei nach aus wird werden hat dass noch einen einer sind war auch nur oder
    aber vor zur zum kann wurde wurden diese dieser man
    и в не на что с по как это он она они к но за из от у о же то так для все его был
    была было были ее их при уже или бы нам вы мы я ты вам вас этот эти есть если только
    когда где чтобы можно также после более может очень себя будет быть ни да нет еще ещё
    тоже всегда
    el los las del y en lo para con su por es una al se
    et les des du une pour pas dans sur au est qui ce sont avec ne sa son aux
    """.split()
)

# The same with the punctuation that touches words, so that a plain `str.split()` (ten
# times cheaper than a Unicode word regex) still finds "the," or "(and".
STOPWORD_TOKENS = frozenset(
    w2
    for w in STOPWORDS
    for w2 in (w, w + ",", w + ".", w + ";", w + ":", w + ")", "(" + w, "“" + w, '"' + w, "«" + w)
)

# Social networks and share verbs: a line made only of these is a share widget.
SHARE_WORDS = frozenset(
    """share shares sharing tweet email e-mail print pin whatsapp facebook twitter x linkedin
    reddit telegram pinterest tumblr flipboard messenger copy link url vk instagram youtube
    rss feed icon-facebook icon-twitter icon-whatsapp icon-email icon-linkedin icon-print
    this article on via comment comments save""".split()
)

# Wiki section headings after which only references and links follow.
WIKI_END_SECTIONS = frozenset(
    "see also|references|external links|notes|further reading|bibliography|sources|citations|"
    "footnotes|notes and references|literature|weblinks|einzelnachweise|siehe auch|"
    "ver também|referências|ligações externas|voci correlate|collegamenti esterni|"
    "см. также|примечания|ссылки|lihat pula|referensi|pranala luar".split("|")
)

# Whole lines (lower-cased) that are furniture by themselves: a dict lookup, no regex.
EXACT_LINES = {
    "ad": "advertisement",
    "ads": "advertisement",
    "accept": "cookie_consent",
    "accept all": "cookie_consent",
    "reject all": "cookie_consent",
    "i agree": "cookie_consent",
    "got it": "cookie_consent",
    "ok": "cookie_consent",
    "photo": "photo_credit",
    "image": "photo_credit",
    "foto": "photo_credit",
    "фото": "photo_credit",
}
