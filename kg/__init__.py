"""policykg: a knowledge graph comparing regimes against the sexual exploitation of minors.

The package is a library first: the build, the analyses and the store work without the CLI
or the HTTP API, which are thin shells over them. Its folders follow the data flow (store,
ingest, build, analysis, publish, formats); docs/architecture.md draws them.
"""

from kg.config import Settings
from kg.errors import PolicyKGError

__version__ = "0.4.0"

__all__ = ["PolicyKGError", "Settings", "__version__"]
