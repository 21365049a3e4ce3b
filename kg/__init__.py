"""policykg: a knowledge graph comparing regimes against the sexual exploitation of minors.

The package is a library first: the build, the analyses and the store work without the CLI
or the HTTP API, which are thin shells over them. Its folders follow the data flow (store,
ingest, build, analysis, publish, formats); docs/architecture.md draws them.
"""

from kg.config import Settings
from kg.errors import PolicyKGError

__all__ = ["PolicyKGError", "Settings", "__version__"]


def __getattr__(name: str) -> str:
    """`kg.__version__`, read from the installed metadata when first asked for: importing
    importlib.metadata costs ~20 ms, paid by every command otherwise."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:  # the one declaration is pyproject.toml's; installed metadata carries it here
        found = version("policykg")
    except PackageNotFoundError:  # pragma: no cover - running from a tree never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
