"""Start a "spawn" process without re-running the parent's main script in it.

multiprocessing runs the parent's `__main__` file again in each spawned child (for
Windows' sake, where there is no fork). Under `policykg serve` or `ingest` that file is
the console script, which imports the whole CLI (Typer, Rich, the analyses): half of a
query worker's or document reader's start-up, for nothing, as their code lives in their
own modules, which the child imports by name.
"""

from __future__ import annotations

import sys
import types
from multiprocessing.process import BaseProcess


def start_without_main(process: BaseProcess) -> None:
    """`process.start()`, hiding a main script from the child (a main module without a
    file or a spec is not re-run; one run with -m is re-imported by name, as before)."""
    real = sys.modules["__main__"]
    if getattr(real, "__spec__", None) is not None or not getattr(real, "__file__", None):
        process.start()
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        process.start()
    finally:
        sys.modules["__main__"] = real
