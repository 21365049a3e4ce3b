"""Assemblée nationale written questions → `Document` (type "parliamentary-question").

Four shapes of the same record, all giving the same metadata keys (METADATA_KEYS, None
when a shape does not carry the fact):
- an-question-text: the questions.assemblee-nationale.fr page saved as text/Markdown;
- an-question-html: the same page as HTML (reduced to text, then read as above, so the
  two cannot drift apart);
- an-question-xml: the legacy per-question XML (`<QUESTION TYPE="QE">`, 12th–14th leg.);
- an-question-json: the data.assemblee-nationale.fr open-data JSON (15th leg. onwards).

Offsets: `metadata["body_start"]/["body_end"]` delimit the question itself inside
`Document.text`, and `metadata["answer_start"]` (plus `answer_end` where the text has
more after it) the minister's answer, so extractors can tell who says what.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lxml import etree

from kg.errors import ParseError
from kg.ingest.extract.dates import find_dates
from kg.ingest.model import METADATA_KEYS, Document
from kg.ingest.parsers.decoding import decode_bytes
from kg.ingest.parsers.html import html_fragment_to_text, html_to_text, parse_html_tree
from kg.ingest.parsers.language import detect
from kg.ingest.parsers.registry import register
from kg.ingest.parsers.text import guarded, load_json, strip_inline_tags, strip_markdown_links
from kg.locale import mark

QUESTION_TYPE = "parliamentary-question"

_SLASHED_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _metadata() -> dict[str, Any]:
    """Every METADATA_KEYS key present, so consumers never need `.get` guesses."""
    return dict.fromkeys(METADATA_KEYS)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def french_date(text: str) -> str | None:
    """ISO date of the first written date ("14 avril 2026", "1er mai 2026") in `text`."""
    found = find_dates(text)
    return found[0].value if found else None


def slashed_date(text: str | None) -> str | None:
    """ISO date from the legacy XML's dd/mm/yyyy; None when empty or invalid."""
    match = _SLASHED_DATE.match(text or "")
    if not match:
        return None
    return _iso(int(match.group(3)), int(match.group(2)), int(match.group(1)))


def iso_date(value: Any) -> str | None:
    """yyyy-mm-dd from an open-data date ("2026-04-14", "2026-04-14+02:00",
    "2026-04-14T00:00:00"), validated; None otherwise."""
    if not isinstance(value, str):
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T+\-Z ])", value.strip())
    return _iso(*(int(part) for part in match.groups())) if match else None


# =========================================================================== text / HTML

_LABELS = {
    "auteur": "author",
    "circonscription": "constituency",
    "type de question": "question_type",
    "numéro de la question": "number",
    "rubrique": "rubric",
    "tête d'analyse": "tete_analyse",
    "analyse": "analyse",
    "ministère interrogé": "ministry",
    "ministère attributaire": "answering_ministry",
    "question publiée au jo le": "published",
    "réponse publiée au jo le": "answered",
}
_FIELD = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?[ \t]*(?P<label>"
    + "|".join(re.escape(label).replace("'", "['’]") for label in _LABELS)
    + r")[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(?P<value>.*)$",
    re.M | re.I,
)
_NUMBER_LINE = re.compile(
    r"^[#\s]*Question (?:écrite|orale[^\n]*?|au gouvernement) n°\s*(\d+)\s*$", re.M | re.I
)
_LEGISLATURE = re.compile(r"(\d+)\s*(?:e|è|ème|eme)\s+législature", re.I)
_QUESTION_HEADING = re.compile(r"^[#\s]*Texte de la question[ \t]*:?[ \t]*$", re.M | re.I)
_ANSWER_HEADING = re.compile(r"^[#\s]*Texte de la réponse[ \t]*:?[ \t]*$", re.M | re.I)
_SECTION = re.compile(
    r"^[ \t]*(?:#+[ \t]|Texte de la (?:question|réponse)\b|Données clés\b|Date\(s\) clé\(s\)"
    r"|Question publiée au JO\b|Réponse publiée au JO\b|\*\*Auteur\b|Auteur[ \t]*:)",
    re.M | re.I,
)
_BOILERPLATE = re.compile(r"^(?:assemblée nationale|\d+\s*(?:e|è|ème)\s+législature)$", re.I)
_CONSTITUENCY = re.compile(
    r"^(?P<place>.*?\(\s*\d+\s*(?:re|er|e|ème)\s+circonscription\s*\))\s*[-–—]\s*(?P<group>.+)$"
)
_AUTHOR_IN_BODY = re.compile(
    r"^((?:M\.|Mme|Mlle)\s+[^\s].{0,80}?)\s+(?:attire|interroge|appelle|alerte|demande|souhaite)\b"
)


def question_from_text(raw: str, name: str, source_format: str) -> Document:
    """Read an AN question page already reduced to text (Markdown or HTML-derived)."""
    text = strip_inline_tags(strip_markdown_links(raw)).strip()
    fields = _fields(text)
    metadata = _metadata()
    body = _section(text, _QUESTION_HEADING)
    answer = _section(text, _ANSWER_HEADING)
    number_line = _NUMBER_LINE.search(text)
    metadata["number"] = fields.get("number") or (number_line.group(1) if number_line else None)
    if body is None and metadata["number"] is None:
        raise ParseError(
            mark("{name}: not an AN question page (no number, no 'Texte de la question')"),
            name=name,
        )
    _constituency_and_group(fields.get("constituency"), metadata)
    published = fields.get("published") or ""
    answered = fields.get("answered") or ""
    legislature = _LEGISLATURE.search(text)
    metadata.update(
        author=_clean(fields.get("author")) or _author_from_body(text, body),
        ministry=_clean(fields.get("ministry")),
        answering_ministry=_clean(fields.get("answering_ministry")),
        rubric=_clean(fields.get("rubric")),
        published=french_date(published),
        page=_page(published),
        answered=french_date(answered),
        legislature=legislature.group(1) if legislature else None,
        question_type=_question_code(fields.get("question_type")),
        tete_analyse=_clean(fields.get("tete_analyse")),
        body_start=body[0] if body else None,
        body_end=body[1] if body else None,
        answer_start=answer[0] if answer else None,
        answer_end=answer[1] if answer else None,
        answer_page=_page(answered),
    )
    language = detect(text[body[0] : body[1]]) if body else None
    return Document(
        text=text,
        type=QUESTION_TYPE,
        language=language or "fr",
        title=_title(text, number_line),
        source_format=source_format,
        metadata=metadata,
    )


def _fields(text: str) -> dict[str, str]:
    """The "Label : value" facts of the "Données clés" block. A value may sit on the next
    line (HTML <dt>/<dd> lists become two lines), and the first occurrence wins."""
    found: dict[str, str] = {}
    for match in _FIELD.finditer(text):
        key = _LABELS[match.group("label").lower().replace("’", "'")]
        value = match.group("value").strip(" \t*_")
        if not value:
            value = _next_line(text, match.end())
        if key not in found and value:
            found[key] = value
    return found


def _next_line(text: str, position: int) -> str:
    """The next non-empty line after `position`, unless it is itself a label."""
    for line in text[position:].split("\n")[1:6]:
        stripped = line.strip(" \t*_")
        if stripped:
            return "" if _FIELD.match(line) or _SECTION.match(line) else stripped
    return ""


def _section(text: str, heading: re.Pattern[str]) -> tuple[int, int] | None:
    """Offsets of the prose under `heading`, up to the next section, trimmed."""
    match = heading.search(text)
    if not match:
        return None
    start = match.end()
    following = _SECTION.search(text, start)
    end = following.start() if following else len(text)
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    begin = start + chunk.index(stripped)
    return begin, begin + len(stripped)


def _constituency_and_group(value: str | None, metadata: dict[str, Any]) -> None:
    """Split "Pyrénées-Orientales (1re circonscription) - Rassemblement National" in two."""
    value = _clean(value)
    if not value:
        return
    match = _CONSTITUENCY.match(value)
    if match:
        metadata["constituency"] = match.group("place").strip()
        metadata["group"] = match.group("group").strip()
    elif " - " in value:
        place, _, group = value.rpartition(" - ")
        metadata["constituency"], metadata["group"] = place.strip(), group.strip()
    else:
        metadata["constituency"] = value


def _author_from_body(text: str, body: tuple[int, int] | None) -> str | None:
    """The author named at the start of the body ("Mme Sophie Blanc attire l'attention…"):
    every AN question opens so, which fills the gap when a shape has no name field."""
    if not body:
        return None
    match = _AUTHOR_IN_BODY.match(text[body[0] : body[1]])
    return match.group(1) if match else None


_QUESTION_CODES = {
    "question écrite": "QE",
    "question orale sans débat": "QOSD",
    "question au gouvernement": "QG",
}


def _question_code(label: str | None) -> str | None:
    """The page's "Question écrite" as the open-data/XML code "QE", so shapes agree."""
    cleaned = _clean(label)
    if cleaned is None:
        return None
    return _QUESTION_CODES.get(cleaned.lower(), cleaned)


def _title(text: str, number_line: re.Match[str] | None) -> str | None:
    """The page's heading: the line just above "Question écrite n° …", skipping the
    house and legislature banners; else the first Markdown heading that is not one."""
    if number_line:
        for line in reversed(text[: number_line.start()].split("\n")):
            candidate = line.strip().lstrip("#").strip()
            if candidate and not _BOILERPLATE.match(candidate):
                return candidate
    for match in re.finditer(r"^#+[ \t]+(.+)$", text, re.M):
        candidate = match.group(1).strip()
        if not _BOILERPLATE.match(candidate) and not _SECTION.match(candidate):
            return candidate
    return None


def _page(value: str) -> str | None:
    match = re.search(r"page\s+(\d+)", value, re.I)
    return match.group(1) if match else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = re.sub(r"\s+", " ", value.replace("\xa0", " ")).strip(" \t*_")
    return cleaned or None


@register("an-question-text")
def parse_question_text(data: bytes, name: str) -> Document:
    """An AN question page saved as text or Markdown (seed 003)."""
    return guarded(
        name, lambda: question_from_text(decode_bytes(data, name), name, "an-question-text")
    )


@register("an-question-html")
def parse_question_html(data: bytes, name: str) -> Document:
    """The AN question page as HTML: visible text first, then the text reader."""

    def run() -> Document:
        root = parse_html_tree(data, name)
        return question_from_text(html_to_text(root), name, "an-question-html")

    return guarded(name, run)


# =========================================================================== legacy XML


def _xml_parser() -> etree.XMLParser:
    """No DTDs, no entities, no network: the input is untrusted (XXE, billion laughs)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _text(element: etree._Element | None, path: str | None = None) -> str | None:
    """Stripped text of `element` (or of its child at `path`); None when absent or empty."""
    if element is not None and path is not None:
        element = element.find(path)
    if element is None:
        return None
    value = "".join(element.itertext()).strip()
    return value or None


def _attribute(element: etree._Element | None, attribute: str) -> str | None:
    if element is None:
        return None
    value = (element.get(attribute) or "").strip()
    return value or None


def _ordinal_constituency(department: str | None, number: str | None) -> str | None:
    """The constituency in the AN site's own wording: "Haute-Marne (2e circonscription)"."""
    if not department:
        return None
    if not number or not number.strip().isdigit():
        return department
    ordinal = "1re" if int(number) == 1 else f"{int(number)}e"
    return f"{department} ({ordinal} circonscription)"


def _last_order(parent: etree._Element | None) -> etree._Element | None:
    """The most recent ORDRE (highest NUMERO) of a MINA history."""
    if parent is None:
        return None
    orders = parent.findall("ORDRE")
    if not orders:
        return None

    def rank(pair: tuple[int, etree._Element]) -> tuple[int, int]:
        index, order = pair
        number = (order.get("NUMERO") or "").strip()
        return (int(number) if number.isdigit() else -1, index)

    return max(enumerate(orders), key=rank)[1]


def _markup_to_text(value: str | None) -> str:
    """Answer/question CDATA may hold HTML (tables, <br>); plain text passes through."""
    if not value:
        return ""
    if re.search(r"</?[A-Za-z!][^>]*>|&#?\w+;", value):
        return html_fragment_to_text(value)
    return re.sub(r"[^\S\n]+", " ", value).strip()


def join_answer(question: str, answer: str) -> tuple[str, int | None]:
    """Question, blank line, "Réponse", answer; and where the answer starts."""
    if not answer:
        return question, None
    prefix = f"{question}\n\nRéponse\n"
    return prefix + answer, len(prefix)


def _question_from_xml(root: etree._Element, name: str) -> Document:
    if root.tag != "QUESTION":
        raise ParseError(
            mark("{name}: root element is <{tag}>, not <QUESTION>"), name=name, tag=root.tag
        )
    filing = root.find("DEPOT[@NUMERO]")
    if filing is None:
        filing = root.find("DEPOT")
    question = _markup_to_text(_text(root, "DEPOT/TEXTE_DEPOT"))
    if not question:
        raise ParseError(
            mark("{name}: no question text (DEPOT/TEXTE_DEPOT is missing or empty)"), name=name
        )
    answer = _markup_to_text(_text(root, "REPONSE/TEXTE_REPONSE"))
    text, answer_start = join_answer(question, answer)
    author = root.find("AUTEUR")
    mini = root.find("MINI")
    answering = _last_order(root.find("MINA"))
    indexation = root.find("INDEXATION_AN")
    metadata = _metadata()
    metadata.update(
        number=_attribute(filing, "NUMERO"),
        author=" ".join(
            part for part in (_text(author, p) for p in ("CIVILITE", "PRENOM", "NOM")) if part
        )
        or None,
        author_ref=_text(author, "ID_ACTEUR"),
        group=_text(root, "GROUPE/LIBELLE"),
        group_abbreviation=_attribute(root.find("GROUPE"), "SIGLE"),
        constituency=_ordinal_constituency(
            _text(root, "CIRCONSCRIPTION/DEPARTEMENT"),
            _attribute(root.find("CIRCONSCRIPTION"), "NUMERO_CIRCONSCRIPTION"),
        ),
        ministry=_text(mini, "ABREGE") or _text(mini, "DEVELOPPE"),
        ministry_full=_text(mini, "DEVELOPPE"),
        answering_ministry=_text(answering, "ABREGE") or _text(answering, "DEVELOPPE"),
        answering_ministry_full=_text(answering, "DEVELOPPE"),
        published=slashed_date(_text(filing, "DATE_JO")),
        page=_text(filing, "PAGE_JO"),
        rubric=_attribute(indexation, "RUBRIQUE"),
        tete_analyse=_text(indexation, "TETE_ANALYSE"),
        analyses=[_text(ana) for ana in root.iterfind("INDEXATION_AN/ANALYSE/ANA") if _text(ana)],
        legislature=_text(root, "LEGISLATURE"),
        question_type=root.get("TYPE"),
        status=_text(root, "CLOTURE/LIBELLE"),
        answered=slashed_date(_text(root, "REPONSE/DATE_JO_REPONSE")) if answer else None,
        answer_page=_text(root, "REPONSE/PAGE_JO_REPONSE") if answer else None,
        body_start=0,
        body_end=len(question),
        answer_start=answer_start,
    )
    return Document(
        text=text,
        type=QUESTION_TYPE,
        language=detect(question) or "fr",
        title=None,  # the legacy XML has no title; rubric/tete_analyse/analyses describe it
        source_format="an-question-xml",
        metadata=metadata,
    )


@register("an-question-xml")
def parse_question_xml(data: bytes, name: str) -> Document:
    """Legacy AN per-question XML (SOURCES.md §1)."""

    def run() -> Document:
        if not data or not data.strip():
            raise ParseError(mark("{name}: empty input"), name=name)
        try:
            root = etree.fromstring(data, parser=_xml_parser())
        except etree.XMLSyntaxError as error:
            raise ParseError(
                mark("{name}: malformed or truncated XML ({error})"), name=name, error=error
            ) from error
        if root is None:
            raise ParseError(mark("{name}: no XML root element"), name=name)
        return _question_from_xml(root, name)

    return guarded(name, run)


# =========================================================================== open-data JSON


def _many(value: Any) -> list[Any]:
    """Open-data JSON writes one child as an object and several as a list: always a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _one(value: Any) -> Any:
    items = _many(value)
    return items[0] if items else None


def _get(value: Any, *path: str) -> Any:
    """value[path[0]][path[1]]…, None as soon as a step is missing or not an object."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _scalar(value: Any) -> str | None:
    """A string field; XML-converted nulls ({"@xsi:nil": "true"}) and blanks are None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def _names(value: Any) -> tuple[str | None, str | None]:
    """(abrege, developpe) of a ministry or group, written directly or under
    `denomination`/`organe` depending on the export's vintage."""
    for candidate in (value, _get(value, "denomination"), _get(value, "organe")):
        short, full = _scalar(_get(candidate, "abrege")), _scalar(_get(candidate, "developpe"))
        if short or full:
            return short, full
    return None, None


def _author_name(identity: Any) -> str | None:
    """The open data gives only an acteurRef; a name is used if an export adds one."""
    parts = [_scalar(_get(identity, key)) for key in ("civ", "civilite", "prenom", "nom")]
    joined = " ".join(part for part in parts if part)
    return joined or None


def _question_from_json(value: Any, name: str) -> Document:
    question = value.get("question", value) if isinstance(value, dict) else None
    if not isinstance(question, dict):
        raise ParseError(mark("{name}: expected a JSON object with a 'question' member"), name=name)
    asked = _one(_get(question, "textesQuestion", "texteQuestion"))
    body = _markup_to_text(_scalar(_get(asked, "texte")))
    if not body:
        raise ParseError(
            mark("{name}: no question text (textesQuestion.texteQuestion.texte)"), name=name
        )
    answers = _many(_get(question, "textesReponse", "texteReponse"))
    answer = "\n\n".join(
        part for part in (_markup_to_text(_scalar(_get(item, "texte"))) for item in answers) if part
    )
    text, answer_start = join_answer(body, answer)
    first_answer = answers[0] if answers else None
    auteur = _get(question, "auteur")
    group_short, group_full = _names(_get(auteur, "groupe"))
    ministry_short, ministry_full = _names(_get(question, "minInt"))
    attributions = _many(_get(question, "minAttribs", "minAttrib"))
    answering_short, answering_full = _names(attributions[-1] if attributions else None)
    analysis_values = _many(_get(question, "indexationAN", "analyses", "analyse"))
    analyses = [text for text in map(_scalar, analysis_values) if text]
    cloture = _get(question, "cloture")
    metadata = _metadata()
    metadata.update(
        uid=_scalar(_get(question, "uid")),
        number=_scalar(_get(question, "identifiant", "numero")),
        legislature=_scalar(_get(question, "identifiant", "legislature")),
        question_type=_scalar(_get(question, "type")),
        author=_author_name(_get(auteur, "identite")) or _author_from_body(body, (0, len(body))),
        author_ref=_scalar(_get(auteur, "identite", "acteurRef")),
        group=group_full or group_short,
        group_abbreviation=group_short,
        ministry=ministry_short or ministry_full,
        ministry_full=ministry_full,
        answering_ministry=answering_short or answering_full,
        answering_ministry_full=answering_full,
        rubric=_scalar(_get(question, "indexationAN", "rubrique")),
        tete_analyse=_scalar(_get(question, "indexationAN", "teteAnalyse")),
        analyses=analyses,
        published=iso_date(_get(asked, "infoJO", "dateJO")),
        page=_scalar(_get(asked, "infoJO", "pageJO")),
        answered=iso_date(_get(first_answer, "infoJO", "dateJO")) if answer else None,
        answer_page=_scalar(_get(first_answer, "infoJO", "pageJO")) if answer else None,
        status=_scalar(_get(cloture, "libelleCloture")),
        body_start=0,
        body_end=len(body),
        answer_start=answer_start,
    )
    return Document(
        text=text,
        type=QUESTION_TYPE,
        language=detect(body) or "fr",
        title=analyses[0] if analyses else None,  # since the 15th leg. the analyse is the title
        source_format="an-question-json",
        metadata=metadata,
    )


@register("an-question-json")
def parse_question_json(data: bytes, name: str) -> Document:
    """data.assemblee-nationale.fr open-data question JSON (schema in SOURCES.md §1)."""
    return guarded(name, lambda: _question_from_json(load_json(data, name), name))
