"""A whole case into a store: the records (veracity.ingest) and the ACH questions (veracity.ach)
in one transaction. The CLI's ``import`` and ``demo`` and the web UI all load cases through here.
"""

from __future__ import annotations

from veracity.ach.storage import case_hook
from veracity.ingest.casefile import Case, bundled_case, import_case
from veracity.store import Store


def import_full_case(store: Store, case: Case) -> dict[str, int]:
    """Records and questions together: a bad question leaves the store as it was."""
    written = import_case(store, case, then=[case_hook])
    written["questions"] = len(case.questions)
    return written


def load_bundled(store: Store, name: str) -> Case:
    """Load a case shipped with veracity (``veracity demo`` uses ``kremlin-call``)."""
    case = bundled_case(name)
    import_full_case(store, case)
    return case
