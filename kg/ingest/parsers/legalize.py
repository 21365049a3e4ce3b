"""Consolidated statutes as Markdown with front matter, one file per act or code (format
`legalize-md`): the layout of the legalize-dev repositories (legalize-fr from Légifrance,
legalize-se from the SFS, legalize-uk from legislation.gov.uk).

The front matter names the text (`title`, `identifier`: `LEGITEXT000006070719`,
`SFS-1990-52`, `asp-2005-9`), its country and, for the UK, its jurisdiction, type, year,
number, extent and language. The body is the whole text with headings; it is split into one
provision per article (FR), § (SE) or section (UK), so that a whole code in one file gives
one provision per article, each with its exact span in `Document.text`. Choices:

- France: an article starts at a line `Article 225-5`, as a heading of any level
  (`##### Article 225-5`) or, in older versions of the files, as a bare line between blank
  lines; structural lines (`Section 2 : …`, `Chapitre V : …`) end it, headings or not. The
  code comes from the `LEGITEXT` identifier (Code pénal, Code de procédure pénale…) or the
  title.
- Sweden: chapters and § as in SE-Lex files (kg.ingest.parsers.sfs reads the body).
- United Kingdom: a heading that is only a number (`##### 1`, `##### 51A`) starts a
  section; the heading just before it is its title. Inside a schedule the numbers are its
  paragraphs (`schedule/1/paragraph/3`). Northern Ireland Orders in Council number
  articles, statutory instruments regulations.
- Text: headings keep their words without `#`; list markers (`- `) and emphasis asterisks
  are dropped, links keep their text; blocks are separated by a blank line.
- Dates: the consolidation is the wording in force on its date, which becomes
  `metadata["published"]` (compared as such by the statute check): `last_updated` for
  France, the UK `restrict_start_date` (the start of the version shown) or else
  `last_updated`; none for Sweden, whose `last_updated` is not the consolidation's date.
  Provisions carry no start date of their own: the file does not give it.
- Language: the declared `language` wins over the country's.
"""

from __future__ import annotations

import re
from typing import Any

from kg.errors import ParseError
from kg.ingest.extract.tables import etalab_codes, legitext_codes, slug
from kg.ingest.model import Document, ProvisionText
from kg.ingest.parsers import sfs
from kg.ingest.parsers.reading import TextBuilder, clean_space, decode_text, iso_date
from kg.ingest.parsers.registry import register
from kg.ingest.parsers.ukleg import jurisdiction_of
from kg.locale import mark

FORMAT = "legalize-md"

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_LIST_MARK = re.compile(r"^\s*[-*+][ \t]+")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}([^*\n]+?)\*{1,2}(?![\w*])")

_FR_ARTICLE = re.compile(
    r"^Article\s+(?P<number>(?:(?:LO|L|R|D|A)\.?\s?)?\*?\d+(?:[-.]\d+)*(?:\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?|1er|premier|préliminaire|liminaire)\s*$",
    re.IGNORECASE,
)
_FR_STRUCTURE = re.compile(
    r"^(?:Partie|Livre|Titre|Chapitre|Section|Sous-section|Paragraphe|Annexe)\s+"
    r"(?:[IVXLC]+|\d+|premier|préliminaire|unique|législative|réglementaire)\b",
    re.IGNORECASE,
)
_UK_NUMBER = re.compile(r"^(\d+[A-Z]{0,3})\.?$")
_UK_SCHEDULE = re.compile(r"^SCHEDULE\s*(\d+[A-Z]?)?\b", re.IGNORECASE)
_UK_UNIT = {"nisi": "article", "uksi": "regulation", "ssi": "regulation", "wsi": "regulation",
            "nisr": "regulation"}  # fmt: skip
_UK_TYPE_JURISDICTION = {
    "asp": "UK-SCT", "ssi": "UK-SCT", "aosp": "UK-SCT",
    "nia": "UK-NI", "nisi": "UK-NI", "nisr": "UK-NI", "apni": "UK-NI", "mnia": "UK-NI",
    "mwa": "UK-EW", "anaw": "UK-EW", "asc": "UK-EW", "wsi": "UK-EW",
    "ukpga": "UK", "ukla": "UK", "ukppa": "UK", "uksi": "UK", "ukcm": "UK", "gbla": "UK",
}  # fmt: skip
_LANGUAGES = {"fr": "fr", "fra": "fr", "fre": "fr", "sv": "sv", "swe": "sv", "en": "en",
              "eng": "en", "cy": "cy", "cym": "cy", "wel": "cy"}  # fmt: skip


def looks_like(text: str) -> bool:
    """Front matter with the legalize keys (`identifier` and `country`)."""
    front = _FRONT.match(text[:4000])
    if not front:
        return False
    keys = {m.group(1) for m in map(_KEY.match, front.group(1).split("\n")) if m}
    return {"identifier", "country"} <= keys


def _front(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT.match(text)
    if not match:
        raise ParseError(mark("no front matter (a legalize file starts with '---')"))
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key = _KEY.match(line)
        if key:
            value = key.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1].replace('\\"', '"')
            meta[key.group(1)] = value
    return meta, text[match.end() :]


def _inline(text: str) -> str:
    return _EMPHASIS.sub(r"\1", sfs.strip_links(text))


def markdown_blocks(body: str) -> list[tuple[str, str]]:
    """(kind, text): "hN" for a heading of level N, "p" for a paragraph."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(("p", _inline(" ".join(current))))
            current.clear()

    for line in body.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append((f"h{len(heading.group(1))}", clean_space(_inline(heading.group(2)))))
        elif line.strip():
            current.append(_LIST_MARK.sub("", line.strip()))
        else:
            flush()
    flush()
    return blocks


@register(FORMAT)
def parse_legalize_md(data: bytes, name: str) -> Document:
    """A consolidated act or code → one provision per article, § or section."""
    text = decode_text(data, name)
    try:
        meta, body = _front(text)
    except ParseError as error:
        raise ParseError(mark("{name}: {message}"), name=name, message=error.message) from error
    country = meta.get("country", "").lower()
    if country not in ("fr", "se", "uk"):
        raise ParseError(
            mark("{name}: unknown country {value!r} in the front matter"),
            name=name,
            value=meta.get("country"),
        )
    blocks = sfs.body_blocks(body.split("\n")) if country == "se" else markdown_blocks(body)
    if country == "se":
        document_text, provisions, amended = sfs.read_body(blocks)
        extra: dict[str, Any] = {"last_amended_by": amended}
    elif country == "fr":
        document_text, provisions = french_articles(blocks)
        extra = {}
    else:
        document_text, provisions = _british(blocks, meta.get("type_code", ""))
        extra = {}
    metadata: dict[str, Any] = {
        "identifier": meta.get("identifier"),
        "rank": meta.get("rank"),
        "status": meta.get("status"),
        "source_url": meta.get("source"),
        "last_updated": iso_date(meta.get("last_updated")),
        "published": _as_of(country, meta),
        **extra,
    }
    return Document(
        text=document_text,
        type="statute",
        language=_LANGUAGES.get(meta.get("language", "").lower()) or _default_language(country),
        title=meta.get("title") or next((t for k, t in blocks if k == "h1"), None),
        source_format=FORMAT,
        metadata=metadata,
        instrument=_instrument(country, meta, name),
        jurisdiction=_jurisdiction(country, meta),
        provisions=provisions,
    )


def _default_language(country: str) -> str:
    return {"fr": "fr", "se": "sv"}.get(country, "en")


def _as_of(country: str, meta: dict[str, str]) -> str | None:
    if country == "fr":
        return iso_date(meta.get("last_updated"))
    if country == "uk":
        return iso_date(meta.get("restrict_start_date")) or iso_date(meta.get("last_updated"))
    return None


def _instrument(country: str, meta: dict[str, str], name: str) -> str | None:
    identifier = meta.get("identifier", "")
    if country == "fr":
        return legitext_codes().get(identifier.upper()) or _fr_from_title(meta.get("title", ""))
    if country == "se":
        match = re.match(r"SFS[-\s]?(\d{4})[-:](\d+)", identifier, re.IGNORECASE)
        return (
            f"se/sfs/{match.group(1)}/{match.group(2)}" if match else sfs.instrument_of(None, name)
        )
    kind, year, number = meta.get("type_code"), meta.get("year"), meta.get("number")
    if kind and year and number:
        return f"uk/{kind}/{year}/{number}"
    match = re.match(r"([a-z]+)-(\d{4})-(\d+)$", identifier)
    return f"uk/{match.group(1)}/{match.group(2)}/{match.group(3)}" if match else None


def _fr_from_title(title: str) -> str | None:
    """A code named by its title ("Code civil") → its id, as the etalab folders name it."""
    if not title.lower().startswith("code "):
        return None
    return etalab_codes().get(slug(title)) or f"fr/{slug(title)}"


def _jurisdiction(country: str, meta: dict[str, str]) -> str | None:
    if country == "fr":
        return "FR"
    if country == "se":
        return "SE"
    declared = meta.get("jurisdiction", "").upper()
    if declared in ("UK-SCT", "UK-NI", "UK-EW", "UK"):
        return declared
    return jurisdiction_of(meta.get("restrict_extent")) or _UK_TYPE_JURISDICTION.get(
        meta.get("type_code", "").lower()
    )


def french_articles(blocks: list[tuple[str, str]]) -> tuple[str, list[ProvisionText]]:
    """Articles from `Article N` lines; structural lines close them."""
    builder = TextBuilder()
    provisions: list[ProvisionText] = []
    current: tuple[str, int] | None = None  # (number, start of its body)
    last_end = 0

    def close() -> None:
        nonlocal current
        if current is not None:
            number, start = current
            end = max(start, last_end)
            path = "article/" + _fr_path_number(number)
            provisions.append(ProvisionText(number=number, path=path, start=start, end=end))
            current = None

    for kind, content in blocks:
        article = _FR_ARTICLE.match(content)
        heading = kind != "p" or _FR_STRUCTURE.match(content) is not None
        if article or heading:
            close()
        if builder.length:
            builder.add("\n\n")
        _, end = builder.add(content)
        if article:
            current = (clean_space(article.group("number")), builder.length + 2)
            last_end = current[1]
        elif current is not None:
            last_end = end
    close()
    return builder.text(), _clamped(provisions, builder.length)


def _fr_path_number(number: str) -> str:
    """ "L. 226-3" → "L226-3", "10 bis" → "10-bis", "1er" → "1"."""
    number = number.replace("*", "")
    if number.lower() in ("1er", "premier"):
        return "1"
    number = re.sub(r"^(LO|L|R|D|A)\.?\s?", r"\1", number)
    return re.sub(r"\s+", "-", number)


def _british(blocks: list[tuple[str, str]], type_code: str) -> tuple[str, list[ProvisionText]]:
    """Sections from number headings; the heading before a number is the section's title."""
    builder = TextBuilder()
    provisions: list[ProvisionText] = []
    unit = _UK_UNIT.get(type_code.lower(), "section")
    schedule: str | None = None
    current: tuple[str, str, str | None, int] | None = None  # number, path, title, start
    last_end = 0
    previous_heading: str | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            number, path, title, start = current
            provisions.append(
                ProvisionText(number=number, path=path, start=start, end=max(start, last_end),
                              heading=title)
            )  # fmt: skip
            current = None

    for kind, content in blocks:
        number = _UK_NUMBER.match(content) if kind != "p" else None
        if kind != "p":
            close()
            found = _UK_SCHEDULE.match(content)
            if found:
                schedule = found.group(1) or "1"
        if builder.length:
            builder.add("\n\n")
        _, end = builder.add(content)
        if number:
            digits = number.group(1)
            path = f"schedule/{schedule}/paragraph/{digits}" if schedule else f"{unit}/{digits}"
            label = " ".join(path.split("/"))
            current = (label, path, previous_heading, builder.length + 2)
            last_end = current[3]
        elif current is not None and kind == "p":
            last_end = end
        previous_heading = content if kind != "p" and not number else None
    close()
    return builder.text(), _clamped(provisions, builder.length)


def _clamped(provisions: list[ProvisionText], length: int) -> list[ProvisionText]:
    """A last provision with no body ends where the text does (an empty span)."""
    for provision in provisions:
        provision.start, provision.end = min(provision.start, length), min(provision.end, length)
    return provisions
