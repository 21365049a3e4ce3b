"""Regex fragments and small word tables for the extractors (names of instruments are data:
instruments.yaml; names of bodies and plans are the graph's labels, data/names/).

Why apart from the extractors: the grammars (what a French article number looks like, which
name denotes which act) grow with every new source, while the code walking the matches does not;
ferenda keeps its `citationpatterns.py` apart for the same reason. Nothing here but tables and
compiled expressions.
"""

from __future__ import annotations

import re

from kg.ingest.extract.numbers import word_alternation

# --- characters -------------------------------------------------------------------------------
APOS = "['’]"
SPACE = r"[ \u00a0\u202f\u2009]"  # ordinary, no-break, narrow no-break and thin space
MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|januari|februari|april|maj|juni|juli|augusti|oktober|"
    "january|february|march|may|june|july|august|september|october|november|december"
)

# --- numbers ----------------------------------------------------------------------------------
# Thousands grouped by spaces, dots or commas (three-digit groups), or a plain/decimal number.
DIGITS = (
    rf"\d{{1,3}}(?:{SPACE}\d{{3}})+(?![\d.,]\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}(?!\d)"
    r"|\d{1,3}(?:,\d{3})+(?![\d.,]\d)"
    r"|\d+(?:[.,]\d+)?"
)
NUMBER_WORD = {lang: word_alternation((lang,)) for lang in ("fr", "sv", "en")}
ALL_NUMBER_WORDS = word_alternation()

# --- currencies -------------------------------------------------------------------------------
CURRENCIES: dict[str, str] = {
    "euro": "EUR", "euros": "EUR", "€": "EUR", "eur": "EUR",
    "f": "FRF", "ff": "FRF", "franc": "FRF", "francs": "FRF", "frf": "FRF",
    "kr": "SEK", "kronor": "SEK", "sek": "SEK",
    "£": "GBP", "pounds": "GBP", "gbp": "GBP",
}  # fmt: skip
FR_CURRENCY = r"(?:euros?|Euros?|EUR|€|francs|FF|F)(?![\w])"

# --- instruments ---------------------------------------------------------------------------------
# Names of codes, laws, Acts and conventions are data: kg/ingest/extract/instruments.yaml.
FR_TEXT_KINDS: dict[str, str] = {"loi": "loi", "ordonnance": "ordonnance", "décret": "decret"}

# --- instruments: United Kingdom (legislation.gov.uk type/year/number) -------------------------
# Any other short title: capitalised words ending in Act/Order/Measure and a year.
UK_TITLE_WORD = r"(?:[A-Z][A-Za-z'’-]*|\([A-Z][A-Za-z ]+\)|and|of|the|for|to|in|on|with)"
UK_GENERIC_TITLE = (
    rf"[A-Z][A-Za-z'’-]*(?:\s+{UK_TITLE_WORD}){{0,14}}?\s+(?:Act|Order|Measure)"
    r"(?:\s+\((?:Northern\s+Ireland|Scotland|Wales)\))?\s+(?:1[89]|20)\d\d\b"
)
UK_TITLE_LEADING_NOISE = re.compile(
    r"^(?:(?:The|the|Under|In|By|See|Since|From|After|Before|Both|And|Of|Section|Part|Schedule)\s+)+"
)

# --- instruments: EU and Council of Europe ------------------------------------------------------
EU_DIRECTIVE = (
    r"\b(?:[Dd]irective|[Dd]irektiv(?:et)?|[Dd]irectiva)\s+(?:\((?:UE|EU|CE|EC|EG)\)\s+)?"
    r"(?:(?:n[°º]|No\.?|nr)\s*)?(?P<year>(?:19|20)\d\d)/(?P<num>\d+)"
    r"(?:/(?:UE|EU|CE|EC|EG|CEE|EEC|EEG|JAI|JHA))?\b"
)
EU_REGULATION = (
    r"\b(?:[Rr]egulation|[Rr]èglement|[Ff]örordning(?:en)?)\s+\((?:UE|EU|CE|EC|EG)\)\s+"
    r"(?:(?:n[°º]|No\.?|nr)\s*)?(?:(?P<year>(?:19|20)\d\d)/(?P<num>\d+)|(?P<onum>\d+)/(?P<oyear>(?:19|20)\d\d))\b"
)
EU_FRAMEWORK_DECISION = (
    r"\b(?:(?:Council\s+)?[Ff]ramework\s+[Dd]ecision|[Dd]écision[- ]cadre(?:\s+du\s+Conseil)?"
    r"|(?:[Rr]ådets\s+)?[Rr]ambeslut(?:et)?)\s+(?:(?:No\.?|n[°º]|nr)\s*)?"
    r"(?P<year>(?:19|20)\d\d)/(?P<num>\d+)(?:/(?:JHA|JAI|RIF))?\b"
)
COE_TREATY_NUMBER = r"\b(?:STCE|CETS|ETS|STE)\s*(?:n[°º]|No\.?|nr)?\s*(?P<num>\d{1,3})\b"

# --- provisions ---------------------------------------------------------------------------------
FR_ARTICLE_NUMBER = (
    r"(?:(?:LO|L|R|D|A)\.?\s?(?=\*?\d))?\*?\d+(?:-\d+)*[A-Z]?"
    r"(?:\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?\b|1er\b|premier\b"
)
# A number may carry a pinpoint: "225-7 (1°)". Lists are capped at 31 numbers: real ones are
# short, and the cap keeps matching linear.
FR_ARTICLE_ITEM = rf"(?:{FR_ARTICLE_NUMBER})(?:\s*\(\s*\d+°\s*\))?"
ARTICLE_LIST = (
    rf"{FR_ARTICLE_ITEM}(?:(?:\s*,\s*|\s+(?:et|ou|à|and|or|to)\s+){FR_ARTICLE_ITEM}){{0,30}}"
)
UK_SECTION_NUMBER = r"\d+[A-Z]{0,2}(?:\(\w{1,4}\))*"
SECTION_LIST = rf"{UK_SECTION_NUMBER}(?:(?:\s*,\s*|\s+(?:and|or|to)\s+){UK_SECTION_NUMBER}){{0,30}}"
SE_PAR_NUMBER = r"\d+(?:\s?[a-z]\b)?"
SE_PAR_LIST = (
    rf"{SE_PAR_NUMBER}(?:(?:\s*,\s*|\s*[–-]\s*|\s+(?:och|eller|till)\s+){SE_PAR_NUMBER}){{0,30}}"
)
SE_CHAPTER = r"\d+\s?[a-z]?\s*kap\."
SE_STYCKE = (
    r"(?:första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde|sista)\s+stycket"
)

# A provision and the instrument it belongs to are joined by one of these.
CONNECTOR = re.compile(
    r"(?:\s*,?\s+(?:(?:du|de\s+la|des|de|of\s+the|of|to\s+the|to|in\s+the|i)(?!\w)|de\s+l['’]|d['’])"
    r"\s*|\s+)"
)
# A connector that names another instrument ("of the", "du", "de la"), not just a space.
NAMING_CONNECTOR = re.compile(
    r"\s*,?\s+(?:of\s+the|of|to\s+the|in\s+the|du|de\s+la|de\s+l['’]|des|de|d['’])(?!\w)\s*"
)

# --- figures ------------------------------------------------------------------------------------
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "more-than": (
        "plus de", "plus d'", "plus d’", "au moins", "au-delà de", "davantage que",
        "fler än", "mer än", "över", "drygt", "minst",
        "more than", "over", "in excess of", "at least", "upwards of",
    ),
    "less-than": (
        "moins de", "moins d'", "moins d’", "fewer than", "less than", "under", "below",
        "färre än", "mindre än", "understiger",
    ),
    "up-to": ("jusqu'à", "jusqu’à", "jusqu'a", "up to", "upp till", "upp mot", "upp emot"),
    "about": (
        "environ", "près de", "presque", "quelque", "approximativement", "de l'ordre de",
        "de l’ordre de", "autour de", "omkring", "cirka", "ca", "ungefär", "runt", "nästan",
        "kring", "around", "about", "approximately", "some", "nearly", "almost", "roughly",
    ),
}  # fmt: skip
# Nouns and verbs of change, followed by "de", "of", "by", "med", "på" and the number.
INCREASE_WORDS = (
    "augmentation", "hausse", "progression", "croissance", "accroissement", "increase", "rise",
    "growth", "ökning", "ökningen", "uppgång",
    "augmenté", "augmente", "augmentent", "augmenter", "progressé", "progresse",
    "increased", "increases", "rose", "risen", "grew", "grown",
    "öka", "ökar", "ökade", "ökat", "höjs", "höjdes", "höja", "höjer", "höjt",
)  # fmt: skip
DECREASE_WORDS = (
    "baisse", "diminution", "recul", "decrease", "fall", "drop", "decline", "minskning",
    "minskningen",
    "baissé", "baisse", "diminué", "diminue", "reculé", "decreased", "decreases", "fell",
    "fallen", "dropped", "declined", "minska", "minskar", "minskade", "minskat", "sänks",
    "sänktes", "sänka",
)  # fmt: skip
# Approximate counts in words: "une soixantaine de personnes", "ett sextiotal personer".
APPROXIMATE_COUNTS: dict[str, int] = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
    "tiotal": 10, "tjugotal": 20, "trettiotal": 30, "fyrtiotal": 40, "femtiotal": 50,
    "sextiotal": 60, "sjuttiotal": 70, "åttiotal": 80, "nittiotal": 90, "hundratal": 100,
}  # fmt: skip
# A number followed by one of these is a duration, an age or a time, not a count.
TIME_UNITS = (
    "an", "ans", "année", "années", "år", "året", "åren", "års", "year", "years", "yrs",
    "mois", "month", "months", "månad", "månader", "månaders", "jour", "jours", "day", "days",
    "dag", "dagar", "dagars", "semaine", "semaines", "week", "weeks", "vecka", "veckor",
    "heure", "heures", "hour", "hours", "timme", "timmar", "minute", "minutes", "minut",
    "minuter", "h",
)  # fmt: skip
PERCENT_WORDS = ("%", "pour cent", "pourcent", "procent", "per cent", "percent")
MULTIPLIERS: dict[str, int] = {
    "million": 10**6, "millions": 10**6, "miljon": 10**6, "miljoner": 10**6,
    "milliard": 10**9, "milliards": 10**9, "miljard": 10**9, "miljarder": 10**9,
    "billion": 10**9, "billions": 10**9, "thousand": 1000, "millier": 1000, "milliers": 1000,
}  # fmt: skip
# Words after a number that say it is not a count (a time, an ordinal, a clause number…).
NOT_A_UNIT = (
    "et", "ou", "de", "des", "du", "à", "en", "le", "la", "les", "au", "aux", "par", "sur",
    "and", "or", "of", "the", "to", "in", "on", "by", "for", "och", "eller", "i", "på", "till",
    "av", "om", "för", "som", "med", "er", "ère", "re", "e", "ème", "kap", "st", "nd", "rd", "th",
    "para", "paras", "sch", "reg", "regs", "art", "arts", "ch", "bis", "ter", "quater", "juncto",
    "mer", "mot", "with", "inom", "under", "över", "from", "at", "per", "than", "que", "qui",
    "pour", "avec", "sans", "dans", "vers", "into", "är", "var", "is", "was", "were", "are",
    "heures", "heure", "h", "hours", "hour", "timmar", "minutes", "min", "px", "pt", "em",
    "men", "but", "mais",
)  # fmt: skip
# Words right before a number that make it a reference, not a figure.
REFERENCE_WORDS = (
    "n°", "nº", "no", "nr", "no.", "nr.", "numéro", "number", "article", "articles", "art.",
    "section", "sections", "s.", "ss.", "§", "§§", "kap.", "chapitre", "chapter", "page", "pages",
    "p.", "pp.", "alinéa", "al.", "loi", "décret", "question", "sfs", "prop.", "annexe",
    "schedule", "paragraph", "para.", "sida", "punkt", "stycket", "titre", "livre", "part",
    "sch.", "reg.", "regs.", "c.", "ch.", "ändr.", "nya", "ny", "upph.", "rskr", "bet.", "tome",
    "subsection", "subsections", "asp", "quarter", "kvartal", "trimestre", "anf.",
    "utgiftsområde", "anslagspost", "anslaget", "anslag", "avsnitt", "kapitel", "bilaga",
    "lägesrapport", "rapport", "tome",
)  # fmt: skip
ATTRIBUTION_VERBS = (
    # fr
    "évoquent", "évoque", "estiment", "estime", "situent", "situe", "indiquent", "indique",
    "recensent", "recense", "dénombrent", "dénombre", "chiffrent", "chiffre", "avancent",
    "avance", "rapportent", "rapporte", "signalent", "signale", "montrent", "montre",
    "affirment", "affirme", "font état", "fait état", "comptabilisent", "comptabilise",
    "relèvent", "relève", "révèlent", "révèle", "soulignent", "souligne",
    # sv
    "uppger", "bedömer", "uppskattar", "visar", "rapporterar", "anger", "redovisar",
    "konstaterar", "pekar på", "beräknar",
    # en
    "estimates", "estimate", "estimated", "reports", "reported", "report", "shows", "show",
    "showed", "indicates", "indicate", "suggests", "suggest", "records", "recorded", "says",
    "said", "found", "identified", "identifies", "states", "stated",
)  # fmt: skip
ATTRIBUTION_PREPOSITIONS = ("selon", "d'après", "d’après", "enligt", "according to")
# Where an attribution after "selon/enligt/according to" stops.
ATTRIBUTION_STOP = (
    "har", "hade", "är", "var", "finns", "fanns", "uppgår", "uppgick", "det", "were", "was",
    "are", "is", "has", "have", "had", "there", "est", "sont", "a", "ont", "il", "on", "y",
    "estime", "estiment", "indique", "indiquent",
)  # fmt: skip
CLAUSE_OPENERS = (
    "tandis que", "alors que", "mais", "et que", "whereas", "while", "but", "medan", "men",
    "och att",
)  # fmt: skip

# --- questions ----------------------------------------------------------------------------------
INDIRECT_QUESTION_TRIGGERS = (
    # fr
    "souhaiterait savoir", "souhaite savoir", "aimerait savoir", "voudrait savoir",
    "désire savoir", "souhaiterait connaître", "souhaite connaître", "aimerait connaître",
    "voudrait connaître", "lui demande", "leur demande", "demande de bien vouloir",
    "demande au gouvernement", "demande à m", "demande à mme", "la prie de", "le prie de",
    "l'interroge", "l’interroge", "souhaite obtenir", "souhaiterait obtenir",
    # sv
    "vill jag fråga", "jag vill fråga", "vill fråga", "vill veta", "frågar",
    # en
    "to ask the", "to ask his majesty", "to ask her majesty", "asks the", "would like to know",
    "wishes to know", "whether the government",
)  # fmt: skip
ABBREVIATIONS = (
    "M.", "MM.", "Mme.", "Mmes.", "Mlle.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "art.", "arts.",
    "n°.", "no.", "No.", "nr.", "p.", "pp.", "kap.", "s.", "ss.", "cf.", "etc.", "e.g.", "i.e.",
    "ex.", "bl.a.", "t.ex.", "m.m.", "jfr.", "prop.", "al.", "C.", "pén.", "pr.", "L.", "R.",
    "D.", "Art.", "Prop.", "vol.", "op.", "cit.",
)  # fmt: skip


def words_pattern(words: tuple[str, ...] | list[str]) -> str:
    """An alternation of literal phrases, longest first, flexible spaces and apostrophes."""
    ordered = sorted(set(words), key=len, reverse=True)
    escaped = (re.escape(w).replace(r"\ ", r"\s+").replace("'", APOS) for w in ordered)
    return "|".join(escaped)
