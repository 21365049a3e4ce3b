"""Statute parsers: French code Markdown, LEGI XML, CLML, Akoma Ntoso, SE-Lex SFS Markdown.

Real samples are read from ../shared/realdata (tests skip with a message when it is absent);
small written fixtures live in tests/fixtures/statutes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ParseError
from kg.ingest.model import Document
from kg.ingest.parsers import PARSERS
from kg.ingest.parsers.frcode import parse_fr_code_md
from kg.ingest.parsers.legi import parse_legi_xml
from kg.ingest.parsers.sfs import front_matter, parse_sfs_md, strip_links
from kg.ingest.parsers.ukleg import jurisdiction_of, parse_akn, parse_clml, split_uri
from tests.paths import FIXTURES as ALL_FIXTURES
from tests.paths import REALDATA

Parser = Callable[[bytes, str], Document]

FIXTURES = ALL_FIXTURES / "statutes"


def real(folder: str) -> Path:
    path = REALDATA / folder
    if not path.is_dir():
        pytest.skip(f"real sample folder {path} is absent")
    return path


def parse_file(parser: Parser, path: Path, name: str | None = None) -> Document:
    doc = parser(path.read_bytes(), name or path.name)
    check_offsets(doc)
    return doc


def check_offsets(doc: Document) -> None:
    for p in doc.provisions:
        assert 0 <= p.start <= p.end <= len(doc.text)
        span = doc.text[p.start : p.end]
        assert span == span.strip(), f"{p.number}: span has outer whitespace"
    ends = [(p.start, p.end) for p in doc.provisions]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends)), "overlapping spans"


def provision_text(doc: Document, number: str) -> str:
    found = [p for p in doc.provisions if p.number == number]
    assert len(found) == 1, f"{number}: {len(found)} provisions"
    return doc.text[found[0].start : found[0].end]


def test_formats_are_registered() -> None:
    for name in ("fr-code-md", "legi-xml", "clml", "akn", "sfs-md"):
        assert name in PARSERS
    assert PARSERS["sfs-md"] is parse_sfs_md


# ------------------------------------------------------------------------ fr-code-md


def test_fr_code_article_real() -> None:
    folder = real("fr_code_penal_md")
    doc = parse_file(parse_fr_code_md, folder / "article-225-5.v2002-01-01.md")
    assert (doc.type, doc.language, doc.jurisdiction) == ("statute", "fr", "FR")
    assert doc.instrument == "fr/code-penal"
    assert doc.title == "Code pénal, art. 225-5"
    assert doc.source_format == "fr-code-md"
    [p] = doc.provisions
    assert (p.number, p.path, p.valid_from, p.heading) == (
        "225-5",
        "article/225-5",
        "2002-01-01",
        None,
    )
    body = doc.text[p.start : p.end]
    assert body.startswith("Le proxénétisme est le fait, par quiconque")
    assert body.endswith("est puni de sept ans d'emprisonnement et de 150000 euros d'amende.")
    assert "\n\n1° D'aider, d'assister ou de protéger la prostitution d'autrui ;" in body
    assert not body.startswith("#")


@pytest.mark.parametrize(
    ("file", "number", "date", "snippet"),
    [
        ("article-225-5.v1994-03-01.md", "225-5", "1994-03-01", "1 000 000 F d'amende"),
        ("article-225-4-1.v2013-08-07.md", "225-4-1", "2013-08-07", "II. - La traite"),
        ("article-225-12-1.v2002-03-05.md", "225-12-1", "2002-03-05", "[*taux*] 45000 euros"),
        ("article-434-3.v2002-01-01.md", "434-3", "2002-01-01", "article 226-13."),
    ],
)
def test_fr_code_versions_real(file: str, number: str, date: str, snippet: str) -> None:
    doc = parse_file(parse_fr_code_md, real("fr_code_penal_md") / file)
    [p] = doc.provisions
    assert (p.number, p.path, p.valid_from) == (number, f"article/{number}", date)
    assert snippet in doc.text[p.start : p.end]


def test_fr_code_index_real() -> None:
    doc = parse_file(parse_fr_code_md, real("fr_code_penal_md") / "section-2.README.v2002-01-01.md")
    assert doc.provisions == []
    assert doc.title == "Section 2 : Du proxénétisme et des infractions assimilées."
    entries = doc.metadata["entries"]
    assert entries[0] == {"label": "Article 225-5", "target": "article-225-5.md"}
    assert [e["label"] for e in entries][-1] == "Article 225-12"
    assert len(entries) == 8
    chapter = parse_file(
        parse_fr_code_md, real("fr_code_penal_md") / "chapitre-v.README.v2013-08-07.md"
    )
    assert chapter.title == "Chapitre V : Des atteintes à la dignité de la personne"
    assert "Section 1 ter : De la dissimulation forcée du visage" in chapter.text


def test_fr_code_fixture_and_code_from_path() -> None:
    doc = parse_file(parse_fr_code_md, FIXTURES / "fr" / "article-225-12-2.v2016-04-15.md")
    assert doc.provisions[0].valid_from == "2016-04-15"
    other = parse_file(
        parse_fr_code_md,
        FIXTURES / "fr" / "code-de-procedure-penale" / "article-706-47.md",
        "codes-en-vigueur/code-de-procedure-penale/article-706-47.md",
    )
    assert other.instrument == "fr/code-procedure-penale"  # the graph's id of the code
    assert other.title == "Code de procédure pénale, art. 706-47"
    [p] = other.provisions
    assert p.valid_from is None  # no .vYYYY-MM-DD. in the name
    # soft-wrapped lines of one alinéa are joined
    assert other.text[p.start : p.end].endswith("infractions mentionnées au présent article.")


# -------------------------------------------------------------------------- legi-xml


def test_legi_current_version() -> None:
    doc = parse_file(parse_legi_xml, FIXTURES / "legi" / "LEGIARTI000043409305.xml")
    assert (doc.instrument, doc.jurisdiction, doc.language) == ("fr/code-penal", "FR", "fr")
    assert doc.title == "Code pénal, art. 225-12-1"
    assert doc.metadata["legi_id"] == "LEGIARTI000043409305"
    assert doc.metadata["etat"] == "VIGUEUR"
    assert doc.metadata["text_id"] == "LEGITEXT000006070719"
    [p] = doc.provisions
    assert (p.number, p.path) == ("225-12-1", "article/225-12-1")
    assert (p.valid_from, p.valid_until) == ("2021-04-23", None)  # 2999-01-01 = open
    body = doc.text[p.start : p.end]
    assert body.count("\n\n") == 1  # two <p> → two alinéas
    assert "est puni de cinq ans d'emprisonnement et de 75 000 € d'amende" in body.replace(
        "Est puni", "est puni"
    )
    assert "<p>" not in doc.text


def test_legi_older_version_with_br() -> None:
    doc = parse_file(parse_legi_xml, FIXTURES / "legi" / "LEGIARTI000032401306.xml")
    [p] = doc.provisions
    assert (p.valid_from, p.valid_until) == ("2016-04-15", "2021-04-23")
    assert doc.metadata["etat"] == "MODIFIE"
    alineas = doc.text[p.start : p.end].split("\n\n")
    assert len(alineas) == 4
    assert alineas[2] == "1° Un mineur ;"


def test_legi_rejects_other_xml() -> None:
    with pytest.raises(ParseError, match=r"x\.xml: root element is <TEXTE>"):
        parse_legi_xml(b"<TEXTE/>", "x.xml")
    with pytest.raises(ParseError, match="NUM"):
        parse_legi_xml(b"<ARTICLE><META/></ARTICLE>", "y.xml")


# ---------------------------------------------------------------------------- CLML/AKN


def test_clml_sentencing_act_real() -> None:
    doc = parse_file(parse_clml, real("uk_clml") / "ukpga-2026-2-section-22.xml")
    assert doc.title == "Sentencing Act 2026"
    assert doc.instrument == "uk/ukpga/2026/2"
    assert doc.jurisdiction == "UK-EW"  # s. 22 extends to E+W, the act to the UK
    assert doc.metadata["extent"] == "E+W+S+N.I."
    [p] = doc.provisions
    assert (p.number, p.path, p.valid_from, p.valid_until) == (
        "section 22",
        "section/22",
        "2026-01-22",
        None,
    )
    assert p.heading == "Provision of transcripts of sentencing remarks to victims"
    text = doc.text[p.start : p.end]
    assert text.startswith("(1) Subsection (2) applies if a victim (“V”) requests")
    assert "\n(a) free of charge, and\n" in text
    assert "(4)(a))." in text
    assert text.endswith("sentencing remarks are relevant to a victim.")
    assert "in force at Royal Assent" not in doc.text  # commentaries are not provision text


def test_clml_amendments_real() -> None:
    doc = parse_file(parse_clml, real("uk_clml") / "ukpga-2000-8-section-91.xml")
    assert doc.title == "Financial Services and Markets Act 2000"
    assert (doc.instrument, doc.jurisdiction) == ("uk/ukpga/2000/8", "UK")
    [p] = doc.provisions
    assert p.heading == "Penalties for breach of Part 6 rules"
    # the section's version start, not the view's dct:valid (2024-11-22)
    assert p.valid_from == "2024-01-30"
    text = doc.text[p.start : p.end]
    assert text.startswith("(1) If the FCA considers that—\n(a) an issuer of listed securities, or")
    assert text.count("(1A) If the FCA considers that—") == 1
    assert "FCAFCA" not in text and "  " not in text
    assert "(7) For the purposes of subsection (6)—" in text


def test_clml_welsh_measure_real() -> None:
    doc = parse_file(parse_clml, real("uk_clml") / "mwa-2011-7-section-1-2012-11-16.xml")
    assert (doc.title, doc.instrument, doc.jurisdiction) == (
        "Education (Wales) Measure 2011",
        "uk/mwa/2011/7",
        "UK-EW",
    )
    [p] = doc.provisions
    assert (p.path, p.valid_from, p.valid_until) == ("section/1", "2012-11-16", None)
    text = doc.text[p.start : p.end]
    assert text.startswith("For the purposes of this Part, an “education body” means—\n(a)")
    assert "\n(ii) is exclusively or mainly providing full-time education" in text


@pytest.mark.parametrize("stem", ["ukpga-2026-2-section-22", "mwa-2011-7-section-1-2012-11-16"])
def test_akn_matches_clml_real(stem: str) -> None:
    clml = parse_file(parse_clml, real("uk_clml") / f"{stem}.xml")
    akn = parse_file(parse_akn, real("uk_akn") / f"{stem}.akn.xml")
    assert akn.source_format == "akn"
    assert (akn.title, akn.instrument, akn.jurisdiction) == (
        clml.title,
        clml.instrument,
        clml.jurisdiction,
    )
    assert [(p.number, p.path, p.heading, p.valid_from) for p in akn.provisions] == [
        (p.number, p.path, p.heading, p.valid_from) for p in clml.provisions
    ]
    assert akn.text == clml.text


def test_clml_fixture_amendment_markup() -> None:
    doc = parse_file(parse_clml, FIXTURES / "uk" / "ukpga-2099-1-section-5.xml")
    assert doc.jurisdiction == "UK"  # s. 5 extends to S only, s. 6 to the UK
    assert doc.metadata["provision_extent"] == {"section 5": "S", "section 6": "E+W+S+N.I."}
    s5, s6 = doc.provisions
    assert s5.heading == "Paying for sexual services"
    assert (s5.valid_from, s5.valid_until) == ("2099-03-01", "2099-12-31")
    assert s6.valid_from == "2099-06-01"  # falls back to the root's RestrictStartDate
    assert provision_text(doc, "section 5") == (
        "(1) A person (A) commits an offence if A pays for sexual services.\n"
        "(2) . . .\n"
        "(3) A person guilty of an offence under this section is liable—\n"
        "(a) on summary conviction, to a fine;\n"
        "(b) on conviction on indictment, to imprisonment for a term not exceeding 7 years."
    )
    assert "COMMENTARY" not in doc.text
    # a section quoted in an amendment is text of the quoting section, not a provision
    assert [p.path for p in doc.provisions] == ["section/5", "section/6"]
    assert provision_text(doc, "section 6").endswith("\n99 Quoted text.")


def test_akn_fixture() -> None:
    doc = parse_file(parse_akn, FIXTURES / "uk" / "ukpga-2099-1-section-5.akn.xml")
    clml = parse_file(parse_clml, FIXTURES / "uk" / "ukpga-2099-1-section-5.xml")
    assert doc.title == "2099 c. 1"  # no dc:title: FRBRname
    assert provision_text(doc, "section 5") == provision_text(clml, "section 5")
    s5, s6 = doc.provisions
    assert (s5.valid_from, s5.valid_until) == ("2099-03-01", "2099-12-31")
    assert s6.valid_from == "2099-06-01"  # FRBRExpression validFrom
    assert "COMMENTARY" not in doc.text
    assert [p.path for p in doc.provisions] == ["section/5", "section/6"]


@pytest.mark.parametrize(
    ("extent", "expected"),
    [
        ("E+W", "UK-EW"),
        ("E", "UK-EW"),
        ("S", "UK-SCT"),
        ("N.I.", "UK-NI"),
        ("E+W+S+N.I.", "UK"),
        ("E+W+S", "UK"),
        ("", None),
        ("Mars", None),
    ],
)
def test_jurisdiction_of(extent: str, expected: str | None) -> None:
    assert jurisdiction_of(extent) == expected


def test_split_uri() -> None:
    assert split_uri("http://www.legislation.gov.uk/ukpga/2026/2/section/22") == (
        "uk/ukpga/2026/2",
        "section/22",
    )
    assert split_uri("http://www.legislation.gov.uk/mwa/2011/7/section/1/2012-11-16") == (
        "uk/mwa/2011/7",
        "section/1",
    )
    assert split_uri("http://www.legislation.gov.uk/id/ukpga/2000/8") == ("uk/ukpga/2000/8", None)
    assert split_uri("https://example.org/x") == (None, None)


def test_uk_parsers_reject_the_other_format() -> None:
    akn = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>'
    with pytest.raises(ParseError, match=r"a\.xml: root element"):
        parse_clml(akn, "a.xml")
    with pytest.raises(ParseError, match=r"a\.xml: no document"):
        parse_akn(akn, "a.xml")


# ---------------------------------------------------------------------------- sfs-md


def test_sfs_brottsbalk_real() -> None:
    doc = parse_file(parse_sfs_md, real("se_sfs_md") / "sfs-1962-700.extract-4kap-6kap.md")
    assert (doc.title, doc.instrument, doc.jurisdiction, doc.language) == (
        "Brottsbalk",
        "se/sfs/1962/700",
        "SE",
        "sv",
    )
    meta = doc.metadata
    assert meta["beteckning"] == "1962:700"
    assert meta["departement"] == "Justitiedepartementet"
    assert (meta["utfardad_datum"], meta["ikraft_datum"], meta["publicerad_datum"]) == (
        "1962-12-21",
        "1965-01-01",
        "2026-04-29",
    )
    assert meta["front_matter"] == "yaml-repaired"  # `forarbeten: - "PROP …"` is not YAML
    assert meta["forarbeten"] == ["PROP 1962/63:10", "BET 1962/63:42", "RSKR 1962/63:390"]
    chapter6 = [p for p in doc.provisions if p.number.startswith("6 kap. ")]
    assert len(chapter6) >= 15
    assert "6 kap. 9 §" in {p.number for p in chapter6}
    assert [p.number for p in doc.provisions][:4] == [
        "4 kap. 1 §",
        "4 kap. 1 a §",
        "4 kap. 1 b §",
        "4 kap. 2 §",
    ]
    nine = next(p for p in doc.provisions if p.number == "6 kap. 9 §")
    assert (nine.path, nine.heading, nine.valid_from) == ("kap/6/par/9", None, None)
    text = provision_text(doc, "6 kap. 9 §")
    assert "utnyttjande av barn genom köp av sexuell handling" in text
    assert text.endswith("Lag (2025:586).")
    assert "](" not in doc.text and "https://selex.se" not in doc.text
    assert provision_text(doc, "4 kap. 1 b §").startswith(
        "Den som, i annat fall än som avses i 1 eller 1 a §, genom"
    )
    assert next(p for p in doc.provisions if p.number == "4 kap. 1 a §").path == "kap/4/par/1a"
    assert meta["last_amended_by"]["6 kap. 9 §"] == "2025:586"
    assert "koppleri" in provision_text(doc, "6 kap. 12 §")
    # the division heading and its line belong to no §
    assert "ANDRA AVDELNINGEN" not in "".join(doc.text[p.start : p.end] for p in doc.provisions)


def test_sfs_front_matter_only_real() -> None:
    doc = parse_file(parse_sfs_md, real("se_sfs_md") / "sfs-1990-52.v1990-03-08.md")
    assert doc.provisions == []
    assert doc.title == "Lag med särskilda bestämmelser om vård av unga"
    assert doc.instrument == "se/sfs/1990/52"  # unquoted 1990:52 is not read as base 60
    assert doc.metadata["beteckning"] == "1990:52"
    assert doc.metadata["andringsforfattningar"][0]["beteckning"] == "1993:2"
    assert doc.metadata["andringsforfattningar"][0]["ikraft_datum"] == "1993-07-01"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"\nDenna lag", b"\n\tDenna lag"),  # a paragraph indented by a tab
        (b"\nDenna lag", b"\n[](#x)\n\nDenna lag"),  # a paragraph that is only an empty link
    ],
)
def test_sfs_provision_spans_start_on_words(before: bytes, after: bytes) -> None:
    data = (FIXTURES / "sfs" / "sfs-2099-1.md").read_bytes().replace(before, after)
    doc = parse_sfs_md(data, "x.md")
    check_offsets(doc)
    assert provision_text(doc, "1 §").startswith("Denna lag gäller")


def test_sfs_fixture_without_chapters() -> None:
    doc = parse_file(parse_sfs_md, FIXTURES / "sfs" / "sfs-2099-1.md")
    assert doc.instrument == "se/sfs/2099/1"
    assert [(p.number, p.path) for p in doc.provisions] == [
        ("1 §", "par/1"),
        ("1 a §", "par/1a"),
        ("2 §", "par/2"),
    ]
    assert provision_text(doc, "1 §") == (
        "Denna lag gäller provning av tolkar enligt 2 § och brottsbalken.\n\nLag (2099:5)."
    )
    # a sub-heading ends the § before it
    assert provision_text(doc, "1 a §").endswith("2. muntlig tolkning.")
    assert "Avgift" not in provision_text(doc, "1 a §")
    assert doc.metadata["last_amended_by"] == {"1 §": "2099:5", "2 §": "2099:7"}


def test_sfs_front_matter_fallbacks() -> None:
    broken = '---\nbeteckning: "2001:1"\nrubrik: [unclosed\nforarbeten: - "A"\n  - "B"\n---\n'
    meta, how, body = front_matter(broken)
    assert how == "line-based"
    assert meta["beteckning"] == "2001:1"
    assert meta["forarbeten"] == ["A", "B"]
    assert body == ""
    doc = parse_sfs_md(broken.encode(), "broken.md")
    assert doc.instrument == "se/sfs/2001/1"
    assert strip_links("Lag ([2025:586](https://selex.se/eli/sfs/2025/586)).") == "Lag (2025:586)."


# ----------------------------------------------------------------------- robustness

ALL: dict[str, Parser] = {
    "fr-code-md": parse_fr_code_md,
    "legi-xml": parse_legi_xml,
    "clml": parse_clml,
    "akn": parse_akn,
    "sfs-md": parse_sfs_md,
}


def samples(fmt: str) -> list[Path]:
    """The fixture and real files of a format (real ones only when present)."""
    found = {
        "fr-code-md": sorted((FIXTURES / "fr").rglob("*.md"))
        + sorted((REALDATA / "fr_code_penal_md").glob("*.md")),
        "legi-xml": sorted((FIXTURES / "legi").glob("*.xml")),
        "clml": [
            p for p in sorted((FIXTURES / "uk").glob("*.xml")) if not p.name.endswith(".akn.xml")
        ]
        + sorted((REALDATA / "uk_clml").glob("*.xml")),
        "akn": sorted((FIXTURES / "uk").glob("*.akn.xml"))
        + sorted((REALDATA / "uk_akn").glob("*.xml")),
        "sfs-md": sorted((FIXTURES / "sfs").glob("*.md"))
        + sorted((REALDATA / "se_sfs_md").glob("*.md")),
    }[fmt]
    assert found, f"no sample for {fmt}"
    return found


SAMPLE_BYTES = {fmt: [p.read_bytes() for p in samples(fmt)] for fmt in ALL}


@pytest.mark.parametrize("fmt", list(ALL))
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x00\x01\x02\xff\xfe binary \x89PNG", ""),
        (b"\xff\xfe#\x00 \x00A\x00", ""),
    ],
)
def test_unreadable_input(fmt: str, data: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=rf"^bad\.bin: .*{reason}"):
        ALL[fmt](data, "bad.bin")


@pytest.mark.parametrize("fmt", ["legi-xml", "clml", "akn"])
def test_truncated_xml(fmt: str) -> None:
    data = SAMPLE_BYTES[fmt][0]
    with pytest.raises(ParseError, match=r"^cut\.xml: not well-formed XML"):
        ALL[fmt](data[: len(data) // 2], "cut.xml")


@pytest.mark.parametrize("fmt", ["fr-code-md", "sfs-md"])
def test_latin1_markdown(fmt: str) -> None:
    text = "# Article 1\n\nLe proxénétisme est puni.\n" if fmt == "fr-code-md" else "# Lag\n\nå"
    with pytest.raises(ParseError, match=r"^l1\.md: not UTF-8"):
        ALL[fmt](text.encode("latin-1"), "l1.md")


def test_bom_is_tolerated() -> None:
    data = (FIXTURES / "fr" / "article-225-12-2.v2016-04-15.md").read_bytes()
    assert parse_fr_code_md(b"\xef\xbb\xbf" + data, "a.v2016-04-15.md").provisions[0].number == (
        "225-12-2"
    )
    legi = (FIXTURES / "legi" / "LEGIARTI000043409305.xml").read_bytes()
    assert parse_legi_xml(b"\xef\xbb\xbf" + legi, "b.xml").provisions


def test_unclosed_front_matter() -> None:
    with pytest.raises(ParseError, match=r"^x\.md: front matter not closed"):
        parse_sfs_md(b'---\nbeteckning: "1962:700"\nrubrik: Brottsbalk\n', "x.md")


def _returns_document_or_parse_error(fmt: str, data: bytes) -> None:
    try:
        doc = ALL[fmt](data, "fuzz.bin")
    except ParseError as error:
        assert error.message.startswith("fuzz.bin: ")
        return
    assert isinstance(doc, Document)
    check_offsets(doc)


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> bytes:
    """Random bytes, or a sample truncated and/or with some bytes replaced."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=300))
    data = bytearray(draw(st.sampled_from(SAMPLE_BYTES[fmt])))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@pytest.mark.parametrize("fmt", list(ALL))
def test_fuzz_never_crashes(fmt: str) -> None:
    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=mutated(fmt))
    def run(data: bytes) -> None:
        _returns_document_or_parse_error(fmt, data)

    run()
