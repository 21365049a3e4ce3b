"""Third-party JavaScript served from the installed Python packages that ship it.

plotly.js (from `plotly`) and vis-network (from `pyvis`) are served at versioned URLs that
may be cached forever; nothing is loaded from a CDN, so every page works offline.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from kg.errors import NotFound
from kg.locale import mark
from kg.publish import network

router = APIRouter(include_in_schema=False)

IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
VIS = f"/vendor/vis-{network.VIS_VERSION}"
#: The only vis-network files served, with their media types.
VIS_FILES = {
    "vis-network.min.js": "text/javascript; charset=utf-8",
    "vis-network.css": "text/css; charset=utf-8",
}


@cache
def plotly_file() -> tuple[str, Path]:
    """(versioned URL, file) of plotly.min.js inside the installed `plotly` package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return f"/vendor/plotly-{version('plotly')}/plotly.min.js", path


@router.get("/vendor/plotly-{ver}/plotly.min.js")
def plotly_js(ver: str) -> Response:
    url, path = plotly_file()
    if ver != version("plotly") or not path.is_file():
        raise NotFound(mark("No plotly.js {ver!r} here; see {url}"), ver=ver, url=url)
    return FileResponse(path, media_type="text/javascript", headers=IMMUTABLE)


@router.get(VIS + "/{name}")
def vis_file(name: str) -> FileResponse:
    """vis-network from the installed pyvis package."""
    if name not in VIS_FILES:
        raise NotFound(mark("No file {name!r} under {VIS}"), name=name, VIS=VIS)
    return FileResponse(network.vis_folder() / name, media_type=VIS_FILES[name], headers=IMMUTABLE)


#: The site's icon (the header's colours: two linked nodes); every page links it (base.html).
ICON = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>"
    "<rect width='16' height='16' rx='3' fill='#1f3a5f'/>"
    "<circle cx='5' cy='5' r='2' fill='#fff'/><circle cx='11' cy='11' r='2' fill='#fff'/>"
    "<path d='M5 5L11 11' stroke='#fff'/></svg>"
)


@router.get("/favicon.ico")
def favicon() -> Response:
    """The icon every page links, and what a browser asks for on a page with none of its own
    (JSON, Swagger UI), rather than a 404 in the console."""
    return Response(
        ICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )
