"""The HTTP shell over kg: the SPARQL endpoint, the JSON API and the HTML pages.

`app.create_app(settings)` builds the FastAPI application; `routes/` holds one module per
group of routes. May import kg; nothing in kg imports api.
"""
