"""Parsers: raw bytes in an official format → `Document` (text, metadata, provisions).

One module per format family (Légifrance code Markdown and LEGI XML, legislation.gov.uk CLML
and Akoma Ntoso, SFS text, parliamentary questions, plain text and HTML), plus the reading
helpers they share (decoding, html, reading, language). May import: kg core, kg.ingest.model,
kg.ingest.extract (dates). A new format is one module here, imported below.
"""

from kg.ingest.parsers import dossier, frcode, legalize, legi, question, sfs, text, ukleg
from kg.ingest.parsers.registry import PARSERS, Parser, register

__all__ = [
    "PARSERS",
    "Parser",
    "dossier",
    "frcode",
    "legalize",
    "legi",
    "question",
    "register",
    "sfs",
    "text",
    "ukleg",
]
