"""Extraction: a document's text → citations, penalties, figures, sub-questions, mentions,
each with character offsets into that text."""
