"""The documentation keeps up with the code: settings, commands, routes, ontology reference."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app as cli_app
from kg.config import PROJECT_ROOT, SETTINGS
from kg.publish.ontology_docs import render
from tests.conftest import needs_java
from tests.doc_examples import examples, mismatch

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
API = (PROJECT_ROOT / "docs" / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented(name):
    assert f"`{name}`" in README or f"`{name}`," in README


def test_every_command_is_documented():
    names = [c.name or c.callback.__name__ for c in cli_app.registered_commands]
    assert names
    for name in names:
        assert f"policykg {name}" in README, name


def test_every_route_is_documented(client):
    paths = set(client.app.openapi()["paths"])
    assert {"/api/compare", "/sparql", "/api/documents"} <= paths
    catalogue = {p for p in paths if p.startswith("/api/queries/")}
    assert catalogue, "the named-query catalogue has operations"
    assert "/api/queries/{name}" in README  # documented once for the whole catalogue
    for path in sorted(paths - catalogue):
        assert path in README, path


def test_ontology_reference_is_current():
    current = (PROJECT_ROOT / "docs" / "ontology-reference.md").read_text(encoding="utf-8")
    assert current == render(), (
        "run: python -m kg.publish.ontology_docs > docs/ontology-reference.md"
    )


def test_every_minted_class_has_labels_in_three_languages():
    from rdflib import OWL, RDF, RDFS, Graph, URIRef

    graph = Graph().parse(PROJECT_ROOT / "ontology" / "policykg.ttl")
    graph.parse(PROJECT_ROOT / "ontology" / "monitoring.ttl")
    pkg = "https://w3id.org/policykg/ontology#"
    classes = [
        c
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(pkg)
    ]
    assert len(classes) > 20
    for cls in classes:
        langs = {getattr(label, "language", None) for label in graph.objects(cls, RDFS.label)}
        assert {"en", "fr", "sv"} <= langs, cls


# ---------------------------------------------------------------- the shell examples, run


def test_console_examples_parse_and_skips_say_why():
    found = [e for path in DOCUMENTS for e in examples(path)]
    assert any(e.path.name == "README.md" for e in found), "the README tour is made of examples"
    for example in found:
        assert example.commands, f"{example.where}: a console block without a `$ ` command"


def test_matching_rules():
    assert mismatch(["a", "…", "z"], ["a", "b", "c", "z"]) is None
    assert mismatch(["a", "… (rows follow)"], ["a", "b"]) is None
    assert mismatch(["Wrote … bytes to x"], ["Wrote 1,234 bytes to x"]) is None
    assert mismatch(["HermiT: 233 inferred"], ["HermiT: 278 inferred"]) is not None
    assert mismatch(["a"], ["a", "b"]) is not None  # nothing printed that the docs hide
    assert mismatch(["a", "b"], ["a"]) is not None


@pytest.mark.reasoner  # the tour's build output shows HermiT's result
@needs_java()
def test_the_tour_runs_as_written_without_and_with_a_server(tmp_path, monkeypatch):
    """Issue 19's acceptance: every command of the README's tour (and of docs/*.md) prints
    what the document shows — first with no server (the store is the CLI's), then while
    `policykg serve` holds a copy of the same store (reads open it read-only, `ingest` goes
    through the server with the token). `build` runs once, for real, in the first pass."""
    from tests.conftest import serve

    found = [e for path in DOCUMENTS for e in examples(path)]
    token = re.search(r"POLICYKG_TOKEN=(\S+) make run", README)
    assert token, "the tour says how to start the server with a token"
    store_a, store_b = tmp_path / "a" / "store", tmp_path / "b" / "store"
    work = _project_view(tmp_path / "clone")
    runner = _Runner(monkeypatch, work)

    copied = False
    for example in found:
        if example.mode in ("server", "skip"):
            continue
        for command in example.commands:
            runner.check(example, command, {"POLICYKG_STORE": str(store_a)}, None)
            if not copied and _is_build(command.text):
                shutil.copytree(store_a, store_b)  # the built store, before the tour writes
                copied = True
    assert copied, "the tour builds the store"

    with serve({"POLICYKG_STORE": str(store_b), "POLICYKG_TOKEN": token.group(1)}) as base:
        for example in found:
            if example.mode in ("no-server", "skip"):
                continue
            for command in example.commands:
                runner.check(example, command, {"POLICYKG_STORE": str(store_b)}, base)


#: The day the tour is run "today" (its outputs show `…` where a reader sees today's date).
TOUR_DAY = date(2026, 11, 23)
#: The terminal width the README's tables were printed at.
TOUR_WIDTH = 200
DOCUMENTS = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]


def _is_build(text: str) -> bool:
    return shlex.split(text)[-1:] == ["build"]


def _project_view(folder: Path) -> Path:
    """A folder that looks like a fresh clone (links to the project's files), so relative
    paths in the examples resolve and files they write (all.trig) land in a temporary place."""
    folder.mkdir()
    for entry in PROJECT_ROOT.iterdir():
        if entry.name not in ("var", ".git", ".venv") and not entry.name.endswith(".trig"):
            (folder / entry.name).symlink_to(entry)
    return folder


class _Runner:
    """Runs one example command as a shell would: `policykg` in this process (a frozen
    date, a fixed width), anything else (curl, jq) in bash."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, cwd: Path) -> None:
        import kg.analysis.compare
        from kg import cli

        class Real(type):  # isinstance(d, TourDate) stays true for every date
            def __instancecheck__(cls, value: object) -> bool:
                return isinstance(value, date)

        class TourDate(date, metaclass=Real):
            @classmethod
            def today(cls) -> date:
                return TOUR_DAY

        monkeypatch.setattr(kg.analysis.compare, "date", TourDate)
        monkeypatch.setattr(cli.console, "_width", TOUR_WIDTH)
        monkeypatch.chdir(cwd)
        self.cwd = cwd
        self.cli = CliRunner()

    def check(self, example, command, env: dict[str, str], server: str | None) -> None:
        where = f"{example.where} `{command.text.splitlines()[0]}`"
        where += " (with a server)" if server else " (no server)"
        words = shlex.split(command.text.replace("\\\n", " "))  # `\` continues a line
        prefix = {}
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, _, value = words.pop(0).partition("=")
            prefix[name] = value
        if words and words[0].endswith("bin/policykg"):
            result = self.cli.invoke(
                cli_app, words[1:], env={"POLICYKG_TOKEN": None, **env, **prefix}
            )
            code, printed, problems = result.exit_code, result.stdout, result.stderr
        else:
            text = command.text
            if server:
                text = text.replace("127.0.0.1:8000", server.removeprefix("http://"))
            if "| jq" in text and shutil.which("jq") is None:
                pytest.skip("jq is not installed (the README pipes one example through it)")
            done = subprocess.run(
                ["bash", "-o", "pipefail", "-c", text],
                cwd=self.cwd, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            code, printed, problems = done.returncode, done.stdout, done.stderr
        assert code == 0, f"{where} failed ({code}):\n{problems}\n{printed}"
        wrong = mismatch(command.expected, printed.splitlines())
        assert wrong is None, f"{where} does not print what the document shows: {wrong}"


# ---------------------------------------------------------------- figures and claims in prose


def _prose(text: str) -> str:
    """The text outside fenced blocks and before the changelog (others' release notes)."""
    text = text.split("\n## Changelog")[0]
    return re.sub(r"```.*?```", "", text, flags=re.S)


def test_no_implemented_feature_is_announced_as_coming():
    """POLICYKG_TOKEN was "for document ingestion, coming next" long after ingestion came."""
    for phrase in ("coming next", "coming soon", "not yet implemented"):
        assert phrase not in _prose(README).lower(), phrase


def test_build_time_is_not_quoted_in_prose():
    """ "about twelve seconds" was wrong by a factor of three: the time is measured in
    docs/benchmarks.md, and the README links there instead of quoting a figure."""
    words = r"\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty"
    claim = re.compile(rf"(?i)\b(?:{words})\s*(?:s|seconds?|minutes?)\b")
    for paragraph in _prose(README).split("\n\n"):
        if paragraph.lstrip().startswith("|"):
            continue  # the tables of settings: time limits, not timings
        if "build" in paragraph and claim.search(paragraph):
            raise AssertionError(f"a build time quoted in the README: {paragraph[:200]!r}")
    assert "docs/benchmarks.md" in README


def test_reasoner_figures_come_from_the_build_output_only():
    """ "HermiT stored 233 inferred triples" drifted from the build's own table: the README
    quotes the build's output in a tested example, never a count in prose."""
    assert not re.search(r"\d+ inferred triples", _prose(README))


def test_views_doc_quotes_no_node_count_of_the_real_graph():
    """docs/views.md said the alignment view has 22 nodes when it had 124."""
    views = _prose((PROJECT_ROOT / "docs" / "views.md").read_text(encoding="utf-8"))
    assert not re.search(r"(?i)\b(alignment|regime \w+|neighbourhood[^:.]*)\s*:\s*\d+", views)


def test_shell_examples_with_output_are_console_blocks():
    """An example showing `$ command` and its output in a ```text block would escape the doc
    test: such blocks must be ```console."""
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"^```(?:text|sh|bash|shell)\n(.*?)^```", text, flags=re.S | re.M):
            assert not block.startswith("$ "), f"{path.name}: make this a ```console block"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_the_public_interface_lists_every_setting(name):
    assert f"| `{name}`" in API or f", `{name}` |" in API, name


def test_the_public_interface_lists_every_command_and_json_route(client):
    for command in cli_app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"| `{name}" in API, name
    paths = {p for p in client.app.openapi()["paths"] if p.startswith("/api/")}
    for path in sorted(paths):
        if not path.startswith("/api/queries/") or path == "/api/queries/{name}":
            assert path.split("{")[0].rstrip("/") in API, path


def test_the_code_cites_the_public_interface_it_has():
    """Code and docs cite docs/api.md by section; a cited section must exist there."""
    import re

    cited = set()
    for folder in ("kg", "api", "docs", "ontology"):
        for path in (PROJECT_ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".md", ".ttl", ".rq", ".html"):
                text = path.read_text(encoding="utf-8")
                assert "CONTRACT §" not in text, path
                cited |= set(re.findall(r"docs/api\.md §(\d)", text))
    assert cited
    for section in cited:
        assert f"## §{section} " in API, section
