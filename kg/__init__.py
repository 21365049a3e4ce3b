"""policykg: a knowledge graph comparing regimes against the sexual exploitation of minors.

The package is a library first: the build, the analyses and the store work without the CLI
or the HTTP API, which are thin shells over them. Its folders follow the data flow (store,
ingest, build, analysis, publish, formats); docs/architecture.md draws them.
"""

from importlib.metadata import PackageNotFoundError, version

from kg.config import Settings
from kg.errors import PolicyKGError

try:  # the one declaration is pyproject.toml's; installed metadata carries it here
    __version__ = version("policykg")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    __version__ = "0+unknown"

__all__ = ["PolicyKGError", "Settings", "__version__"]
