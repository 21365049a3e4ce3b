"""Mentions found through the graph's own labels, and dates in three languages."""

from __future__ import annotations

from kg.ingest.extract.dates import find_dates
from kg.ingest.extract.gazetteer import load_gazetteer

TEXT = (
    "La Suède, en particulier, a construit un modèle fondé sur la responsabilisation de la "
    "demande ; le Royaume-Uni mise sur les obligations de signalement. Une réunion avec nos "
    "homologues roumains s'est tenue. Sverige och Storbritannien; the European Union too."
)


def test_gazetteer_finds_jurisdictions_countries_and_topics(store):
    gazetteer = load_gazetteer(store)
    assert len(gazetteer) > 100
    found = {(m.text, m.kind, m.iri.rsplit("/", 1)[-1]) for m in gazetteer.find(TEXT)}
    assert ("Suède", "jurisdiction", "SE") in found
    assert ("Royaume-Uni", "jurisdiction", "UK") in found
    assert ("roumains", "country", "ROU") in found
    assert ("obligations de signalement", "topic", "reporting-duty") in found
    assert ("Sverige", "jurisdiction", "SE") in found
    assert ("European Union", "jurisdiction", "EU") in found
    for mention in gazetteer.find(TEXT):
        assert TEXT[mention.start : mention.end] == mention.text


def test_gazetteer_matches_whole_words_only(store):
    gazetteer = load_gazetteer(store)
    assert gazetteer.find("Francesca et Suédois") == []


def test_dates_in_three_languages():
    text = "publiée au JO le 14 avril 2026 ; lag 1 juli 2018; on 21 April 2021; le 1er janvier 2002; 2026-11-22; 31 février 2020"
    values = [m.value for m in find_dates(text)]
    assert values == ["2026-04-14", "2018-07-01", "2021-04-21", "2002-01-01", "2026-11-22"]
    for m in find_dates(text):
        assert text[m.start : m.end] == m.text and m.kind == "date"
