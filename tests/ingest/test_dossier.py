"""Assemblée nationale legislative dossier pages as their own format (issue 13): title,
stages, texts deposited and adopted, the promulgated law."""

from __future__ import annotations

import pytest

from kg.ingest.parsers.dossier import parse_an_dossier
from kg.ingest.sniff import detect
from tests.paths import REALDATA

FOLDER = REALDATA / "fr_an_dossier_html"

PAGE = """<html><head><title>Assemblée nationale - Société : un exemple</title>
<meta name="LEGISLATURE_SESSION" content="14ème législature">
<meta name="LOI_PROMULGUEE" content="Loi nº 2016-444 du 13 avril 2016 visant à renforcer la lutte">
<meta name="LIEN_LOI_PROMULGUEE" content="http://www.legifrance.gouv.fr/x"></head><body>
<p>Aller au menu</p><p>Accueil &gt; Dossiers</p><h1>Société : un exemple</h1>
<p>Travaux préparatoires</p>
<p><b>Assemblée nationale - 1<sup>ère</sup> lecture</b></p>
<p>Proposition de loi, n° 1437, déposée le 10 octobre 2013.</p>
<p>Proposition de loi adoptée en 1ère lecture par l'Assemblée nationale le 4 décembre 2013, TA n° 252</p>
<p><b>Sénat - 1<sup>ère</sup> lecture</b></p>
<p>La Commission mixte paritaire a été convoquée.</p>
<p>Proposition de loi modifiée en 1ère lecture par le Sénat le 30 mars 2015, TA n° 85</p>
<p><b>Commission Mixte Paritaire (Désaccord)</b></p>
<p><b>Assemblée nationale - Lecture définitive</b></p>
<p>Texte adoptée en Nouvelle lecture par l'Assemblée nationale, le 3 février 2016, TA n° 673</p>
<p>Proposition de loi adoptée en Lecture définitive par l'Assemblée nationale le 6 avril 2016, TA n° 716</p>
</body></html>"""


def test_stages_and_adopted_texts():
    data = PAGE.encode("cp1252")
    assert detect(data, "dossier.asp") == "an-dossier-html"
    doc = parse_an_dossier(data, "dossier.asp")
    assert doc.title == "Société : un exemple"
    assert doc.text.startswith("Société : un exemple")
    assert "Aller au menu" not in doc.text
    stages = doc.metadata["stages"]
    assert [s["label"] for s in stages] == [
        "Assemblée nationale - 1ère lecture",
        "Sénat - 1ère lecture",
        "Commission Mixte Paritaire (Désaccord)",
        "Assemblée nationale - Lecture définitive",
    ]
    assert stages[0]["deposited"][0]["number"] == "1437"
    adopted = [(a["by"], a["decision"], a["date"], a["ta"]) for a in doc.metadata["adopted_texts"]]
    assert adopted == [
        ("Assemblée nationale", "adoptée", "2013-12-04", "252"),
        ("Sénat", "modifiée", "2015-03-30", "85"),
        ("Assemblée nationale", "adoptée", "2016-04-06", "716"),  # TA 673 is only recalled
    ]
    for stage in stages:
        assert doc.text[stage["start"] :].startswith(stage["label"].split(" - ")[0])
        for item in stage["adopted"] + stage["deposited"]:
            assert doc.text[item["start"] : item["end"]] == item["text"]
    assert doc.metadata["promulgated_law"]["url"] == "http://www.legifrance.gouv.fr/x"


def test_a_page_without_stages_is_not_a_dossier():
    from kg.errors import ParseError

    page = "<html><head><title>Assemblée nationale</title></head><body><p>Travaux préparatoires</p></body></html>"
    assert detect(page.encode(), "x.asp") == "html"
    with pytest.raises(ParseError):
        parse_an_dossier(page.encode(), "x.asp")


@pytest.mark.parametrize(
    ("name", "stages", "adopted"),
    [
        (
            "14_systeme_prostitutionnel_renforcement_lutte.asp.html",
            8,
            ["252", "85", "533", "14", "673", "106", "716"],
        ),
        ("12_protection_mineurs.asp.html", 1, []),
    ],
)
def test_real_dossier_pages(name, stages, adopted):
    path = FOLDER / name
    if not path.exists():
        pytest.skip(f"{path} is not there (shared data are outside the repository)")
    data = path.read_bytes()
    assert detect(data, name) == "an-dossier-html"
    doc = parse_an_dossier(data, name)
    assert len(doc.metadata["stages"]) == stages
    assert [a["ta"] for a in doc.metadata["adopted_texts"]] == adopted


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg.errors import ParseError  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8)
)
def test_truncated_or_mutated_pages_give_document_or_parse_error(cut: float, flips: list) -> None:
    data = bytearray(PAGE.encode("cp1252"))
    for position, value in flips:
        data[int(position * (len(data) - 1))] = value
    try:
        doc = parse_an_dossier(bytes(data[: int(cut * len(data))]), "fuzz.asp")
    except ParseError as error:
        assert "fuzz.asp" in error.message
        return
    for stage in doc.metadata["stages"]:
        for item in stage["adopted"] + stage["deposited"]:
            assert doc.text[item["start"] : item["end"]] == item["text"]
