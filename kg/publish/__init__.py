"""What the web pages and the CLI publish from the graph: resource descriptions (/id/…),
Triple Pattern Fragments, network views, the named-query catalogue, the ontology reference,
the /sparql worker pool, and page helpers (highlighted spans, charts).

May import: kg core, kg.vocabulary, kg.store, kg.queries, kg.analysis, kg.formats.
"""
