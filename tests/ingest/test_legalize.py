"""Consolidated codes and acts as Markdown with front matter (legalize-md), whole-code files
in the etalab layout, and the declared language and jurisdiction of legislation.gov.uk XML."""

from __future__ import annotations

import pytest

from kg.ingest.parsers import PARSERS
from kg.ingest.parsers.ukleg import declared_language
from kg.ingest.sniff import detect

FR_CODE = """---
title: "Code pénal"
identifier: "LEGITEXT000006070719"
country: "fr"
last_updated: "2026-04-02"
---
# Code pénal

#### Section 2 : Du proxénétisme

##### Article 225-5

Le proxénétisme est le fait d'aider la prostitution d'autrui.

Le proxénétisme est puni de sept ans d'emprisonnement et de 150 000 euros d'amende.

##### Article 225-6

Est puni des peines prévues par l'article 225-5 le fait de servir d'intermédiaire.

#### Section 2 bis : Du recours

##### Article 225-12-1

Texte.
"""

FR_OLD = """---
title: "Code pénal"
identifier: "LEGITEXT000006070719"
country: "fr"
last_updated: "2006-12-31"
---
# Code pénal

Section 2 : Du proxénétisme et des infractions qui en résultent

Article 225-5

Le proxénétisme est puni de sept ans d'emprisonnement.

Article 225-10-1

Le racolage est puni de deux mois d'emprisonnement.

Section 2 bis : Du recours à la prostitution de mineurs

Article 225-12-1
"""

SE_LAW = """---
title: "Lag (1990:52) med särskilda bestämmelser om vård av unga"
identifier: "SFS-1990-52"
country: "se"
last_updated: "2005-01-01"
---
# Lag (1990:52) med särskilda bestämmelser om vård av unga

##### 1 §

Insatser ska göras enligt 2 eller 3 §. Lag (2025:410).

##### 6 a §

Text om [omhändertagande](#x).
"""

UK_ACT = """---
title: "Example (Scotland) Act 2005"
identifier: "asp-2005-9"
country: "uk"
jurisdiction: "uk-sct"
type_code: "asp"
year: "2005"
number: "9"
language: "en"
restrict_start_date: "2023-03-31"
last_updated: "2013-04-01"
---
# Example (Scotland) Act 2005

## PART 1 — OFFENCES

#### Meeting a child

##### 1

- (1) A person commits an offence if—

- (a) *something* happens.

#### Interpretation

##### 1A

In this Act “*child*” means a person aged under 16.

## SCHEDULE 1

##### 3

A paragraph of the schedule.
"""


def read(text: str, name: str = "file.md"):
    fmt = detect(text.encode(), name)
    return fmt, PARSERS[fmt](text.encode(), name)


def body(doc, provision) -> str:
    return doc.text[provision.start : provision.end]


def test_whole_code_file_is_split_into_articles():
    fmt, doc = read(FR_CODE)
    assert fmt == "legalize-md"
    assert (doc.instrument, doc.jurisdiction, doc.language) == ("fr/code-penal", "FR", "fr")
    assert [p.path for p in doc.provisions] == [
        "article/225-5", "article/225-6", "article/225-12-1"
    ]  # fmt: skip
    first, second, third = doc.provisions
    assert body(doc, first).startswith("Le proxénétisme est le fait")
    assert body(doc, first).endswith("150 000 euros d'amende.")
    assert "Section 2 bis" not in body(doc, second)
    assert body(doc, third) == "Texte."
    assert doc.metadata["published"] == "2026-04-02"


def test_older_files_with_bare_article_lines_are_split_too():
    _, doc = read(FR_OLD)
    assert [p.number for p in doc.provisions] == ["225-5", "225-10-1", "225-12-1"]
    assert body(doc, doc.provisions[1]) == "Le racolage est puni de deux mois d'emprisonnement."
    assert "Section 2 bis" not in body(doc, doc.provisions[1])
    assert body(doc, doc.provisions[2]) == ""


def test_swedish_law_paragraphs_and_amending_act():
    fmt, doc = read(SE_LAW)
    assert fmt == "legalize-md"
    assert (doc.instrument, doc.jurisdiction, doc.language) == ("se/sfs/1990/52", "SE", "sv")
    assert [p.path for p in doc.provisions] == ["par/1", "par/6a"]
    assert doc.metadata["last_amended_by"] == {"1 §": "2025:410"}
    assert body(doc, doc.provisions[1]) == "Text om omhändertagande."
    assert doc.metadata["published"] is None  # last_updated is not the consolidation's date


def test_uk_act_sections_titles_schedules_and_markup():
    fmt, doc = read(UK_ACT)
    assert fmt == "legalize-md"
    assert (doc.instrument, doc.jurisdiction) == ("uk/asp/2005/9", "UK-SCT")
    paths = [p.path for p in doc.provisions]
    assert paths == ["section/1", "section/1A", "schedule/1/paragraph/3"]
    assert [p.heading for p in doc.provisions[:2]] == ["Meeting a child", "Interpretation"]
    assert (
        body(doc, doc.provisions[0])
        == "(1) A person commits an offence if—\n\n(a) something happens."
    )
    assert doc.metadata["published"] == "2023-03-31"


def test_declared_language_wins():
    _, doc = read(UK_ACT.replace('language: "en"', 'language: "cy"'))
    assert doc.language == "cy"


def test_jurisdiction_from_extent_or_type_when_not_declared():
    text = UK_ACT.replace('jurisdiction: "uk-sct"\n', 'restrict_extent: "E+W"\n')
    assert read(text)[1].jurisdiction == "UK-EW"
    text = UK_ACT.replace('jurisdiction: "uk-sct"\n', "").replace(
        'type_code: "asp"', 'type_code: "ukla"'
    )
    assert read(text)[1].jurisdiction == "UK"


def test_unknown_country_is_a_parse_error():
    from kg.errors import ParseError

    with pytest.raises(ParseError, match="unknown country"):
        PARSERS["legalize-md"](FR_CODE.replace('country: "fr"', 'country: "de"').encode(), "x.md")


def test_whole_code_markdown_without_front_matter_is_split():
    text = "# Code pénal\n\n###### Article 225-5\n\nPremier.\n\n###### Article 225-6\n\nSecond.\n"
    fmt, doc = read(text, "code-penal.md")
    assert fmt == "fr-code-md"
    assert [(p.path, body(doc, p)) for p in doc.provisions] == [
        ("article/225-5", "Premier."),
        ("article/225-6", "Second."),
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("cy", "en"), "cy"),
        ((None, "cym"), "cy"),
        (("en-GB",), "en"),
        ((None, None), "en"),
        (("xx", "eng"), "en"),
    ],
)
def test_declared_language_codes(values, expected):
    assert declared_language(*values) == expected


def test_clml_root_language_is_kept():
    clml = (
        b'<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation" '
        b'xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata" '
        b'DocumentURI="http://www.legislation.gov.uk/anaw/2016/1/section/1" '
        b'IdURI="http://www.legislation.gov.uk/id/anaw/2016/1" xml:lang="cy">'
        b"<ukm:Metadata/><Primary><Body><P1group><Title>Teitl</Title><P1><Pnumber>1</Pnumber>"
        b"<P1para><Text>Testun.</Text></P1para></P1></P1group></Body></Primary></Legislation>"
    )
    doc = PARSERS["clml"](clml, "anaw-2016-1.xml")
    assert doc.language == "cy"
    assert doc.jurisdiction == "UK-EW"


def test_clml_local_act_without_extent_is_a_uk_act():
    clml = (
        b'<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation" '
        b'xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata" '
        b'IdURI="http://www.legislation.gov.uk/id/ukla/2019/1">'
        b"<ukm:Metadata/><Primary><Body><P1group><Title>T</Title><P1><Pnumber>1</Pnumber>"
        b"<P1para><Text>Text.</Text></P1para></P1></P1group></Body></Primary></Legislation>"
    )
    doc = PARSERS["clml"](clml, "ukla-2019-1.xml")
    assert (doc.instrument, doc.jurisdiction, doc.language) == ("uk/ukla/2019/1", "UK", "en")


# --- whatever bytes arrive: a document or a ParseError naming the file ------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg.errors import ParseError  # noqa: E402
from kg.ingest.model import Document  # noqa: E402

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _outcome(data: bytes) -> None:
    try:
        document = PARSERS["legalize-md"](data, "fuzz.md")
    except ParseError as error:
        assert "fuzz.md" in error.message
        return
    assert isinstance(document, Document)
    for provision in document.provisions:
        assert 0 <= provision.start <= provision.end <= len(document.text)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _outcome(data)


@FUZZ
@given(
    sample=st.sampled_from([FR_CODE, FR_OLD, SE_LAW, UK_ACT]),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
)
def test_truncated_or_mutated_files(sample: str, cut: float, flips: list) -> None:
    data = bytearray(sample.encode())
    for position, value in flips:
        data[int(position * (len(data) - 1))] = value
    _outcome(bytes(data[: int(cut * len(data))]))
