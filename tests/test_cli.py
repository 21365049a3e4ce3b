"""The `policykg` command line, run through Typer's runner against an on-disk store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analysis.compare import compare
from kg.cli import app
from kg.config import Settings
from kg.store import open_store
from tests.conftest import built_on_disk

POLICYKG = str(Path(sys.executable).parent / "policykg")

runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(store, tmp_path_factory) -> str:
    """An on-disk store holding the built graph (the build command itself is run, and its
    output checked, by the README tour: tests/test_docs.py)."""
    return str(built_on_disk(store, tmp_path_factory.mktemp("cli") / "store"))


def run(store_dir: str, *args: str):
    return runner.invoke(app, list(args), env={"POLICYKG_STORE": store_dir, "COLUMNS": "200"})


def test_compare_json_is_exactly_the_api_document(store_dir):
    result = run(
        store_dir,
        "compare",
        "purchase-sex-minor",
        "-j",
        "FR",
        "-j",
        "UK",
        "--at",
        "2015-01-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    store = open_store(Settings(store=store_dir))
    try:
        assert printed == compare(store, "purchase-sex-minor", ["FR", "UK"], "2015-01-01")
    finally:
        store.close()


def test_compare_table_csv_and_markdown(store_dir):
    table = run(store_dir, "compare", "purchase-sex-minor", "-j", "SE", "--at", "2015-01-01")
    assert table.exit_code == 0 and "2 years" in table.stdout and "│ SE" in table.stdout
    csv = run(
        store_dir,
        "compare",
        "purchase-sex-minor",
        "-j",
        "FR",
        "--format",
        "csv",
        "--at",
        "2015-01-01",
    )
    assert csv.stdout.splitlines()[0].startswith("jurisdiction,status,item,citation")
    assert any(",3,," in line and "45000" in line for line in csv.stdout.splitlines())
    md = run(store_dir, "compare", "purchase-sex-minor", "-j", "FR", "--format", "md")
    assert md.stdout.startswith("## Purchase of sex from a minor")


def test_query_formats(store_dir):
    text = "SELECT ?code WHERE { ?j a pkg:Jurisdiction ; skos:notation ?code } ORDER BY ?code"
    as_json = json.loads(run(store_dir, "query", text, "--format", "json").stdout)
    assert [b["code"]["value"] for b in as_json["results"]["bindings"]][:2] == ["CoE", "EU"]
    as_csv = run(store_dir, "query", text, "--format", "csv").stdout
    assert as_csv.splitlines()[0].strip() == "code"
    table = run(store_dir, "query", text)
    assert "UK-SCT" in table.stdout and "8 rows" in table.stdout


def test_query_from_file_and_construct(store_dir, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(
        "CONSTRUCT { ?j skos:notation ?c } WHERE { ?j a pkg:Jurisdiction ; skos:notation ?c }"
    )
    result = run(store_dir, "query", f"@{query}")
    assert result.exit_code == 0 and '"UK-NI"' in result.stdout


def test_errors_exit_non_zero_with_a_message(store_dir):
    bad_topic = run(store_dir, "compare", "nope", "-j", "FR")
    assert bad_topic.exit_code == 1 and "Unknown topic" in bad_topic.output
    bad_query = run(store_dir, "query", "SELECT WHERE {")
    assert bad_query.exit_code == 1
    missing = run(store_dir, "query", "@/no/such/file.rq")
    assert missing.exit_code == 2 and "no such query file" in missing.output


def test_export_keeps_named_graphs(store_dir, tmp_path):
    target = tmp_path / "all.trig"
    result = run(store_dir, "export", str(target), "--format", "trig")
    assert result.exit_code == 0
    assert (
        "GRAPH" in target.read_text() or "<https://w3id.org/policykg/graph/" in target.read_text()
    )
    nq = tmp_path / "all.nq"
    run(store_dir, "export", str(nq), "--format", "nq")
    graphs = {line.rsplit(" ", 2)[-2] for line in nq.read_text().splitlines() if line}
    assert "<https://w3id.org/policykg/graph/data/jurisdictions/FR>" in graphs


def test_invalid_data_makes_build_fail(project_copy, tmp_path):
    fr = project_copy / "data" / "jurisdictions" / "FR.ttl"
    fr.write_text(
        fr.read_text(encoding="utf-8").replace("dcterms:source", "dcterms:sourceTypo"),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["build"], env={"POLICYKG_STORE": "memory", "POLICYKG_DATA": str(project_copy)}
    )
    assert result.exit_code == 1
    assert "nothing was written" in result.output


def test_coverage_matrix_and_strict_mode(store_dir):
    result = run(store_dir, "coverage", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["jurisdictions"] == ["FR", "SE", "UK-EW", "UK-SCT", "UK-NI", "EU", "CoE"]
    assert doc["matrix"]["UK-SCT"]["reporting-duty"] == "absent"
    assert doc["verification"]["unverified"] > 0
    assert run(store_dir, "coverage", "-j", "FR", "-j", "UK", "--strict").exit_code == 0
    before = run(store_dir, "coverage", "-j", "FR", "--at", "1990-01-01", "--strict")
    assert before.exit_code == 1 and "unknown cell" in before.output
    table = run(store_dir, "coverage", "--history")
    assert "Periods since 2000 with nothing recorded" in table.stdout
    md = run(store_dir, "coverage", "-f", "md")
    assert md.stdout.startswith("| jurisdiction | purchase-sex-minor |")


def test_check_reports_only_the_named_file(project_copy):
    env = {"POLICYKG_DATA": str(project_copy), "COLUMNS": "200"}
    se = project_copy / "data" / "jurisdictions" / "SE.ttl"
    fr = project_copy / "data" / "jurisdictions" / "FR.ttl"
    fr.write_text(
        fr.read_text(encoding="utf-8").replace(":legalBasis", ":legalBasisTypo"), encoding="utf-8"
    )
    broken = runner.invoke(app, ["check", str(fr)], env=env)
    assert broken.exit_code == 1 and "legal basis" in broken.output
    assert runner.invoke(app, ["check", str(se)], env=env).exit_code == 0  # FR is not SE's
    outside = runner.invoke(app, ["check", str(project_copy / "nowhere.ttl")], env=env)
    assert outside.exit_code == 1 and "Not a curated data file" in outside.output


def test_compare_and_coverage_speak_the_language_asked_for(store_dir):
    fr = run(store_dir, "compare", "purchase-sex-minor", "-j", "SE", "--lang", "fr", "-f", "md")
    assert fr.exit_code == 0 and "| juridiction |" in fr.stdout
    sv = run(store_dir, "coverage", "--lang", "sv")
    assert sv.exit_code == 0 and "Kontrollerad andel:" in sv.stdout and "finns" in sv.stdout
    table = run(store_dir, "compare", "purchase-sex-minor", "-j", "FR", "--lang", "fr")
    assert "en vigueur" in table.stdout
    refused = run(store_dir, "compare", "purchase-sex-minor", "-j", "FR", "--lang", "de")
    assert refused.exit_code != 0


def test_brief_as_markdown_docx_and_json(store_dir, tmp_path):
    from kg.ingest.pipeline import list_documents

    store = open_store(Settings(store=store_dir))
    try:
        [answer] = [d["id"] for d in list_documents(store) if d["type"] == "MinisterialAnswer"]
    finally:
        store.close()
    markdown = run(store_dir, "brief", answer, "--at", "2026-11-22", "--format", "md")
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# Brief: ")
    assert "facts as of 22 November 2026" in markdown.stdout
    french = run(store_dir, "brief", answer, "--at", "2026-11-22", "--lang", "fr")
    assert "faits au 22 novembre 2026" in french.stdout
    target = tmp_path / "answer.docx"
    docx = run(
        store_dir, "brief", answer, "--at", "2026-11-22", "--format", "docx", "-o", str(target)
    )
    assert docx.exit_code == 0, docx.output
    assert target.read_bytes()[:2] == b"PK"
    as_json = run(store_dir, "brief", answer, "--at", "2026-11-22", "--format", "json")
    assert json.loads(as_json.stdout)["document"]["id"] == answer
    missing = run(store_dir, "brief", "no-such-document", "--format", "md")
    assert missing.exit_code != 0 and "no-such-document" in missing.output


def test_ingest_gives_an_undated_answer_its_date_and_question(store_dir, tmp_path):
    from tests.paths import PROJECT

    answer = PROJECT / "data/sources/fr/reponse-ministre-justice-prostitution-mineurs.txt"
    result = run(
        store_dir, "ingest", str(answer), "--date", "2019-03-28", "--answers", "an-15-1820",
        "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    extraction = json.loads(result.stdout)[0]
    assert extraction["metadata"]["date"] == "2019-03-28"
    assert extraction["metadata"]["date_source"] == "given"
    assert extraction["metadata"]["answers"] == "an-15-1820"
    assert {c["kind"] for c in extraction["claims"]} >= {"legal-sufficiency", "plan"}


def test_ingest_refuses_a_malformed_date(store_dir, tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("Un texte.", encoding="utf-8")
    result = run(store_dir, "ingest", str(text), "--date", "28/03/2019")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"POLICYKG_LANG": "sv", "LANG": "fr_FR.UTF-8"}, "sv"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LC_ALL": "sv_SE.UTF-8", "LANG": "fr_FR.UTF-8"}, "sv"),
        ({"LC_MESSAGES": "fr_CA", "LANG": "C.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_command_line_language_follows_the_environment(environ, lang):
    from kg.cli import language_from_environment

    assert language_from_environment(environ) == lang


def test_the_command_line_speaks_the_posix_locale_and_lang_wins(tmp_path):
    env = os.environ | {"POLICYKG_LANG": "", "LANG": "fr_FR.UTF-8", "LC_ALL": ""}
    env["POLICYKG_STORE"] = str(tmp_path / "nowhere")
    french = subprocess.run(
        [POLICYKG, "coverage"], env=env, capture_output=True, text=True, timeout=120
    )
    assert french.returncode == 1
    assert "Il n'y a pas encore de base" in french.stderr and "erreur" in french.stderr
    swedish = subprocess.run(
        [POLICYKG, "--lang", "sv", "coverage"], env=env, capture_output=True, text=True, timeout=120
    )
    assert "Det finns inget lager" in swedish.stderr and "fel:" in swedish.stderr
