"""An extraction drawn over its text: every extracted item as a span, the text cut at spans.

The document page shows the stored text with each extracted item (question, citation,
penalty, figure, mention) highlighted and linked. The pieces stay plain strings; the
template escapes them, so nothing from an ingested text can become markup.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from kg.publish.describe import local_href

#: Extraction lists highlighted on a document page, in legend order.
SPAN_KINDS = ("questions", "claims", "citations", "penalties", "figures", "mentions")


def document_spans(extraction: dict[str, Any]) -> list[dict[str, Any]]:
    """Each extracted item as a span: kind, offsets, a label and a local link if any."""
    spans = []
    for kind in SPAN_KINDS:
        for index, item in enumerate(extraction.get(kind, []), start=1):
            if kind == "claims" and item.get("kind") == "figure":
                continue  # already highlighted as a figure
            link = item.get("resolved") or item.get("provision") or item.get("iri")
            note = item.get("kind") or item.get("qualifier") or ""
            spans.append(
                {
                    "kind": kind,
                    "id": f"{kind}-{index}",
                    "start": item["start"],
                    "end": item["end"],
                    "text": item.get("text", ""),
                    "note": note,
                    "href": local_href(link) if isinstance(link, str) else None,
                }
            )
    return spans


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut `text` at every span boundary; each piece knows which spans cover it.

    The innermost linked span gives the piece its link.
    """
    cuts = sorted({0, len(text)} | {s["start"] for s in spans} | {s["end"] for s in spans})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    pieces = []
    for start, end in pairwise(cuts):
        covering = [s for s in spans if s["start"] <= start and end <= s["end"]]
        linked = sorted((s for s in covering if s["href"]), key=lambda s: s["end"] - s["start"])
        pieces.append(
            {
                "text": text[start:end],
                "kinds": sorted({s["kind"] for s in covering}),
                "href": linked[0]["href"] if linked else None,
                "anchors": [s["id"] for s in spans if s["start"] == start],
                # what covers the piece, for its tooltip (kinds are named by the template)
                "covering": [{"kind": s["kind"], "note": s["note"]} for s in covering],
            }
        )
    return pieces
