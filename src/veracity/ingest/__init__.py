"""Readers that bring records into the store: case files, JSON Lines and CSV (and, in their own
modules, documents, HTML, feeds, URLs and claims CSVs for fusion).

Each import is one transaction; a bad row raises ``veracity.errors.InputError`` naming the file,
line and field, and leaves the store as it was. The names below load their module on first use,
so ``veracity.ingest.claims_csv`` (used by ``veracity fuse``) does not import the store.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Case": "casefile",
    "bundled_case": "casefile",
    "bundled_cases": "casefile",
    "case_from_store": "casefile",
    "dump_case": "casefile",
    "import_case": "casefile",
    "load_case": "casefile",
    "export_records": "records",
    "import_records": "records",
    "parse_record": "records",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"veracity.ingest.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'veracity.ingest' has no attribute {name!r}")
