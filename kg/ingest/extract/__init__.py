"""Extraction: a document's text → citations, penalties, figures, sub-questions, mentions
and dates, each with character offsets into that text.

`steps` holds the two steps the pipeline runs: `extract_text_items` (the text alone:
citations from `instrument_mentions` and `references`, `penalties`, `figures`, `questions`)
and `link` (against the graph: `gazetteer`, `dates` and `mentions`, `resolve`,
`penalty_links`). Name tables are data (`instruments.yaml`, read by `tables`); `windows`
runs expensive patterns only around their anchors.

May import: kg core, kg.queries (the gazetteer), kg.ingest.model; never the rest of ingest.
"""
