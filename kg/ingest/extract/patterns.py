"""Regex fragments and name tables for the extractors, kept as data.

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

# --- instruments: France ----------------------------------------------------------------------
FR_CODES: dict[str, str] = {
    "code pénal": "fr/code-penal",
    "code de procédure pénale": "fr/code-procedure-penale",
    "code de l'action sociale et des familles": "fr/code-action-sociale-familles",
    "code civil": "fr/code-civil",
    "code de l'éducation": "fr/code-education",
    "code de la santé publique": "fr/code-sante-publique",
    "code du travail": "fr/code-travail",
    "code de la sécurité intérieure": "fr/code-securite-interieure",
    "code de la justice pénale des mineurs": "fr/code-justice-penale-mineurs",
    "code de l'entrée et du séjour des étrangers et du droit d'asile": "fr/code-entree-sejour-etrangers-droit-asile",
    "code des postes et des communications électroniques": "fr/code-postes-communications-electroniques",
}
# Abbreviations are only trusted right after a provision ("art. 225-12-1 CP"): alone, "CP" is
# as often the first year of primary school.
FR_CODE_ABBREVIATIONS: dict[str, str] = {
    "CP": "fr/code-penal",
    "C. pén.": "fr/code-penal",
    "CPP": "fr/code-procedure-penale",
    "C. pr. pén.": "fr/code-procedure-penale",
    "CASF": "fr/code-action-sociale-familles",
    "CSP": "fr/code-sante-publique",
    "CESEDA": "fr/code-entree-sejour-etrangers-droit-asile",
    "CJPM": "fr/code-justice-penale-mineurs",
}
FR_TEXT_KINDS: dict[str, str] = {"loi": "loi", "ordonnance": "ordonnance", "décret": "decret"}

# --- instruments: Sweden (SFS numbers) --------------------------------------------------------
# A bare name means the act currently known by it; an explicit "(2001:453)" always wins.
SE_LAWS: dict[str, str] = {
    "brottsbalken": "1962:700",
    "brottsbalk": "1962:700",
    "rättegångsbalken": "1942:740",
    "föräldrabalken": "1949:381",
    "socialtjänstlagen": "2001:453",
    "offentlighets- och sekretesslagen": "2009:400",
    "skollagen": "2010:800",
    "utlänningslagen": "2005:716",
    "polislagen": "1984:387",
    "lagen med särskilda bestämmelser om vård av unga": "1990:52",
    "lagen om förbud mot köp av sexuella tjänster": "1998:408",
}
SE_ABBREVIATIONS: dict[str, str] = {
    "BrB": "1962:700",
    "RB": "1942:740",
    "FB": "1949:381",
    "SoL": "2001:453",
    "LVU": "1990:52",
    "OSL": "2009:400",
}
# The rest of a title that follows "lagen (1990:52)": the span takes it in when it is there.
SE_TITLE_TAILS: dict[str, str] = {
    "1990:52": "med särskilda bestämmelser om vård av unga",
    "1998:408": "om förbud mot köp av sexuella tjänster",
}

# --- instruments: United Kingdom (legislation.gov.uk type/year/number) -------------------------
UK_ACTS: dict[str, tuple[str, str]] = {
    "Sexual Offences Act 2003": ("uk/ukpga/2003/42", "UK-EW"),
    "Sexual Offences Act 1956": ("uk/ukpga/1956/69", "UK-EW"),
    "Modern Slavery Act 2015": ("uk/ukpga/2015/30", "UK-EW"),
    "Protection of Children Act 1978": ("uk/ukpga/1978/37", "UK-EW"),
    "Children Act 1989": ("uk/ukpga/1989/41", "UK-EW"),
    "Children Act 2004": ("uk/ukpga/2004/31", "UK-EW"),
    "Sentencing Act 2020": ("uk/ukpga/2020/17", "UK-EW"),
    "Serious Crime Act 2015": ("uk/ukpga/2015/9", "UK"),
    "Policing and Crime Act 2009": ("uk/ukpga/2009/26", "UK"),
    "Online Safety Act 2023": ("uk/ukpga/2023/50", "UK"),
    "Financial Services and Markets Act 2000": ("uk/ukpga/2000/8", "UK"),
    "Protection of Children and Prevention of Sexual Offences (Scotland) Act 2005": (
        "uk/asp/2005/9",
        "UK-SCT",
    ),
    "Sexual Offences (Scotland) Act 2009": ("uk/asp/2009/9", "UK-SCT"),
    "Human Trafficking and Exploitation (Scotland) Act 2015": ("uk/asp/2015/12", "UK-SCT"),
    "Sexual Offences (Northern Ireland) Order 2008": ("uk/nisi/2008/1769", "UK-NI"),
    "Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015": (
        "uk/nia/2015/2",
        "UK-NI",
    ),
}
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
COE_CONVENTIONS: dict[str, tuple[str, ...]] = {
    "coe/cets/201": (
        "Convention de Lanzarote",
        "Lanzarote Convention",
        "Lanzarotekonventionen",
        "Lanzarote-konventionen",
        "Convention du Conseil de l'Europe sur la protection des enfants contre l'exploitation et les abus sexuels",
        "Council of Europe Convention on the Protection of Children against Sexual Exploitation and Sexual Abuse",
        "Europarådets konvention om skydd för barn mot sexuell exploatering och sexuella övergrepp",
    ),
    "coe/cets/197": (
        "Convention de Varsovie",
        "Convention du Conseil de l'Europe sur la lutte contre la traite des êtres humains",
        "Council of Europe Convention on Action against Trafficking in Human Beings",
        "Europarådets konvention om bekämpande av människohandel",
    ),
    "coe/cets/185": (
        "Convention de Budapest",
        "Budapest Convention",
        "Convention on Cybercrime",
        "Convention sur la cybercriminalité",
    ),
    "coe/cets/210": (
        "Convention d'Istanbul",
        "Istanbul Convention",
        "Istanbulkonventionen",
    ),
}
COE_TREATY_NUMBER = r"\b(?:STCE|CETS|ETS|STE)\s*(?:n[°º]|No\.?|nr)?\s*(?P<num>\d{1,3})\b"

# --- provisions ---------------------------------------------------------------------------------
FR_ARTICLE_NUMBER = (
    r"(?:(?:LO|L|R|D|A)\.?\s?(?=\*?\d))?\*?\d+(?:-\d+)*[A-Z]?"
    r"(?:\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?\b|1er\b|premier\b"
)
# Lists are capped at 31 numbers: real ones are short, and the cap keeps matching linear.
ARTICLE_LIST = rf"(?:{FR_ARTICLE_NUMBER})(?:(?:\s*,\s*|\s+(?:et|ou|à|and|or|to)\s+)(?:{FR_ARTICLE_NUMBER})){{0,30}}"
UK_SECTION_NUMBER = r"\d+[A-Z]{0,2}(?:\(\w{1,4}\))*"
SECTION_LIST = rf"{UK_SECTION_NUMBER}(?:(?:\s*,\s*|\s+(?:and|or|to)\s+){UK_SECTION_NUMBER}){{0,30}}"
SE_PAR_NUMBER = r"\d+(?:\s?[a-z]\b)?"
SE_PAR_LIST = (
    rf"{SE_PAR_NUMBER}(?:(?:\s*,\s*|\s*[–-]\s*|\s+(?:och|eller|till)\s+){SE_PAR_NUMBER}){{0,30}}"
)
SE_CHAPTER = r"\d+\s?[a-z]?\s*kap\."

# A provision and the instrument it belongs to are joined by one of these.
CONNECTOR = re.compile(
    r"(?:\s*,?\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’]|of\s+the|of|to\s+the|in\s+the|i)\s*|\s+)"
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
INCREASE_WORDS = (
    "augmentation", "hausse", "progression", "croissance", "accroissement", "increase", "rise",
    "growth", "ökning", "ökningen", "uppgång",
)  # fmt: skip
DECREASE_WORDS = (
    "baisse", "diminution", "recul", "decrease", "fall", "drop", "decline", "minskning",
    "minskningen",
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
)  # fmt: skip
# Words right before a number that make it a reference, not a figure.
REFERENCE_WORDS = (
    "n°", "nº", "no", "nr", "no.", "nr.", "numéro", "number", "article", "articles", "art.",
    "section", "sections", "s.", "ss.", "§", "§§", "kap.", "chapitre", "chapter", "page", "pages",
    "p.", "pp.", "alinéa", "al.", "loi", "décret", "question", "sfs", "prop.", "annexe",
    "schedule", "paragraph", "para.", "sida", "punkt", "stycket", "titre", "livre", "part",
    "sch.", "reg.", "regs.", "c.", "ch.", "ändr.", "nya", "ny", "upph.", "rskr", "bet.", "tome",
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
