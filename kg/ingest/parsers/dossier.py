"""Assemblée nationale legislative dossier pages (format `an-dossier-html`).

A dossier page (`/14/dossiers/….asp`) follows one bill through Parliament: its title, the
stages ("Assemblée nationale - 1ère lecture", "Sénat - 2e lecture", "Commission Mixte
Paritaire (Désaccord)", "Assemblée nationale - Lecture définitive"), and in each stage the
texts deposited and adopted ("…, adoptée en 1ère lecture par l'Assemblée nationale le 4
décembre 2013, TA n° 252"). Two page templates exist: the 14th legislature's carries
machine-readable `<meta>` facts (the promulgated law and its Légifrance link, the documents of
the dossier), the 12th legislature's FrontPage page only its text. Both are read from the
page's text, so that both give the same structure:

- `Document.text` is the dossier itself, from its title to the end of the page body: the
  site's navigation before it is left out.
- `metadata["stages"]`: for each stage, its label, chamber, reading, offsets in the text, the
  texts deposited (number, date) and adopted (what was done, by whom, when, "TA" number),
  each with its offsets.
- `metadata["adopted_texts"]`: every adopted text of the dossier, in order;
  `metadata["promulgated_law"]`: the law the bill became, when the page says it (title, link).
- The document is a `text`: a dossier is neither a question nor a statute; its citations,
  dates and names are extracted as in any text.
"""

from __future__ import annotations

import html
import re
from typing import Any

from kg.errors import ParseError
from kg.ingest.model import Document
from kg.ingest.parsers.html import collapse, html_metadata, html_to_text, parse_html_tree
from kg.ingest.parsers.registry import register
from kg.ingest.parsers.text import guarded
from kg.locale import mark

FORMAT = "an-dossier-html"
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_DATE = rf"(?:1er|\d{{1,2}})\s+(?:{_MONTHS})\s+\d{{4}}"
_STAGE = re.compile(
    r"(?P<chamber>Assemblée nationale|Sénat)\s+-\s+(?P<reading>(?:1(?:ère|re)|2e|\d+e|première|"
    r"deuxième|troisième|[Nn]ouvelle)\s+lecture|[Ll]ecture définitive)"
    r"|(?P<cmp>Commission [Mm]ixte [Pp]aritaire\s*\((?:Accord|Désaccord|accord|désaccord)\))"
)
_ADOPTED = re.compile(
    rf"(?P<what>adoptée?s?|modifiée?s?|rejetée?s?)(?:\s+avec\s+modifications)?\s+en\s+"
    rf"(?P<reading>[^,]{{2,40}}?)\s+par\s+(?P<by>l['’]Assemblée nationale|le Sénat)\s*,?\s+le\s+"
    rf"(?P<date>{_DATE})\s*,?\s*TA\s+n°\s*(?P<ta>\d+)",
    re.IGNORECASE,
)
_DEPOSITED = re.compile(
    rf"déposée?\s+le\s+(?P<date>{_DATE})\s*,?\s*n°\s*(?P<number>\d+)"
    rf"|n°\s*(?P<number2>\d+)\s*,\s*déposée?\s+le\s+(?P<date2>{_DATE})",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"Accueil\s*>\s*Dossiers\s*")
_TITLE_PREFIX = re.compile(r"^Assemblée nationale\s*-\s*(?:Proposition de loi\s*:\s*)?", re.I)


def looks_like(page: str) -> bool:
    """An AN page (raw HTML) that follows a bill through its stages."""
    if "Travaux préparatoires" not in page and "TYPE_DOCUMENT" not in page:
        return False
    plain = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]{0,400}>", "", page)))
    return bool(_STAGE.search(plain))


@register(FORMAT)
def parse_an_dossier(data: bytes, name: str) -> Document:
    """A dossier page → its text from the title on, with its stages and adopted texts."""

    def run() -> Document:
        root = parse_html_tree(data, name)
        title_element = root.find(".//title")
        page_title = collapse(title_element.text_content()) if title_element is not None else ""
        full = html_to_text(root)
        title = _TITLE_PREFIX.sub("", page_title).strip() or None
        text = full[_content_start(full, title) :].strip()
        if not _STAGE.search(text):
            raise ParseError(
                mark("{name}: no legislative stage found (not a dossier page)"), name=name
            )
        meta = html_metadata(root)
        stages = _stages(text)
        metadata: dict[str, Any] = {
            "legislature": meta.get("legislature") or _legislature(name),
            "dossier_url": meta.get("URL_DOSSIER"),
            "stages": stages,
            "adopted_texts": [a for s in stages for a in s["adopted"]],
            "promulgated_law": _law(meta),
            "documents": _documents(meta),
        }
        return Document(
            text=text,
            type="text",
            language="fr",
            title=title,
            source_format=FORMAT,
            metadata=metadata,
        )

    return guarded(name, run)


def _content_start(text: str, title: str | None) -> int:
    """Where the dossier starts: after the breadcrumb, else at its title, else the first
    stage (the site's navigation comes before)."""
    crumb = _BREADCRUMB.search(text)
    if crumb:
        return crumb.end()
    if title:
        words = [re.escape(w) for w in title.split()[:6]]
        found = re.search(r"\s+".join(words), text, re.IGNORECASE)
        if found:
            return found.start()
    stage = _STAGE.search(text)
    return stage.start() if stage else 0


def _stages(text: str) -> list[dict[str, Any]]:
    heads = list(_STAGE.finditer(text))
    stages = []
    for n, head in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        segment_start = head.end()
        stages.append({
            "label": collapse(head[0]),
            "chamber": head["chamber"] or "Commission mixte paritaire",
            "reading": collapse(head["reading"]) if head["reading"] else None,
            "start": head.start(),
            "end": end,
            "deposited": [_deposit(text, m) for m in _DEPOSITED.finditer(text, segment_start, end)],
            "adopted": [
                _adoption(text, m)
                for m in _ADOPTED.finditer(text, segment_start, end)
                if _same_reading(m["reading"], head["reading"])
            ],
        })  # fmt: skip
    return stages


def _same_reading(adopted: str, stage: str | None) -> bool:
    """ "adoptée en Nouvelle lecture" inside the stage "Lecture définitive" recalls the text
    of an earlier stage: it was not adopted in this one."""
    if stage is None:
        return True
    return collapse(adopted).lower().replace("re ", "ère ") == collapse(stage).lower().replace(
        "re ", "ère "
    )


def _adoption(text: str, m: re.Match[str]) -> dict[str, Any]:
    return {
        "text": m[0], "start": m.start(), "end": m.end(),
        "decision": m["what"].lower().rstrip("s"), "reading": collapse(m["reading"]),
        "by": "Sénat" if "sénat" in m["by"].lower() else "Assemblée nationale",
        "date": _iso(m["date"]), "ta": m["ta"],
    }  # fmt: skip


def _deposit(text: str, m: re.Match[str]) -> dict[str, Any]:
    return {
        "text": m[0], "start": m.start(), "end": m.end(),
        "date": _iso(m["date"] or m["date2"]), "number": m["number"] or m["number2"],
    }  # fmt: skip


def _iso(written: str) -> str | None:
    from kg.ingest.extract.dates import MONTHS

    m = re.match(r"(1er|\d{1,2})\s+(\w+)\s+(\d{4})", written)
    if not m or m[2].lower() not in MONTHS:
        return None
    day = 1 if m[1] == "1er" else int(m[1])
    return f"{m[3]}-{MONTHS[m[2].lower()]:02d}-{day:02d}"


def _law(meta: dict[str, Any]) -> dict[str, str] | None:
    title = meta.get("LOI_PROMULGUEE")
    if not title:
        return None
    return {"title": title, "url": meta.get("LIEN_LOI_PROMULGUEE")}


def _documents(meta: dict[str, Any]) -> list[dict[str, str]]:
    titles, urls = meta.get("TITRES_DOC") or [], meta.get("URLS_DOC") or []
    return [{"title": t, "url": u} for t, u in zip(titles, urls, strict=False)]


def _legislature(name: str) -> str | None:
    m = re.match(r"(?:.*/)?(\d{1,2})_", name) or re.search(r"/(\d{1,2})/dossiers/", name)
    return m.group(1) if m else None
