"""Lexicons, patterns and thresholds of the line cleaner (`flows/clean/cleaner.py`).

Kept apart from the algorithm so the knobs sit in one place with the reason beside them;
the word lists (stoplists, share words, exact furniture lines) are in `flows/clean/lexicon.py`.
Every pattern is anchored or bounded (no nested quantifiers) so that a line costs time
linear in its length, and the furniture patterns only run on lines short enough to be
furniture (see FURNITURE_MAX_CHARS).
"""

from __future__ import annotations

import re

# --- thresholds -------------------------------------------------------------------------

# Page furniture (menus, share rows, captions, credits) is short; prose-length lines only go
# through the few patterns that also catch long furniture (bios, newsletter and cookie text).
FURNITURE_MAX_CHARS = 220
# Comment policies, disclosures and licence notices run to a sentence or two; longer lines are
# not searched for them (their patterns are unanchored, and a scan of every long paragraph
# that mentions a "comment" or "paid" would cost more than the rare long notice is worth).
END_FURNITURE_MAX_CHARS = 260
# They sit at the end of the body (disclosures also at its start): the first and last this
# many body lines are checked.
END_FURNITURE_HEAD_LINES = 2
END_FURNITURE_TAIL_LINES = 5
# Captions with their credit run longer than other furniture.
CAPTION_MAX_CHARS = 300
# Skip links, menu words and share rows are short; longer lines skip those patterns.
MENU_MAX_CHARS = 100
# Lines longer than this are not run through any pattern: a 10 MB "line" is a dump or one
# huge paragraph, and scanning it with a dozen regexes buys nothing.
PATTERN_MAX_CHARS = 5000
# A line with at least this many (script-weighted) characters and enough stopwords reads as
# prose; jusText uses 70 for "long" blocks, our naive lines are one block each.
PROSE_MIN_CHARS = 70
# Without terminal punctuation a line must be this long to read as prose: headlines and
# teaser titles are long, stopword-rich and unpunctuated, paragraphs end with a stop.
UNPUNCTUATED_PROSE_MIN_CHARS = 120
# Shorter lines with terminal punctuation and stopwords still read as a sentence.
SENTENCE_MIN_CHARS = 35
# Stopword share of words above which a line reads as running text (jusText: 0.30 for
# good, 0.32 high); naive lines are noisier, so a little lower.
PROSE_MIN_STOPWORD_SHARE = 0.22
SENTENCE_MIN_STOPWORD_SHARE = 0.15
# Stopword share and script are estimated on the first this many characters of a line.
SAMPLE_CHARS = 240
# CJK and Hangul pack a word into one or two characters and carry no space-separated
# stopwords: weight their characters so a 30-character Japanese sentence counts as prose.
CJK_CHAR_WEIGHT = 3
# ...and a punctuated CJK line counts as having this stopword share (any value above the
# prose threshold).
CJK_STOPWORD_SHARE = 0.3
# A line of at most this many words with no stopword and no final stop is link-like
# (menu item, tag, name); it costs LINKLIKE_LINE_COST in the region search.
LINKLIKE_MAX_WORDS = 8
# Region search weights (maximum-sum segment over line scores, a Kadane pass):
# prose lines add their length (capped so one giant line cannot drag in the page),
# other lines cost a flat penalty, furniture costs more, end-of-article markers cost most.
PROSE_WEIGHT_CAP = 600
# Subtracted from a prose line's length: a teaser blurb (150 chars) between two headline
# lines should not outweigh them, a real paragraph (300+) easily does.
PROSE_BASE = 40
SENTENCE_FACTOR = 0.5
SHORT_LINE_COST = 60
LINKLIKE_LINE_COST = 35
FURNITURE_LINE_COST = 90
END_MARKER_COST = 400
# Comment headings are never crossed: readers' comments are prose too, often lots of it.
BARRIER_COST = 1e9
# `clean_text(favor="precision")` keeps a second region only at this share of the best one and
# bridges at most this many short lines; `favor="recall"` the same, the other way.
PRECISION_EXTRA_REGION_SHARE = 0.6
PRECISION_BRIDGE_MAX_GAP = 2
RECALL_EXTRA_REGION_SHARE = 0.15
RECALL_BRIDGE_MAX_GAP = 8
# A second, separate region is kept only if it is this heavy compared with the best one
# (articles split by an inline widget row); lower values pull in teasers and comments.
EXTRA_REGION_MIN_SHARE = 0.35
EXTRA_REGION_MIN_WEIGHT = 250
# ...except the first prose run right below the headline (at most LEAD_MAX_GAP lines of
# byline, date and share row between them): that is the article's lead, often cut off from
# the rest by an inline "Related:" link or a photo gallery; it needs EXTRA_REGION_MIN_WEIGHT.
LEAD_MAX_GAP = 6
# A secondary region with at least this many short lines per prose line is a teaser list.
TEASER_SHORT_PER_PROSE = 0.8
# Bridging: a region grows over at most this many short non-blank lines to a prose run
# of at least this weight (subheadings and short lists inside an article).
BRIDGE_MAX_GAP = 4
BRIDGE_MIN_WEIGHT = 60
BRIDGE_PER_GAP_LINE = 30
# A body line ending in ":" of at least this length introduces a list or table whose items
# (at most LIST_MAX_LINES non-blank lines) are body until a furniture line.
LIST_INTRO_MIN_CHARS = 15
LIST_MAX_LINES = 30
# A run of at least this many lines right after the body, of which this share carry a digit
# or an item marker, is a list that belongs to the article (see clean_region._admit_tail_list).
TAIL_LIST_MIN_LINES = 3
TAIL_LIST_MIN_SHARE = 0.7
# A page without any prose run keeps its sentences plus at most this many unexplained lines
# between two of them (see clean_region._fill_holes).
HOLE_MAX_LINES = 2
# Data tables (see clean_region._admit_tables): a run of at least TABLE_MIN_CELLS cells of at
# most TABLE_CELL_MAX_CHARS, this share of them bare numbers (menus, archive links and tag
# lists are words; a results, standings or price table is a third to a half numbers).
TABLE_MIN_CELLS = 8
TABLE_CELL_MAX_CHARS = 100
TABLE_MIN_NUMERIC_SHARE = 0.3
# ...and at most this share (a table has labels), and not counting up like a pager: at least
# this share of the steps between its numbers going +1 ("1 2 3 4 ... Next").
TABLE_MAX_NUMERIC_SHARE = 0.9
PAGER_MIN_STEP_SHARE = 0.8
# A trailing count in parentheses: archive and category links ("March (92)").
COUNT_SUFFIX = re.compile(r"\(\d{1,7}\)$")
# A bare number cell: "5040", "-12.99", "77%", "$139.00", "3-1", "1:45.3", "(12)".
NUMERIC_CELL = re.compile(r"^[-+−±~≈$€£¥₩(]{0,2}\d[\d.,:/%×x −-]{0,20}[%)kKmMbB]?$")
# Clean text: when the lines no pattern explains are sentences (CLEAN_SENTENCE_MIN_CHARS+
# with a final stop) or list items, except at most CLEAN_MAX_OTHER_LINES plus
# CLEAN_OTHER_PER_SENTENCE per sentence (title, byline, subheadings), no menus are left.
CLEAN_SENTENCE_MIN_CHARS = 15
CLEAN_MAX_OTHER_LINES = 4
CLEAN_OTHER_PER_SENTENCE = 0.2
# ...and sentences are at least this share of those lines (list items aside).
CLEAN_MIN_SENTENCE_SHARE = 0.6
# The clean span replaces the region search only when it rescues this many sentences.
CLEAN_MIN_RESCUED = 2
# ...and holds at least this share of the sentences the region search kept.
CLEAN_MIN_HELD_SHARE = 0.5
# Bylines and reading-time stamps are short; subheadings and breadcrumbs are at most
# HEADING_MAX_CHARS; a date line is at most DATE_LINE_MAX_CHARS with at most
# DATE_LINE_MAX_WORDS words beside the date ("Updated 3:05 pm ET, Mon March 3, 2024").
BYLINE_MAX_CHARS = 80
HEADING_MAX_CHARS = 120
DATE_LINE_MAX_CHARS = 90
DATE_LINE_MAX_WORDS = 6
# A row of up to this many share/network words ("Share Tweet Email") is a share widget.
SHARE_ROW_MAX_WORDS = 12
# Runs of at least this many consecutive short non-prose lines outside the body are menus.
NAV_RUN_MIN = 3
# A recurring (site boilerplate) line survives only as long prose inside a body region.
SITE_KEEP_MIN_CHARS = 160
# Title search window: how many non-blank lines above the body start are considered.
TITLE_WINDOW = 12
TITLE_MAX_CHARS = 220
# A headline copy shorter than this ("Home", "News") cannot anchor the article start.
ANCHOR_MIN_CHARS = 15
# The body search starts below the headline copy unless the best region there weighs less
# than this share of the best region of the whole page (the copy was in a teaser list).
ANCHOR_KEEP_SHARE = 0.3
# A lone author name: 2..4 capitalised words.
NAME_MAX_WORDS = 4


# Comment threads (see clean/comments.py): marker lines (commenter headers, action rows) are
# at most COMMENT_MARK_MAX_CHARS long, headers at most COMMENT_HEAD_MAX_WORDS words; a thread
# is at least COMMENT_MIN_MARKERS markers of one kind, at most COMMENT_MAX_GAP non-blank
# lines apart (a long comment runs to a dozen paragraphs).
COMMENT_MARK_MAX_CHARS = 160
COMMENT_ACTION_MAX_CHARS = 60  # "Please rate this comment: 3 1", "Reply", "12 likes"
COMMENT_HEAD_MAX_WORDS = 14
COMMENT_MIN_MARKERS = 4
COMMENT_MAX_GAP = 16
# ...split where the spacing of markers exceeds this multiple of its median (and this many
# lines): the article between its own dateline and the first comment;
COMMENT_SPLIT_FACTOR = 2.5
COMMENT_SPLIT_MIN = 5
# ...and at least this share of the gaps between markers holds a sentence (teaser lists
# with a dateline under every headline do not).
COMMENT_MIN_SENTENCE_SHARE = 0.5
# When only the action rows under comments were recognised, the first comment's header and
# text are taken back at most this many lines above the first row.
COMMENT_BACK_MAX_LINES = 3
# The article is taken above a thread that outweighs it when its prose ends at most this many
# unexplained lines above the thread (furniture that a pattern names does not count).
COMMENT_ABOVE_MAX_GAP = 6


# --- patterns (line already normalised: single spaces, trimmed) -------------------------

_I = re.IGNORECASE
_LIST_NO = r"^(?:\d{1,3}[.)]\s*)?"  # "1. Skip to content" — scrapers number menu items

SKIP_LINK = re.compile(
    _LIST_NO + r"(?:skip (?:to|next|navigation|ad|over)|jump to (?:content|navigation|main))", _I
)
NAVIGATION = re.compile(
    r"^(?:home|homepage|menu|main menu|open menu|close menu|close|search|search for|log ?in|"
    r"sign ?in|sign ?out|register|my account|back to top|go to homepage|toggle navigation|"
    r"navigation|you are (?:at|here):?|breadcrumb|previous|next|previous article|next article|"
    r"load more|show more|see more|view more|view all|see all|more|×|☰|open|"
    r"startseite|início|inicio|accueil|главная|beranda)\s*:?$",
    _I,
)
BREADCRUMB_SEPS = (" > ", " » ", " › ", " / ", " | ")
SHARE_LINE = re.compile(
    r"^(?:share (?:this|on|via|the|article|story)|share$|follow (?:us|@|\w+ on|[^.]{1,40}? on (?:instagram|facebook|twitter|x|youtube|linkedin|tiktok|telegram|threads))|"
    r"click to (?:share|tweet|email|print)|copy (?:link|url)|compartilh|condividi|teilen|поделиться|bagikan)",
    _I,
)
ADVERT = re.compile(
    r"(?:^(?:advertisement|advertisment|advert|advertising|sponsored(?: content| by)?|ads by|"
    r"publicidade|publicidad|pubblicità|anzeige|werbung|реклама|iklan|paid content|promoted)\b"
    r"|\badverti[sz]e?ment\s*$|story continues below|continue reading (?:below|the main story)|"
    r"scroll (?:down )?to continue|article continues below)",
    _I,
)
PHOTO_CREDIT = re.compile(
    r"^(?:photo|image|picture|pic|foto|bild|credit|photograph|photographer|source|illustration|"
    r"video|фото|источник)s?(?: credit| courtesy| by)?\s*[:©]",
    _I,
)
# Captions and photo credits, in three parts that the cleaner tests cheaply on the lower-cased
# line (see clean._caption): the line's start, its last CAPTION_TAIL_CHARS characters when it
# ends like a credit, and credit words anywhere once a CAPTION_INNER_KEYS substring is found.
# CAPTION is their union (one search over the line: ten times slower).
_CAPTION_HEAD = (
    r"^image of\b|^(?:image|photo) (?:caption|copyright|source)\b|"
    r"^(?:photo|image|video|illustration|graphic)s? (?:by|via|from|courtesy)\b|^(?:file )?photo\b.{0,20}\W$"
)
_CAPTION_TAIL = (
    r"\((?:photo|image|picture|foto|file|credit|pic)s?\b[^)]{0,80}\)\s*$|"
    r"\b(?:submitted|file|staff|contributed|courtesy|handout) (?:photo|image)$|"
    r"\bvia (?:ap|reuters|afp|getty images|epa|dpa|ansa|xinhua)$|"
    r"[/,]\s*(?:afp|reuters|ap|epa|dpa|getty(?: images)?)\s*$"
)
_CAPTION_INNER = (
    r"\b(?:getty images|shutterstock|ap photo|afp photo|reuters/|epa-efe|istock)\b|"
    r"\bphoto:\s*\S|\bfoto:\s*\S|credit:\s*\S"
)
CAPTION = re.compile(f"(?:{_CAPTION_TAIL}|{_CAPTION_HEAD}|{_CAPTION_INNER})", _I)
CAPTION_HEAD = re.compile(_CAPTION_HEAD)
CAPTION_TAIL = re.compile(_CAPTION_TAIL)
CAPTION_INNER = re.compile(_CAPTION_INNER)
# Every CAPTION_TAIL match ends with one of these and starts within the last 100 characters
# (the longest, "(Photo ...)", is at most 91).
CAPTION_TAIL_ENDS = (
    ")",
    "photo",
    "image",
    "ap",
    "reuters",
    "afp",
    "images",
    "epa",
    "dpa",
    "ansa",
    "xinhua",
    "getty",
)
CAPTION_TAIL_CHARS = 100
# Every CAPTION_INNER match contains one of these.
CAPTION_INNER_KEYS = (
    "getty images", "shutterstock", "ap photo", "afp photo", "reuters/", "epa-efe", "istock",
    "photo:", "foto:", "credit:",
)  # fmt: skip
# Alt texts that scrapers emit as "Image of <headline> <caption>": long, but still furniture.
CAPTION_START = re.compile(
    r"^(?:image|photo|picture) (?:of|caption)\b|^(?:image|photo|slide|picture) \d{1,3} of \d{1,3}\b|"
    r"^\d{1,3}of\d{1,3}",  # gallery counters: "Image 2 of 5", "1of4A shopper looks at..."
    _I,
)
# The name must start with a capital, so the lead words are case-insensitive only where
# they are not also common names ("Di Maio", "Von der Leyen" open sentences, not bylines).
BYLINE = re.compile(
    r"^(?:(?i:by|written by|posted by|reported by|words by|author|authors|autor|autore|автор)|"
    r"von|por|di|oleh|par|door|от)\s*:?\s+[A-ZÀ-ÝА-Я@]"
)
AUTHOR_BOX = re.compile(
    r"^(?:(?i:profile (?:picture|photo|image) of|about the author|more from this author|"
    r"view more articles|all posts by)|(?i:author)\s+[A-Z])"
)
AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,3}(?:\([^)]{1,60}\) )?(?:is|was|has been)\s+(?:an?|the)\s[^.]{0,90}?"
    r"\b(?i:journalist|reporter|correspondent|editor|writer|columnist|author|contributor|"
    r"freelancer|producer|analyst|fellow|blogger)\b",
    0,
)
# Sign-off initials are lower case ("rs/msh"): case-sensitive, so "US/UK forces..." stays.
AGENCY_SIGNOFF = re.compile(
    r"(?:^[a-z]{1,4}(?:/[a-z]{1,4}){1,3}(?:\s|$)|"
    r"^(?i:\((?:reporting|writing|additional reporting|editing) by\b|(?:reporting|additional reporting|editing|writing) by\b))"
)
NEWSLETTER = re.compile(
    r"(?:^(?:newsletters?|subscribe|subscribe now|sign up|get the latest|join our|never miss|"
    r"stay (?:informed|up to date|updated)|receive our|get our)\b|\bsign up (?:for|to)\b[^.]{0,60}"
    r"\b(?:newsletter|email|updates|alerts|inbox|receive)|\bsign up to receive\b|"
    r"delivered (?:straight |directly )?to your inbox|subscribe to (?:our|the) [\w ]{0,30}newsletter|"
    r"\bnewsletter\s*$|you can sign up\b|enter your e-?mail)",
    _I,
)
COOKIE = re.compile(
    r"(?:\bcookies?\b[^.]{0,100}\b(?:accept|agree|consent|browsing|experience|we use|uses)|"
    r"\b(?:we|this (?:web)?site) uses? cookies|\bprivacy (?:settings|preferences)\b|"
    r"^manage (?:cookies|preferences)$)",
    _I,
)
RELATED = re.compile(
    r"^\[?(?:see more|also on|more:|also:|mehr:|related:|related(?: articles| stories| posts| news| coverage| content| topics| reading| links)?|"
    r"more (?:stories|news|from|on|in|articles|like this|to read)|read (?:more|also|next)|"
    r"also read|top stor(?:y|ies)|[\w'’]{1,12} top story|you may also like|you might also like|"
    r"recommended(?: for you| stories| reading)?|most (?:read|popular|viewed|shared)|"
    r"trending(?: now| stories)?|latest (?:news|stories|articles)|what to read next|"
    r"editor'?s? picks?|popular (?:now|stories)|don'?t miss|up next|watch:|"
    r"leia (?:também|mais)|veja também|veja mais|você pode gostar|você também pode gostar|"
    r"potrebbe interessarti|ti potrebbe interessare|das könnte sie auch interessieren|"
    r"вам может быть интересно|anda mungkin suka|baca lainnya|leggi anche|baca juga|lesen sie auch|mehr zum thema|"
    r"читайте также|по теме|関連記事|관련 ?기사)\b",
    _I,
)
TAGS = re.compile(
    r"^(?:topics(?=[A-Z])|tags?|topics?|filed under|related tags|categories|category|keywords|themen|temas|tag|теги|темы)\s*:?(?:\s|$)",
    _I,
)
COMMENTS = re.compile(
    r"^(?:[\[{(]\s*)?(?:\d+\s+)?(?:(?:top rated |all |read all |view all |show all |latest |newest )?comments?|"
    r"responses? to|replies|reply|\d+ thoughts? on|\d+ users? responded|report abuse|log in to reply|rating:\s*\d|"
    r"post (?:a )?comment|leave a (?:comment|reply)|add (?:a )?comment|"
    r"join the (?:discussion|conversation)|show comments|view comments|comentários|commenti|"
    r"kommentare|комментарии|komentar)\b",
    _I,
)
FOOTER = re.compile(
    r"(?:©|\bcopyright\b|all rights reserved|\bterms (?:of|and) (?:use|service|conditions)\b|"
    r"privacy policy|^contact us$|^about us$|^sitemap$|^advertise with us$|\bcookie policy\b)",
    _I,
)
# End-of-article furniture of blogs and docs (checked on long lines too, behind TRIGGERS):
# comment policies and the notices of comment forms,
COMMENT_POLICY = re.compile(
    r"(?:\bcomments? (?:are|is|will be) (?:moderated|closed|reviewed)|\bcomments? policy\b|"
    r"\bcomments? (?:for|on) this (?:entry|post|article|story) (?:are|is) closed|"
    r"\b(?:reserve|reserves) the right to (?:edit|delete|remove|moderate)\b[^.]{0,40}\bcomments?|"
    r"\byour (?:comment|reply|response) (?:has been (?:submitted|saved|posted|received)|has not (?:yet )?been posted|"
    r"could not be posted|is awaiting moderation|will (?:appear|be posted|not appear))|"
    r"\byou can follow any responses to this entry\b|\byou can leave a response\b|"
    r"\b(?:both )?comments and pings are\b|\bcomments? (?:and|or) trackbacks? (?:are|is)\b|"
    r"\byour email address will not be published|\brequired fields are marked\b|"
    r"\bnotify me of (?:follow-up comments|new (?:comments|posts))|"
    r"\bby (?:posting|commenting|submitting)\b[^.]{0,50}\b(?:agree|accept)\b|"
    r"^(?:please )?(?:keep (?:your )?comments|be (?:civil|respectful))\b|"
    r"\bcomments? (?:that|which) (?:are|include)\b[^.]{0,60}\b(?:will be|may be) (?:deleted|removed))",
    _I,
)
# advertising and affiliate disclosures,
DISCLOSURE = re.compile(
    r"(?:^\(?(?:disclaimer|ftc disclosure|advertising disclosure|affiliate disclosure)\s*[:\-–—]|"
    r"\b(?:this|the) (?:post|article|page|review|site) (?:contains|may contain|includes) (?:affiliate|sponsored)\b|"
    r"\baffiliate links?\b[^.]{0,80}\b(?:commission|compensat|earn)|"
    r"\b(?:we|i) (?:may )?(?:earn|receive) (?:a )?(?:small )?(?:commission|compensation)\b|"
    r"^(?:this (?:post|article|review) (?:is|was) )?(?:sponsored|brought to you) by\b|"
    r"\b(?:i|we) (?:was|were|am|are) (?:not )?(?:compensated|paid)\b[^.]{0,60}\b(?:post|review|opinions?))",
    _I,
)
# licences and "powered by" credits.
LICENSE = re.compile(
    r"(?:\blicen[sc]ed under\b|\bthis (?:work|article|post|content|page) is licen[sc]ed\b|"
    r"\bcreative commons (?:attribution|license|licence)|\bsome rights reserved\b|"
    r"\breleased under the (?:gpl|gnu|mit|apache|bsd|cc)\b)",
    _I,
)
POWERED_BY = re.compile(
    r"^(?:(?:proudly )?powered by|(?:wordpress )?theme(?: designed)? by|site (?:design|designed|built) by|"
    r"hosted by|web design by|designed by)\b",
    _I,
)
# An author biography after the body: "Jane Roe is a professor emeritus of history at ...".
# Only the last BIO_TAIL_LINES body lines are tested (inside an article the same sentence
# introduces a source, and stays).
BIO_TAIL = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,4}(?:\([^)]{1,60}\) )?(?:is|was|has been|serves as|works as)\s+(?:an?|the|also an?)\s"
    r"[^.]{0,120}?\b(?i:professor|lecturer|researcher|scientist|founder|co-founder|director|ceo|president|"
    r"author|writer|editor|consultant|fellow|student|teacher|lawyer|attorney|economist|historian|"
    r"physician|engineer|designer|photographer|blogger|journalist|reporter|columnist|contributor|"
    r"freelancer|analyst|coach|expert|specialist|founder)\b"
)
BIO_TAIL_LINES = 2
# Previous / next post links of blogs ("Previous post: Qual das duas?", "« Older Entries").
POST_NAV = re.compile(
    r"^(?:[«‹←<]+\s*)?(?:previous|prev|next|older|newer)\s+(?:post|article|story|entry|entries|posts|articles|stories|page)\b"
    r"|^(?:[«‹←]\s*)?(?:previous|next|older|newer)\s*[»›→>]?$",
    _I,
)
# Counters and buttons of galleries, polls and ratings inside the article region ("23
# Photos", "View the Full Gallery »", "5 votes", "Rate this:").
WIDGET = re.compile(
    r"^(?:\d{1,4}\s+(?:photos?|images?|pictures?|videos?|slides?|votes?|likes?|views|shares|points|ratings?)"
    r"|(?:view|see|launch|open|start|watch) (?:the )?(?:full |entire |photo |image )?(?:gallery|slideshow|slide show|photos|video)\b"
    r"|loading (?:slideshow|gallery|video|player)|(?:photo )?gallery|slideshow|rate this(?: article| post| story)?"
    r"|average rating|rating|\d(?:\.\d)?\s*(?:/|out of)\s*\d\s*stars?|click (?:here )?to (?:enlarge|play|view)|enlarge (?:this )?(?:image|photo))"
    r"\W{0,3}$",
    _I,
)
# Date lines: month names (en, pt, it, de, id, ru, es, fr, abbreviated) near digits, numeric
# dates, ISO dates, or "Updated/Published" stamps.
MONTH_NAMES = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december|janeiro|fevereiro|março|abril|maio|junho|"
    "julho|agosto|setembro|outubro|novembro|dezembro|gennaio|febbraio|marzo|aprile|maggio|"
    "giugno|luglio|settembre|ottobre|dicembre|januar|februar|märz|juni|juli|oktober|dezember|"
    "januari|februari|maret|mei|agustus|desember|января|февраля|марта|апреля|мая|июня|июля|"
    "августа|сентября|октября|ноября|декабря|enero|febrero|mayo|junio|julio|septiembre|"
    "octubre|noviembre|diciembre"
).split("|")
MONTH = "(?:" + "|".join(MONTH_NAMES) + r")\.?"
# The lookaheads change nothing about what matches; they let `re` reject a position on its
# first character (a month's initial, a digit) instead of trying every alternative there.
_MONTH_FIRST = "[" + "".join(sorted({m[0] for m in MONTH_NAMES})) + "]"
DATE_TOKEN = re.compile(
    r"(?:(?="
    + _MONTH_FIRST
    + r")\b"
    + MONTH
    + r"\s+\d{1,2}\b|(?=\d)(?:\b\d{1,2}\.?\s+(?:de\s+)?"
    + MONTH
    + r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\d{4}年\d{1,2}月|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}))",
    _I,
)
COMMENT_HEAD = re.compile(r"^[^.!?]{1,80}\b(?:says|said|wrote|writes|commented|replied)\s*:$", _I)
AGO_STAMP = re.compile(
    r"^\d{1,3}\s*(?:seconds?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|months?|years?)\s+ago\b", _I
)
DATE_STAMP = re.compile(
    r"^(?:updated|published|posted|last updated|first published|date|modified|atualizado|publicado|aggiornato|pubblicato|diperbarui|veröffentlicht|aktualisiert|опубликовано|обновлено)\b",
    _I,
)
READING_TIME = re.compile(
    r"\b\d{1,3}\s*(?:-\s*)?(?:min|mins|minute|minutes|minuti|minutos|menit|minuten|мин)\.?\s*"
    r"(?:read|de leitura|di lettura|lesezeit|baca|чтения)\b|^\d{1,3}\s*(?:min|mins|minutes?)\.?$|"
    r"\blesezeit\b|\breading time\b",
    _I,
)
SECTION_LABEL_MAX_WORDS = 3
SECTION_LABEL_MAX_CHARS = 30
# Wiki structure.
WIKI_TITLE = re.compile(r"^=\s*[^=].*?\s*=$")
INFOBOX = re.compile(r"^(?:infobox|\{\{\s*infobox)\b", _I)
# Escaped or raw HTML that a scraper left in the text.
MARKUP = re.compile(r"&lt;/?[a-z]|<(?:div|span|script|style|iframe|img|a)\b|\bdata-[a-z-]+=")
# Cheap gates: an unanchored pattern can only match when one of these lower-cased
# substrings occurs, and `in` is far cheaper than a regex search over every position.
# Each tuple must cover every alternative of its pattern.
TRIGGERS = {
    "ADVERT": (
        "advert",
        "sponsor",
        "publicidad",
        "pubblicit",
        "anzeige",
        "werbung",
        "реклама",
        "iklan",
        "paid content",
        "promoted",
        "continue",
        "scroll",
        "ads by",
    ),
    "COOKIE": ("cookie", "privacy", "manage"),
    "NEWSLETTER": (
        "newsletter",
        "subscribe",
        "sign up",
        "get the latest",
        "join our",
        "never miss",
        "stay ",
        "receive our",
        "get our",
        "inbox",
        "e-mail",
        "email",
    ),
    "FOOTER": (
        "©",
        "copyright",
        "rights reserved",
        "terms ",
        "privacy policy",
        "contact us",
        "about us",
        "sitemap",
        "advertise with us",
        "cookie policy",
    ),
    "MARKUP": ("&lt;", "<", "data-"),
    "COMMENT_POLICY": (
        "comment",
        "reserve",
        "your reply",
        "your response",
        "responses to this entry",
        "leave a response",
        "email address will not",
        "required fields",
        "notify me",
        "by posting",
        "by submitting",
        "keep your",
        "be civil",
        "be respectful",
    ),
    "DISCLOSURE": ("disclosure", "disclaimer", "affiliate", "sponsored", "commission", "compensat", "paid", "brought to you"),
    "LICENSE": ("licensed", "licenced", "creative commons", "rights reserved", "released under"),
    # every minute word of READING_TIME contains "min", "menit" or "мин" (digits alone are
    # in a fifth of all lines, these words in almost none)
    "READING_TIME": ("min", "мин", "menit", "lesezeit", "reading time"),
}
DIGIT = re.compile(r"\d")
ITEM_MARK = re.compile(r"^(?:[-*•·–]\s|\d{1,3}[.)]|[QA]:|[a-z]\))")
LIST_ITEM = re.compile(r"^(?:[-*•·–]\s+|\d{1,3}[.)]\s+)\S")
# Short lines that carry an article's content without being prose (see clean/region.py
# `structured` and the paragraph kinds `code`, `table_row`, `list_item`):
# code and command lines: a prompt or a statement keyword at the start, or code punctuation
# at the end or around operators;
CODE_LINE = re.compile(
    r"^(?:\$ |# |> |>>> |\.\.\. |sudo |pip3? |npm |yarn |git |apt(?:-get)? |brew |docker |kubectl |curl |wget |"
    r"cd |ls |mkdir |cp |mv |rm |chmod |export |echo |cat |python3? |node |java |go |cargo |make\b|"
    r"#include|#define|import |from [\w.]+ import |def |class |function\b|fn |func |pub |public |private |"
    r"static |const |let |var |return\b|if ?\(|for ?\(|while ?\(|else\b|elif |try:|except\b|"
    r"select |insert into |update \w+ set |create table |<\??[a-z!/][\w:-]*[ >]|[\w.]+\(.*\);?$|[{}]$)"
    r"|(?:[;{}]|\):|\) \{|=>|->)$|\w(?: ?[!=<>+*/-]?= ?| :?= )\S",
)
# a quantity or measurement leading a short line (ingredients, specs: "2 cups flour",
# "½ tsp salt", "0.091 GB/s", "16 GB RAM");
QUANTITY_LINE = re.compile(r"^[-+~≈]?(?:\d[\d.,/]*|[½¼¾⅓⅔⅛])\s*(?:[-–]\s*\d[\d.,/]*\s*)?[a-zA-Zµ%°\"'(]")
# a table row with its cells joined by tabs or bars ("Tier | Price | Users");
TABLE_ROW = re.compile(r"^[^|\t]+(?:\t|\s\|\s)[^|\t]+(?:(?:\t|\s\|\s)[^|\t]*)*$")
# a question or answer line of a Q&A ("Q: ...", "A.", "Question 3:").
QA_LINE = re.compile(r"^(?:Q|A|Q\d{1,3}|Question \d{1,3}|Answer)\s*[:.)]\s", re.I)
# At least this many consecutive lines with the same number of " | " are a table, not breadcrumbs.
TABLE_MIN_BAR_ROWS = 3
# Structured lines this short or shorter are looked at; longer lines are prose or furniture.
STRUCTURED_MAX_CHARS = 160
# Between two prose runs, at most this many structured lines (a code block, an ingredient
# list, a table) are crossed by the region, on top of BRIDGE_MAX_GAP other short lines.
STRUCTURED_MAX_RUN = 60
# A page without any prose run keeps its densest block of unexplained, non-link lines
# (a recipe, a reference or settings page) when it holds at least this many characters.
FALLBACK_MIN_CHARS = 150
TERMINAL = frozenset('.!?。！？…:;"”’»)')
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Characters that `flows.clean.assemble.normalize_line` would rewrite; lines without them or a double
# space (and already NFC) only need a strip. A bare character class: an alternation with
# " {2}" makes `re` try both at every position, three times slower.
ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200d\u202f\u205f\u3000\u2060\ufeff\t\f\v\r\n]")
WORD_STRIP = "\"'“”‘’«»()[]{},.;:!?¿¡—–-…*•|/"
