"""Swedish statutes (SFS) as SE-Lex Markdown with YAML front matter (format `sfs-md`).

SE-Lex (github.com/se-lex/sfs) publishes one Markdown file per SFS number: front matter
(`beteckning`, `rubrik`, `departement`, dates, `forarbeten`, `andringsforfattningar`…),
then `# Title`, `## … AVDELNINGEN`, `### N kap. Title`, and § headings. Choices:

- The front matter is not always valid YAML (BrB has `forarbeten: - "PROP …"` with the first
  item on the key line). It is read in three steps, each only if the previous one fails:
  YAML; YAML after moving such an inline first item to its own line; a line-based
  `key: value` reader. Scalars are kept as strings, so `beteckning: 1990:52` (unquoted) stays
  "1990:52" instead of YAML 1.1's base-60 integer, and dates stay ISO strings.
- A § is any heading whose text is `^\\d+( [a-z])? §$`, whatever its level (`##### 9 §` in
  BrB, `### 1 §` in laws without chapters). A chapter is a heading `N kap. …`.
- A §'s text runs from its heading to the next heading of any kind. Ending it only at the
  next § or chapter, as a first reading of the layout suggests, would glue division headings
  (`## ANDRA AVDELNINGEN` / "Om brotten") and sub-headings onto the § before them. Text that
  follows a non-§ heading stays in `Document.text` but in no provision.
- Markdown links keep their visible text and lose their targets:
  `Lag ([2025:586](https://selex.se/eli/sfs/2025/586))` → `Lag (2025:586)`. That trailing
  "Lag (2025:586)." names the act that last changed the §; it goes to
  `metadata["last_amended_by"][number]`. A §'s valid_from stays None: the file does not say
  when that version entered into force. The consolidation's `publicerad_datum` becomes
  `metadata["published"]`: every § is the wording in force on that day, which is what the
  statute-vs-curated check compares on when a version has no start date.
- Numbers and paths: `6 kap. 9 §` / `kap/6/par/9`; without chapters `1 §` / `par/1`; `1 a §`
  → `par/1a`. A file with front matter and no body (LVU at its first SE-Lex commit) gives a
  Document with no provisions.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from kg.errors import ParseError
from kg.ingest.model import Document, ProvisionText
from kg.ingest.parsers.reading import TextBuilder, clean_space, decode_text
from kg.ingest.parsers.registry import register
from kg.locale import mark

FORMAT = "sfs-md"
META_KEYS = (
    "beteckning", "departement", "utfardad_datum", "ikraft_datum", "publicerad_datum",
    "normtyp", "pdf_url",
)  # fmt: skip

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_PARAGRAPH = re.compile(r"^(\d+)(?: ([a-z]))? §$")
_CHAPTER = re.compile(r"^(\d+)(?: ([a-z]))? kap\.(?:\s+(.*))?$")
_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_AMENDED = re.compile(r"\b(?:Lag|Förordning|Kungörelse)\s+\((\d{4}:\d+)\)\.?\s*$")
_BETECKNING = re.compile(r"^(\d{4}):(\d+(?: ?[a-z])?)")
_INLINE_ITEM = re.compile(r"^([A-Za-z_][\w-]*):[ \t]+-[ \t]+(.*)$", re.M)


class _StringLoader(yaml.SafeLoader):
    """Safe YAML that resolves only null: numbers, dates and booleans stay strings."""


_StringLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# --------------------------------------------------------------------------- front matter


def _yaml(text: str) -> dict[str, Any] | None:
    try:
        value = yaml.load(text, Loader=_StringLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError:
        return None
    return value if isinstance(value, dict) else None


def _iso_date(value: str | None) -> str | None:
    """`value` when it is a YYYY-MM-DD date, else None (never a guess)."""
    return value if value is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):(?:[ \t]+(.*))?$")
_LIST_ITEM = re.compile(r"^[ \t]*-[ \t]+(.*)$")
_NESTED_KEY = re.compile(r"^[ \t]*([A-Za-z_][\w-]*):[ \t]*(.*)$")


def _line_based(text: str) -> dict[str, Any]:
    """Last resort: top-level `key: value`, `- item` lists and lists of flat mappings."""
    result: dict[str, Any] = {}
    key: str | None = None
    for line in text.split("\n"):
        top, item = _TOP_KEY.match(line), _LIST_ITEM.match(line)
        if top:
            key, value = top.group(1), (top.group(2) or "").strip()
            inline_item = value.startswith("- ")
            result[key] = [_unquote(value[2:])] if inline_item else _unquote(value) or []
            continue
        if key is None or not isinstance(result[key], list):
            continue
        entries: list[Any] = result[key]
        if item:
            pair = _NESTED_KEY.match(item.group(1))
            entries.append(
                {pair.group(1): _unquote(pair.group(2))} if pair else _unquote(item.group(1))
            )
        elif (pair := _NESTED_KEY.match(line)) and entries and isinstance(entries[-1], dict):
            entries[-1][pair.group(1)] = _unquote(pair.group(2))
    return result


def front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """(metadata, how it was read, the body after the front matter)."""
    match = _FRONT.match(text)
    if not match:
        if text.startswith("---"):
            raise ParseError(mark("front matter not closed by a '---' line"))
        return {}, "none", text
    raw, body = match.group(1), text[match.end() :]
    value = _yaml(raw)
    if value is not None:
        return value, "yaml", body
    value = _yaml(_INLINE_ITEM.sub(r"\1:\n  - \2", raw))
    if value is not None:
        return value, "yaml-repaired", body
    return _line_based(raw), "line-based", body


# ----------------------------------------------------------------------------------- body


def strip_links(text: str) -> str:
    """`[2025:586](https://…)` → `2025:586`; `![alt](src)` → `alt`."""
    return _LINK.sub(lambda m: m.group(1), text)


def body_blocks(lines: list[str]) -> list[tuple[str, str]]:
    """(kind, text) for each heading ("h1".."h6") and paragraph ("p") of the body."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []

    def flush() -> None:
        # Stripped whole: a paragraph may start with a tab, or be only a link with no text
        # (`[](…)`), and a provision's span must start and end on its words.
        text = strip_links("\n".join(current)).strip()
        if text:
            blocks.append(("p", text))
        current.clear()

    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append((f"h{len(heading.group(1))}", clean_space(strip_links(heading.group(2)))))
        elif line.strip():
            current.append(line.rstrip())
        else:
            flush()
    flush()
    return blocks


def _number(chapter: tuple[str, str] | None, par: re.Match[str]) -> tuple[str, str]:
    """("6 kap. 9 §", "kap/6/par/9") or ("1 a §", "par/1a")."""
    digits, letter = par.group(1), par.group(2) or ""
    number = f"{digits} {letter} §" if letter else f"{digits} §"
    path = f"par/{digits}{letter}"
    if chapter:
        return f"{chapter[0]} kap. {number}", f"kap/{chapter[1]}/{path}"
    return number, path


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    return str(value).strip() or None


@register(FORMAT)
def parse_sfs_md(data: bytes, name: str) -> Document:
    """An SE-Lex SFS file → a Document with one provision per §."""
    text = decode_text(data, name)
    try:
        meta, how, body = front_matter(text)
    except ParseError as error:
        raise ParseError(mark("{name}: {message}"), name=name, message=error.message) from error
    blocks = body_blocks(body.split("\n"))
    if not meta and not any(kind != "p" for kind, _ in blocks):
        raise ParseError(
            mark("{name}: not SE-Lex Markdown (no front matter and no heading)"), name=name
        )

    text, provisions, amended = read_body(blocks)
    title = _str(meta.get("rubrik")) or next((c for k, c in blocks if k == "h1"), None)
    beteckning = _str(meta.get("beteckning"))
    instrument = instrument_of(beteckning, name)
    metadata: dict[str, Any] = {key: _str(meta.get(key)) for key in META_KEYS}
    metadata.update(
        {
            "front_matter": how,
            "forarbeten": _plain(meta.get("forarbeten")),
            "andringsforfattningar": _plain(meta.get("andringsforfattningar")),
            "last_amended_by": amended,
            "published": _iso_date(metadata.get("publicerad_datum")),
        }
    )
    return Document(
        text=text,
        type="statute",
        language="sv",
        title=title,
        source_format=FORMAT,
        metadata=metadata,
        instrument=instrument,
        jurisdiction="SE",
        provisions=provisions,
    )


def read_body(blocks: list[tuple[str, str]]) -> tuple[str, list[ProvisionText], dict[str, str]]:
    """(document text, one provision per §, § number → last amending act) of the body."""
    builder = TextBuilder()
    provisions: list[ProvisionText] = []
    amended: dict[str, str] = {}
    chapter: tuple[str, str] | None = None
    open_par: tuple[str, str, list[str]] | None = None

    def close() -> None:
        nonlocal open_par
        if open_par is None:
            return
        number, path, pieces = open_par
        if pieces:
            builder.add("\n\n")
        start, end = builder.add("\n\n".join(pieces))
        provisions.append(ProvisionText(number=number, path=path, start=start, end=end))
        found = _AMENDED.search(pieces[-1]) if pieces else None
        if found:
            amended[number] = found.group(1)
        open_par = None

    def separate() -> None:
        if builder.length:
            builder.add("\n\n")

    for kind, content in blocks:
        if kind == "p" and open_par is not None:
            open_par[2].append(content)
            continue
        close()
        separate()
        builder.add(content)
        if kind == "p":
            continue
        chapter_match, par_match = _CHAPTER.match(content), _PARAGRAPH.match(content)
        if chapter_match:
            chapter = (
                " ".join(filter(None, chapter_match.group(1, 2))),
                chapter_match.group(1) + (chapter_match.group(2) or ""),
            )
        elif par_match:
            number, path = _number(chapter, par_match)
            open_par = (number, path, [])
    close()

    return builder.text(), provisions, amended


def _plain(value: Any, budget: list[int] | None = None) -> Any:
    """Strings, lists and string-keyed dicts only, at most 10,000 nodes (YAML aliases can
    make a small file describe a huge tree)."""
    budget = budget if budget is not None else [10_000]
    budget[0] -= 1
    if budget[0] < 0:
        return None
    if isinstance(value, list):
        return [_plain(item, budget) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, budget) for k, v in value.items()}
    return None if value is None else str(value)


def instrument_of(beteckning: str | None, name: str) -> str | None:
    """`se/sfs/1962/700` from "1962:700", else from a file name like `sfs-1962-700.md`."""
    match = _BETECKNING.match(beteckning or "")
    if match:
        return f"se/sfs/{match.group(1)}/{match.group(2).replace(' ', '')}"
    from_name = re.search(r"sfs-(\d{4})-(\d+)", name)
    return f"se/sfs/{from_name.group(1)}/{from_name.group(2)}" if from_name else None
