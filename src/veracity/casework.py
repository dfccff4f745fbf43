"""Work on a whole case in a store, across feature areas: load its records (veracity.ingest)
and ACH questions (veracity.ach) in one transaction, tag its statements' tactics
(veracity.tactics). The CLI and the web UI call these; they hold no logic of their own.
"""

from __future__ import annotations

from datetime import timedelta

from veracity.ach.storage import case_hook
from veracity.ingest.casefile import Case, bundled_case, import_case
from veracity.store import Store
from veracity.tactics import RuleTagger, Tagger, tag_statements


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


def tag_store_statements(
    store: Store, tagger: Tagger | None = None, *, days: int = 7
) -> tuple[int, int]:
    """Tag every quoted statement's tactics and keep the tags (old ones replaced).

    Mixed signals are also sought across one source's statements no more than ``days`` apart.
    Returns (tags written, statements tagged).
    """
    from veracity.store.migration_tactics import replace_tags

    tagger = tagger or RuleTagger()
    rules = tagger if isinstance(tagger, RuleTagger) else getattr(tagger, "taggers", [None])[0]
    statements = [s for s in store.statements() if s.quote]
    tags = tag_statements(statements, tagger, rules=rules, window=timedelta(days=days))
    return replace_tags(store, tags), len(statements)
