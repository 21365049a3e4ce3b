"""Extraction: a document's text → citations, penalties, figures, sub-questions, mentions
and dates, each with character offsets into that text.

May import: kg core, kg.queries (the gazetteer), kg.ingest.model; never the rest of ingest.
"""
