"""Penalties read in ingested statutes are checked against the curated sanctions."""

from __future__ import annotations

import pytest

from kg.build.consistency import check
from kg.ingest.pipeline import ingest
from tests.conftest import REALDATA

ARTICLE = "# Article 225-12-1\n\nLe fait de solliciter {what} est puni de {penalty}.\n"


@pytest.fixture
def fresh_store(store_copy):
    return store_copy


def test_a_statute_that_contradicts_the_curated_penalty_is_reported(fresh_store):
    text = ARTICLE.format(
        what="des relations sexuelles d'un mineur",
        penalty="cinq ans d'emprisonnement et de 75 000 euros d'amende",
    )
    ingest(fresh_store, text.encode(), "article-225-12-1.v2002-03-05.md")
    result = check(fresh_store)
    assert result.compared == 1
    [disagreement] = result.disagreements
    assert disagreement.provision.endswith("/code-penal/article/225-12-1")
    assert disagreement.at == "2002-03-05"
    assert disagreement.statute_says == "5 years, 75,000 EUR"
    assert disagreement.curated == ["3 years, 45,000 EUR"]


def test_a_statute_that_agrees_is_not_reported(fresh_store):
    text = ARTICLE.format(
        what="des relations sexuelles d'un mineur",
        penalty="trois ans d'emprisonnement et de 45 000 euros d'amende",
    )
    ingest(fresh_store, text.encode(), "article-225-12-1.v2002-03-05.md")
    result = check(fresh_store)
    assert (result.compared, result.disagreements) == (1, [])


def test_uncurated_provisions_are_counted_not_reported(fresh_store):
    text = ARTICLE.replace("225-12-1", "225-10").format(
        what="x", penalty="sept ans d'emprisonnement et de 150 000 euros d'amende"
    )
    ingest(fresh_store, text.encode(), "article-225-10.v2002-01-01.md")
    result = check(fresh_store)
    assert (result.compared, result.uncurated, result.disagreements) == (0, 1, [])


def test_the_real_2002_version_of_article_225_12_1_agrees(fresh_store):
    path = REALDATA / "fr_code_penal_md" / "article-225-12-1.v2002-03-05.md"
    if not path.exists():
        pytest.skip("../shared/realdata is absent")
    ingest(fresh_store, path.read_bytes(), path.name)
    result = check(fresh_store)
    assert result.compared >= 1 and result.disagreements == []


def test_every_real_code_penal_version_agrees_with_the_curated_sanctions(fresh_store):
    """The LEGI exports of arts. 225-4-1 (2003, 2007, 2013), 225-5 (1994, 2001, 2002), 434-3
    and 225-12-1 (2002): each penalty they state is the curated one for that date."""
    folder = REALDATA / "fr_code_penal_md"
    if not folder.is_dir():
        pytest.skip("../shared/realdata is absent")
    for path in sorted(folder.glob("article-*.md")):
        ingest(fresh_store, path.read_bytes(), path.name)
    result = check(fresh_store)
    assert result.compared >= 7
    assert result.disagreements == [], result.disagreements


def test_the_real_consolidated_brottsbalken_agrees_with_the_curated_sanctions(fresh_store):
    """SFS 1962:700 chapters 4 and 6 as published on 2026-04-29: its sections carry no
    version dates, so each penalty is compared with the curated sanctions in force on the
    publication day (trafficking, child sex purchase, sex purchase, procuring…)."""
    path = REALDATA / "se_sfs_md" / "sfs-1962-700.extract-4kap-6kap.md"
    if not path.exists():
        pytest.skip("../shared/realdata is absent")
    ingest(fresh_store, path.read_bytes(), path.name)
    result = check(fresh_store)
    assert result.compared >= 6
    assert result.disagreements == [], result.disagreements


TWO_PARTS = """---
title: "Code pénal"
identifier: "LEGITEXT000006070719"
country: "fr"
last_updated: "2026-04-02"
---
# Code pénal

##### Article 225-4-2

I.-L'infraction prévue au I de l'article 225-4-1 est punie de {first} lorsqu'elle est commise dans deux des circonstances.

II.-L'infraction prévue au II de l'article 225-4-1 est punie de {second} lorsqu'elle a été commise dans l'une des circonstances.
"""


def test_parts_of_one_article_are_compared_part_by_part(fresh_store):
    """Art. 225-4-2: the curated facts model part II (15 years) only since 2013; part I (10
    years) is uncurated, not a disagreement (issue 13)."""
    text = TWO_PARTS.format(
        first="dix ans d'emprisonnement et de 1 500 000 € d'amende",
        second="quinze ans de réclusion criminelle et de 1 500 000 € d'amende",
    )
    ingest(fresh_store, text.encode(), "code-penal.md")
    result = check(fresh_store)
    assert result.disagreements == [], result.disagreements
    assert result.compared >= 1 and result.uncurated >= 1


def test_a_wrong_part_is_still_reported(fresh_store):
    """When no part matches, which part the curated fact models is unknown: each is reported."""
    text = TWO_PARTS.format(
        first="dix ans d'emprisonnement et de 1 500 000 € d'amende",
        second="douze ans de réclusion criminelle et de 1 500 000 € d'amende",
    )
    ingest(fresh_store, text.encode(), "code-penal.md")
    said = sorted(d.statute_says for d in check(fresh_store).disagreements)
    assert said == ["10 years, 1,500,000 EUR", "12 years, 1,500,000 EUR"]
