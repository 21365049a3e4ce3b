"""Plain text, Markdown, HTML and regeringen.se JSON: seed 000, the real regeringen.se and
AN dossier files, language detection and the decoding policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.ingest.parsers import PARSERS
from kg.ingest.parsers.decoding import decode_bytes
from kg.ingest.parsers.language import detect
from kg.ingest.parsers.text import (
    parse_html,
    parse_markdown,
    parse_regeringen_json,
    parse_text,
    strip_markdown_links,
)
from tests.ingest.fuzzing import fuzz_tests, read
from tests.paths import SHARED

REALDATA = SHARED / "realdata"
SEED_ANSWER = SHARED / "seeds" / "000_6714d1c91c4d82ff.txt"
REGERINGEN = REALDATA / "se_regeringen_md"
ARTICLE = (
    REGERINGEN
    / "artiklar_2024-04_arbetet-for-att-forebygga-och-bekampa-prostitution-och-manniskohandel-intensifieras.md"
)
ARTICLES_JSON = REGERINGEN / "artiklar.json.extract.json"
DOSSIER_14 = (
    REALDATA / "fr_an_dossier_html" / "14_systeme_prostitutionnel_renforcement_lutte.asp.html"
)
DOSSIER_12 = REALDATA / "fr_an_dossier_html" / "12_protection_mineurs.asp.html"
ARTICLE_TITLE = (
    "Arbetet för att förebygga och bekämpa prostitution och människohandel intensifieras"
)


def test_formats_are_registered() -> None:
    for name in ("text", "markdown", "html", "regeringen-json"):
        assert name in PARSERS


# ---------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The minister answered the question in the House of Commons.", "en"),
        ("It is an offence to pay for the sexual services of a child.", "en"),
        ("Regeringen har gett Brå i uppdrag att följa upp sexköpsbrotten.", "sv"),
        ("Det är förbjudet att köpa sexuella tjänster.", "sv"),
        ("Le ministre a répondu à la question de la députée.", "fr"),
        ("La prostitution des mineurs est interdite en France.", "fr"),
    ],
)
def test_language_of_short_sentences(sentence: str, language: str) -> None:
    assert detect(sentence) == language


@pytest.mark.parametrize("text", ["", "   ", "12 345 678", "Hej", "§ 4 — 1962:700"])
def test_language_unknown_without_signal(text: str) -> None:
    assert detect(text) is None


# ---------------------------------------------------------------------- plain text


def test_seed_answer_is_a_french_ministerial_answer() -> None:
    document = parse_text(read(SEED_ANSWER), SEED_ANSWER.name)
    assert document.language == "fr"
    assert document.type == "ministerial-answer"
    assert document.title is None  # its first line is a long sentence, not a heading
    assert document.text.startswith("La situation que vous décrivez, monsieur le député")
    assert document.source_format == "text"


@pytest.mark.parametrize(
    ("text", "kind", "language"),
    [
        (
            "Herr talman! Jag vill tacka för frågan om sexköp och om hur regeringen arbetar.",
            "ministerial-answer",
            "sv",
        ),
        ("Fru talman! Det är en viktig fråga som ledamoten tar upp.", "ministerial-answer", "sv"),
        (
            "The Minister of State for Safeguarding (Jess Phillips): We are taking action on this.",
            "ministerial-answer",
            "en",
        ),
        (
            "Mesdames et messieurs les députés, le Gouvernement est mobilisé.",
            "ministerial-answer",
            "fr",
        ),
        (
            "To ask the Secretary of State for the Home Department, what steps she is taking.",
            "text",
            "en",
        ),
        ("Sexköpslagen infördes 1999 och har utvärderats flera gånger.", "text", "sv"),
    ],
)
def test_answer_detection(text: str, kind: str, language: str) -> None:
    document = parse_text(text.encode("utf-8"), "snippet.txt")
    assert (document.type, document.language) == (kind, language)


def test_short_first_line_is_the_title() -> None:
    document = parse_text(b"Sexual offences\n\nThe law protects children.\n", "t.txt")
    assert document.title == "Sexual offences"


def test_line_endings_and_bom() -> None:
    document = parse_text(b"\xef\xbb\xbfPremi\xc3\xa8re ligne\r\nSeconde ligne\rfin", "crlf.txt")
    assert document.text == "Première ligne\nSeconde ligne\nfin"


def test_latin1_fallback_only_for_latin1_text() -> None:
    latin1 = "Le ministère de l’intérieur répond à la députée.".encode("cp1252")
    assert (
        parse_text(latin1, "latin1.txt").text == "Le ministère de l’intérieur répond à la députée."
    )
    with pytest.raises(ParseError, match=r"sjis\.txt"):
        parse_text("日本語のテキストです。これは日本語です。".encode("shift_jis"), "sjis.txt")


def test_utf8_with_one_corrupt_byte_keeps_its_text() -> None:
    data = read(SEED_ANSWER)
    position = data.index("député".encode()) + 3  # inside the two bytes of "é"
    document = parse_text(data[:position] + b"\xff" + data[position + 1 :], "damaged.txt")
    assert "\ufffd" in document.text
    assert "intolérable" in document.text


def test_utf16_with_bom_is_read() -> None:
    assert parse_text("Det är bra.".encode("utf-16"), "utf16.txt").text == "Det är bra."


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b" \n\r\n\t",
        b"\x00\x01\x02\x03binary",
        bytes(range(256)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
@pytest.mark.parametrize("parser", [parse_text, parse_markdown, parse_html, parse_regeringen_json])
def test_bad_input_raises_parse_error(parser, data: bytes) -> None:
    with pytest.raises(ParseError) as raised:
        parser(data, "bad.bin")
    assert "bad.bin" in raised.value.message


# ---------------------------------------------------------------------- Markdown


def test_regeringen_markdown_is_swedish_with_its_title() -> None:
    document = parse_markdown(read(ARTICLE), ARTICLE.name)
    assert document.language == "sv"
    assert document.title == ARTICLE_TITLE
    assert document.type == "text"
    assert "](/pressmeddelanden" not in document.text
    assert "Pressmeddelande: Satsningar för att bekämpa människohandel" in document.text
    assert "(https://" not in document.text


@pytest.mark.parametrize("path", sorted(REGERINGEN.glob("*.md")) if REGERINGEN.exists() else [])
def test_every_regeringen_page_reads(path: Path) -> None:
    document = parse_markdown(path.read_bytes(), path.name)
    assert document.language == "sv"
    assert document.title and not document.title.startswith("#")
    assert "](" not in document.text


def test_markdown_links_images_and_front_matter() -> None:
    assert strip_markdown_links("[Mme Sophie Blanc](#)") == "Mme Sophie Blanc"
    assert strip_markdown_links('Se [lagen](https://x.se/a_(b) "Titel") nu') == "Se lagen nu"
    assert (
        strip_markdown_links("[![logo](i.png)](/) och [ref][1]\n[1]: https://x.se\n")
        == "logo och ref\n"
    )
    assert strip_markdown_links("<https://www.riksdagen.se>") == "https://www.riksdagen.se"
    data = "---\nid: 7\nrubrik: Test\n---\n# Rubrik\n\nDet är en [text](/a/).\n".encode()
    document = parse_markdown(data, "front.md")
    assert document.metadata["front_matter"] == {"id": 7, "rubrik": "Test"}
    assert document.title == "Rubrik"
    assert document.text == "# Rubrik\n\nDet är en text."


# ---------------------------------------------------------------------- HTML


def test_dossier_html_latin1_and_meta() -> None:
    document = parse_html(read(DOSSIER_14), DOSSIER_14.name)
    assert "système prostitutionnel" in document.text
    assert "prostitutionnel" in document.title
    assert "Ã" not in document.text  # no mojibake
    assert document.metadata["LOI_PROMULGUEE"].startswith("Loi nº 2016-444 du 13 avril 2016")
    assert document.metadata["LIEN_LOI_PROMULGUEE"].startswith("http://www.legifrance.gouv.fr/")
    titles = document.metadata["TITRES_DOC"]
    assert isinstance(titles, list) and len(titles) == len(document.metadata["URLS_DOC"])
    assert (
        titles[0]
        == "Texte adopté n° 252 - Proposition de loi renforçant la lutte contre le système prostitutionnel"
    )
    assert document.metadata["legislature"] == "14"
    assert document.language == "fr"
    assert "<script" not in document.text and "function(" not in document.text


def test_old_dossier_template_and_windows_1252_quote() -> None:
    document = parse_html(read(DOSSIER_12), DOSSIER_12.name)
    assert document.title == "Assemblée nationale - Proposition de loi : protection des mineurs"
    assert "Politique d’accessibilité" in document.text  # byte 0x92 under an ISO-8859-1 label
    assert "LOI_PROMULGUEE" not in document.metadata
    assert "\r" not in document.text


def test_html_charset_fallbacks() -> None:
    page = "<html><head><title>Lag</title></head><body><p>Det är förbjudet.</p><p>Två</p></body></html>"
    assert parse_html(page.encode("utf-8"), "u.html").text == "Det är förbjudet.\n\nTvå"
    assert parse_html(page.encode("latin-1"), "l.html").text == "Det är förbjudet.\n\nTvå"
    declared = page.replace("<head>", '<head><meta charset="iso-8859-1">')
    assert parse_html(declared.encode("utf-8"), "mislabelled.html").text.startswith("Det är")
    with pytest.raises(ParseError, match=r"no-text\.html"):
        parse_html(b"<html><body><script>x()</script></body></html>", "no-text.html")


# ---------------------------------------------------------------------- regeringen JSON


def test_regeringen_json() -> None:
    document = parse_regeringen_json(read(ARTICLES_JSON), ARTICLES_JSON.name)
    assert document.title == ARTICLE_TITLE
    assert document.text.startswith("Offren för människohandel är hårt utsatta")
    assert document.metadata["published"] == "2024-04-11"
    assert document.metadata["updated"] is None
    assert document.metadata["url"].startswith("/artiklar/2024/04/arbetet-for-att")
    assert document.language == "sv"


def test_regeringen_json_impossible_date_is_dropped() -> None:
    document = parse_regeringen_json(b'[{"title": "T", "published": "2024-13-45"}]', "d.json")
    assert document.metadata["published"] is None


def test_regeringen_json_bad_shapes() -> None:
    for data in (b"[]", b'{"a": ', b"[1, 2]", b'"text"', b'[{"url": "/x/"}]'):
        with pytest.raises(ParseError, match=r"articles\.json"):
            parse_regeringen_json(data, "articles.json")


def test_declared_encoding_that_lies_is_not_trusted_blindly() -> None:
    assert decode_bytes("Öresund".encode(), "x", declared="latin-1") == "Öresund"
    assert decode_bytes("Öresund".encode("latin-1"), "x", declared="utf-8") == "Öresund"
    assert decode_bytes(b"plain", "x", declared="no-such-codec") == "plain"
    assert decode_bytes(b"plain", "x", declared="rot13") == "plain"


# ---------------------------------------------------------------------- fuzzing

FUZZ_TARGETS = {
    "text": (parse_text, SEED_ANSWER),
    "markdown": (parse_markdown, ARTICLE),
    "html": (parse_html, DOSSIER_14),
    "regeringen-json": (parse_regeringen_json, ARTICLES_JSON),
}
(
    test_random_bytes_give_document_or_parse_error,
    test_truncated_or_mutated_files_give_document_or_parse_error,
) = fuzz_tests(FUZZ_TARGETS)
