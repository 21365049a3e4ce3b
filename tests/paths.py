"""Where the tests find their inputs: the project, its fixtures, and the shared real data.

The real sample files live beside the checkout (../shared/realdata), never in the
repository; tests that need them skip with a message when they are absent. POLICYKG_SHARED
points at another folder holding `realdata/` and `seeds/` (a worktree kept elsewhere).
"""

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
SHARED = Path(os.environ.get("POLICYKG_SHARED") or PROJECT.parent / "shared")
REALDATA = SHARED / "realdata"
