"""Analyses a drafter asks for, over the built graph: compare, coverage, gaps, timeline,
brief, analytics (similarity, paths). Each returns a plain document (the API's JSON).

May import: kg core, kg.vocabulary, kg.store, kg.queries, kg.ingest (to read extractions).
"""
