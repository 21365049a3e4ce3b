"""Extraction: a document's text → citations, penalties, figures, sub-questions, mentions,
dates and typed claims, each with character offsets into that text.

`steps` holds the two steps the pipeline runs: `extract_text_items` (the text alone:
citations from `instrument_mentions` and `references`, `penalties`, `figures`, `questions`,
`claims`) and `link` (against the graph: `gazetteer`, `dates` and `mentions`, `resolve`,
`penalty_links`, `claims`). Name tables are data (`instruments.yaml`, read by `tables`;
claim cues in `claim_cues.yaml`); `windows`
runs expensive patterns only around their anchors.

May import: kg core, kg.queries (the gazetteer), kg.ingest.model; never the rest of ingest.
"""
