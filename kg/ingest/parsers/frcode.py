"""French code articles as Markdown (format `fr-code-md`), one file per article version.

The layout is that of etalab/codes-juridiques-francais (generated from the DILA LEGI base):
an article file starts with `# Article 225-5`, then the alinéas separated by blank lines; a
`README.md` is an index of a livre/titre/chapitre/section (`# Section 2 : …` followed by
`- [Article 225-5](article-225-5.md)` items). Choices:

- The version date is not inside the file: the repository stores it as the commit date.
  Exported files carry it in their name (`article-225-5.v2002-01-01.md`), so `valid_from`
  comes from `.vYYYY-MM-DD.` in the name, and stays None when the name has no such part.
- Which code: the text never says. A path segment `code-…` in the name (as in the
  repository's `codes-en-vigueur/code-penal/…`) selects it; otherwise Code pénal.
- `Document.text` is `Article 225-5`, a blank line, then the alinéas separated by blank
  lines, kept verbatim (editorial markers such as `[*taux*]` included): the provision's span
  is the body after the heading.
- An index file gives a Document with a title, the entries' labels as text, the entries in
  `metadata["entries"]`, and no provisions.
- A file holding several articles (a whole code or section exported as one Markdown file,
  with `###### Article N` headings) gives one provision per article, split as
  kg.ingest.parsers.legalize splits a consolidated code; the version date in the name, if
  any, is the consolidation's date (`metadata["published"]`).

"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from kg.errors import ParseError
from kg.ingest.extract.tables import etalab_codes
from kg.ingest.model import Document, ProvisionText
from kg.ingest.parsers.reading import TextBuilder, clean_space, decode_text, iso_date
from kg.ingest.parsers.registry import register
from kg.locale import mark

FORMAT = "fr-code-md"

# ---------------------------------------------------------------------------------------------
# French codes
# ---------------------------------------------------------------------------------------------

CODE_TITLES = {
    "code-penal": "Code pénal",
    "code-de-procedure-penale": "Code de procédure pénale",
    "code-civil": "Code civil",
    "code-de-procedure-civile": "Code de procédure civile",
    "code-du-travail": "Code du travail",
    "code-de-l-action-sociale-et-des-familles": "Code de l'action sociale et des familles",
    "code-de-l-education": "Code de l'éducation",
    "code-de-la-sante-publique": "Code de la santé publique",
    "code-de-la-justice-penale-des-mineurs": "Code de la justice pénale des mineurs",
    "code-de-l-entree-et-du-sejour-des-etrangers-et-du-droit-d-asile": (
        "Code de l'entrée et du séjour des étrangers et du droit d'asile"
    ),
}
DEFAULT_CODE = "code-penal"


def slugify(title: str) -> str:
    """`Code de l'action sociale` → `code-de-l-action-sociale` (the etalab path style)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def code_instrument(slug: str) -> str:
    """The project's id of a code from its etalab path slug: `code-de-l-action-sociale-et-des-
    familles` → `fr/code-action-sociale-familles` (the name table of instruments.yaml), else
    `fr/<slug>`."""
    return etalab_codes().get(slug) or f"fr/{slug}"


def code_title(slug: str) -> str:
    return CODE_TITLES.get(slug) or slug.replace("-", " ").capitalize()


def _code_from_name(name: str) -> str:
    for segment in PurePosixPath(name.replace("\\", "/")).parts:
        if segment.startswith("code-") and not segment.endswith(".md"):
            return segment
    return DEFAULT_CODE


_VERSION = re.compile(r"\.v(\d{4}-\d{2}-\d{2})\.")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_ARTICLE = re.compile(r"^Article\s+(\S.*)$", re.IGNORECASE)
_LINK_ITEM = re.compile(r"^\s*[-*+]\s+\[([^\]]*)\]\(([^)]*)\)")
_ARTICLE_HEADING = re.compile(r"^#{1,6}\s+Article\s+\S", re.IGNORECASE | re.MULTILINE)


def version_date(name: str) -> str | None:
    match = _VERSION.search(PurePosixPath(name.replace("\\", "/")).name)
    return iso_date(match.group(1)) if match else None


def provision_path(number: str) -> str:
    """`225-12-1` → `article/225-12-1`; `L. 121-1` → `article/L121-1`."""
    return "article/" + re.sub(r"[^\w-]+", "", number)


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks separated by blank lines; the lines of one block joined by a space."""
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


@register(FORMAT)
def parse_fr_code_md(data: bytes, name: str) -> Document:
    """One article version, or a section/chapter index, of a French code."""
    text = decode_text(data, name)
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    match = _HEADING.match(lines[first].strip()) if first is not None else None
    if match is None or first is None:
        raise ParseError(
            mark("{name}: no '# Article …' or '# Section …' heading on the first line"), name=name
        )
    heading, rest = match.group(1), lines[first + 1 :]
    slug = _code_from_name(name)
    article = _ARTICLE.match(heading)
    if len(_ARTICLE_HEADING.findall(text)) > (1 if article else 0):
        return _articles(text, slug, name)
    if article:
        return _article(article.group(1).strip(), rest, slug, name)
    return _index(heading, rest, slug, name)


def _article(number: str, lines: list[str], slug: str, name: str) -> Document:
    builder = TextBuilder()
    builder.add(f"Article {number}\n\n")
    start, end = builder.add("\n\n".join(_paragraphs(lines)))
    valid_from = version_date(name)
    provision = ProvisionText(
        number=number, path=provision_path(number), start=start, end=end, valid_from=valid_from
    )
    return Document(
        text=builder.text(),
        type="statute",
        language="fr",
        title=f"{code_title(slug)}, art. {number}",
        source_format=FORMAT,
        metadata={"code": code_title(slug), "version_date": valid_from},
        instrument=code_instrument(slug),
        jurisdiction="FR",
        provisions=[provision],
    )


def _index(heading: str, lines: list[str], slug: str, name: str) -> Document:
    entries = [
        {"label": clean_space(m.group(1)), "target": m.group(2).strip()}
        for m in map(_LINK_ITEM.match, lines)
        if m
    ]
    body = "\n".join(entry["label"] for entry in entries)
    return Document(
        text=clean_space(heading) + ("\n\n" + body if body else ""),
        type="statute",
        language="fr",
        title=clean_space(heading),
        source_format=FORMAT,
        metadata={
            "code": code_title(slug),
            "index": True,
            "entries": entries,
            "version_date": version_date(name),
        },
        instrument=code_instrument(slug),
        jurisdiction="FR",
    )


def _articles(text: str, slug: str, name: str) -> Document:
    """Several articles in one file: one provision per `Article N` heading."""
    from kg.ingest.parsers.legalize import french_articles, markdown_blocks

    blocks = markdown_blocks(text)
    body, provisions = french_articles(blocks)
    title = next((content for kind, content in blocks if kind != "p"), None)
    return Document(
        text=body,
        type="statute",
        language="fr",
        title=title or code_title(slug),
        source_format=FORMAT,
        metadata={"code": code_title(slug), "published": version_date(name)},
        instrument=code_instrument(slug),
        jurisdiction="FR",
        provisions=provisions,
    )
