"""Output formats: analysis documents → CSV, Markdown, XLSX (export), SPARQL results and RDF
serialisations (results), and Rich tables for the terminal (terminal).

May import: kg core, kg.store, kg.build (its report, for the terminal).
"""
