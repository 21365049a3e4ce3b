"""SHACL shapes: valid cases conform, each invalid case fails with its own message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import source_policy
from kg.build.pipeline import Source, read_source
from kg.build.validate import validate
from kg.config import PROJECT_ROOT
from kg.ns import graph_iri

CASES = Path(__file__).parent / "shapes"


def load(path: Path):
    return read_source(Source(path, graph_iri("test"), "data"))


def check(path: Path):
    vocab = {
        name: load(PROJECT_ROOT / "ontology" / name)
        for name in ("jurisdictions.ttl", "topics.ttl", "measures.ttl")
    }
    policy = source_policy.shapes(load(PROJECT_ROOT / "ontology" / "source-policy.ttl"))
    return validate(
        vocab | {path.name: load(path)},
        load(PROJECT_ROOT / "ontology" / "policykg.ttl"),
        load(PROJECT_ROOT / "ontology" / "shapes.ttl") + policy,
    )


@pytest.mark.parametrize("path", sorted((CASES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_case_conforms(path):
    report = check(path)
    assert report.conforms, report.violations


@pytest.mark.parametrize("path", sorted((CASES / "invalid").glob("*.ttl")), ids=lambda p: p.stem)
def test_invalid_case_is_reported(path):
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    report = check(path)
    assert not report.conforms
    messages = " | ".join(v.message for v in report.violations)
    assert expected in messages, messages
    assert all(v.source == path.name for v in report.violations if v.source)


def test_the_documented_example_is_valid():
    assert check(PROJECT_ROOT / "docs" / "example-fact.ttl").conforms


def test_all_curated_data_conforms(built):
    _, report = built
    assert report.validation is not None
    assert report.validation.conforms, report.validation.violations[:5]


@pytest.mark.parametrize("path", sorted((CASES / "warning").glob("*.ttl")), ids=lambda p: p.stem)
def test_warning_case_conforms_but_is_reported(path):
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    report = check(path)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]
    assert expected in report.violations[0].message


@pytest.mark.parametrize(
    ("url", "excluded"),
    [
        ("https://www.code-penal.fr/article-225-12-1", True),
        ("http://docplayer.se/1234-x.html", True),
        ("https://fr.scribd.com/document/1", True),  # a subdomain of an excluded host
        ("https://notdoctrine.fr/x", False),  # another host that only ends alike
        ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000043409305", False),
        ("https://doctrine.fr.example.org/", False),
    ],
)
def test_the_policy_matches_hosts_and_their_subdomains_only(url, excluded):
    import re

    pattern = source_policy.excluded_pattern(load(PROJECT_ROOT / "ontology" / "source-policy.ttl"))
    assert bool(re.match(pattern, url)) is excluded
