"""Légifrance LEGI XML articles (format `legi-xml`): one `<ARTICLE>` = one article version.

Schema used (DILA LEGI base, one file per article version, e.g. `LEGIARTI000043409305.xml`):

    <ARTICLE>
      <META><META_COMMUN><ID/><NATURE/>…</META_COMMUN>
            <META_SPEC><META_ARTICLE><NUM/><ETAT/><DATE_DEBUT/><DATE_FIN/>…</META_ARTICLE></META_SPEC>
      </META>
      <CONTEXTE><TEXTE cid="LEGITEXT…" nature="CODE"><TITRE_TXT c_titre_court="Code pénal">…</TEXTE></CONTEXTE>
      <BLOC_TEXTUEL><CONTENU> HTML-ish: <p>, <br/>, <div>, tables… </CONTENU></BLOC_TEXTUEL>
    </ARTICLE>

Choices:

- No real LEGI file was available, so the parser follows the published schema and reads
  elements by name wherever they sit under `META` / `CONTEXTE`, and ignores what it does not
  use (`VERSIONS`, `LIENS`, `NOTA`).
- `valid_from` is `DATE_DEBUT`; `valid_until` is `DATE_FIN` except the open-ended sentinel
  `2999-01-01` (LEGI's "no end"), which becomes None.
- The instrument comes from the text the article belongs to: a code (`nature="CODE"`) gives
  `fr/<slug of c_titre_court>` (Code pénal → `fr/code-penal`, as in `fr-code-md`); a loi
  with a number gives `fr/loi/<number>`.
- `CONTENU` becomes plain text: each block (`p`, `div`, table row…) and each `<br/>`
  ends an alinéa; alinéas are separated by blank lines. `Document.text` is `Article <NUM>`,
  a blank line, then that body, which is the provision's span.
"""

from __future__ import annotations

from lxml import etree

from kg.errors import ParseError
from kg.ingest.model import Document, ProvisionText
from kg.ingest.parsers.frcode import code_instrument, provision_path, slugify
from kg.ingest.parsers.reading import TextBuilder, clean_space, iso_date, parse_xml
from kg.ingest.parsers.registry import register
from kg.locale import mark

FORMAT = "legi-xml"
OPEN_END = "2999-01-01"
_BLOCKS = frozenset(
    {"p", "div", "tr", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul"}
)


def _find_text(root: etree._Element, tag: str) -> str | None:
    element = root.find(f".//{tag}")
    if element is None:
        return None
    return clean_space("".join(element.itertext())) or None


def _alineas(contenu: etree._Element | None) -> list[str]:
    """The alinéas of CONTENU: split at block elements and `<br/>`, whitespace collapsed."""
    if contenu is None:
        return []
    pieces: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_space("".join(current))
        if text:
            pieces.append(text)
        current.clear()

    def walk(element: etree._Element) -> None:
        current.append(element.text or "")
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "br":
                flush()
            elif tag in _BLOCKS:
                flush()
                walk(child)
                flush()
            elif tag:
                walk(child)
            current.append(child.tail or "")

    walk(contenu)
    flush()
    return pieces


def _instrument(texte: etree._Element | None) -> tuple[str | None, str | None]:
    """(instrument id path, code or text title) of the CONTEXTE/TEXTE the article is in."""
    if texte is None:
        return None, None
    titre = texte.find("TITRE_TXT")
    short = titre.get("c_titre_court") if titre is not None else None
    full = clean_space("".join(titre.itertext())) if titre is not None else ""
    title = clean_space(short or full) or None
    nature = (texte.get("nature") or "").upper()
    if title and (nature == "CODE" or title.lower().startswith("code ")):
        return code_instrument(slugify(title)), title
    number = (texte.get("num") or "").strip()
    if nature == "LOI" and number:
        return f"fr/loi/{number}", title
    return None, title


@register(FORMAT)
def parse_legi_xml(data: bytes, name: str) -> Document:
    """One LEGI article version → a Document with one provision."""
    root = parse_xml(data, name)
    if root.tag != "ARTICLE":
        raise ParseError(
            mark("{name}: root element is <{tag}>, not a LEGI <ARTICLE>"), name=name, tag=root.tag
        )
    meta = root.find("META")
    if meta is None:
        raise ParseError(mark("{name}: no <META> element"), name=name)
    number = _find_text(meta, "META_ARTICLE/NUM")
    if not number:
        raise ParseError(mark("{name}: no article number (META_ARTICLE/NUM)"), name=name)
    legi_id = _find_text(meta, "META_COMMUN/ID")
    etat = _find_text(meta, "META_ARTICLE/ETAT")
    valid_from = iso_date(_find_text(meta, "META_ARTICLE/DATE_DEBUT"))
    valid_until = iso_date(_find_text(meta, "META_ARTICLE/DATE_FIN"))
    if valid_until == OPEN_END:
        valid_until = None
    texte = root.find("CONTEXTE/TEXTE")
    instrument, title = _instrument(texte)

    builder = TextBuilder()
    builder.add(f"Article {number}\n\n")
    start, end = builder.add("\n\n".join(_alineas(root.find("BLOC_TEXTUEL/CONTENU"))))
    provision = ProvisionText(
        number=number,
        path=provision_path(number),
        start=start,
        end=end,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    metadata = {
        "legi_id": legi_id,
        "etat": etat,
        "nature": _find_text(meta, "META_COMMUN/NATURE"),
        "text_id": texte.get("cid") if texte is not None else None,
        "code": title,
    }
    return Document(
        text=builder.text(),
        type="statute",
        language="fr",
        title=f"{title}, art. {number}" if title else f"Article {number}",
        source_format=FORMAT,
        metadata=metadata,
        instrument=instrument,
        jurisdiction="FR",
        provisions=[provision],
    )
