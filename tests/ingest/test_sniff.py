"""Format detection from names, content types and first bytes."""

from __future__ import annotations

import pytest

from kg.errors import UnsupportedFormat
from kg.ingest.sniff import detect
from tests.conftest import REALDATA

SEEDS = REALDATA.parent / "seeds"


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (
            b'<?xml version="1.0"?>\n<QUESTION TYPE="QE"><LEGISLATURE>14</LEGISLATURE></QUESTION>',
            "q.xml",
            "an-question-xml",
        ),
        (
            b'<?xml version="1.0"?><Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation">',
            "x.xml",
            "clml",
        ),
        (
            b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act/>',
            "x",
            "akn",
        ),
        (
            b"<?xml version='1.0' encoding='UTF-8'?><ARTICLE><META/></ARTICLE>",
            "LEGIARTI1.xml",
            "legi-xml",
        ),
        (b'{"question": {"uid": "QANR5L17QE14232"}}', "q.json", "an-question-json"),
        (b'[{"title": "t", "url": "/artiklar/x/"}]', "artiklar.json", "regeringen-json"),
        (
            b'---\nbeteckning: "1962:700"\nrubrik: Brottsbalk\n---\n# Brottsbalk\n',
            "sfs.md",
            "sfs-md",
        ),
        (
            b"# Article 225-5\n\nLe proxenetisme est...",
            "article-225-5.v2002-01-01.md",
            "fr-code-md",
        ),
        (
            b"<!DOCTYPE html><html><head><title>x</title></head><body>Bonjour</body></html>",
            "p.html",
            "html",
        ),
        (b"# Titel\n\nNagot om sexkop.", "sida.md", "markdown"),
        (b"La situation que vous decrivez, monsieur le depute...", "answer.txt", "text"),
        (
            b"# ASSEMBL\xc3\x89E NATIONALE\n\nQuestion \xc3\xa9crite n\xc2\xb0 14232\n",
            "q.txt",
            "an-question-text",
        ),
    ],
)
def test_detect(data, name, expected):
    assert detect(data, name) == expected


def test_unknown_xml_and_json_need_a_format():
    with pytest.raises(UnsupportedFormat, match="unknown kind"):
        detect(b"<?xml version='1.0'?><svg/>", "image.svg")
    with pytest.raises(UnsupportedFormat):
        detect(b'{"some": "thing"}', "x.json")


def test_the_seeds_are_recognised():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    assert (
        detect((SEEDS / "003_6b7262543303aeef.txt").read_bytes(), "003.txt") == "an-question-text"
    )
    assert detect((SEEDS / "000_6714d1c91c4d82ff.txt").read_bytes(), "000.txt") == "text"
