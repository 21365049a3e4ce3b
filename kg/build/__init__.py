"""Build: ontology/ and data/ → the store, validated (pySHACL), reasoned (HermiT), checked.

`pipeline.build` runs the steps; `validate`, `reason` and `consistency` are one step each.
May import: kg core, kg.store, kg.queries, kg.ingest (the bundled sources are ingested).
"""
