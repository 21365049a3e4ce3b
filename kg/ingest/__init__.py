"""Ingestion: files in official formats → documents in their own named graphs.

bytes → `sniff` (which format) → `parsers` (a `Document`: text, metadata, provisions) →
`extract` (citations, penalties, figures, mentions, dates, with offsets) → `to_rdf` →
`pipeline` (one atomic replace of the document's graph). May import: kg core, kg.store.
"""
