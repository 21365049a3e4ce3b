"""The policykg HTTP application (FastAPI): SPARQL endpoint, JSON API and pages."""
