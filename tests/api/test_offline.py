"""No served page loads anything from the internet: every script, style and image is local."""

from __future__ import annotations

import re
from html import unescape

import pytest

PAGES = [
    "/",
    "/sparql",
    "/docs",
    "/compare",
    "/gaps",
    "/timeline",
    "/documents",
    "/graph?view=alignment",
    "/ontology",
]
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.I)


@pytest.mark.parametrize("path", PAGES)
def test_page_references_no_external_resource(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert not EXTERNAL.findall(response.text), EXTERNAL.findall(response.text)


@pytest.mark.parametrize("path", PAGES)
def test_every_local_asset_is_served(client, path):
    html = client.get(path, headers={"Accept": "text/html"}).text
    for url in re.findall(r"""(?:src|href)\s*=\s*["'](/[^"']+)["']""", html):
        if url.startswith(("/api/", "/sparql", "/docs")) or url == "/":
            continue
        assert client.get(unescape(url)).status_code == 200, url
