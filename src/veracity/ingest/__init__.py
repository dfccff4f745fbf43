"""Readers that bring records into the store: case files, JSON Lines and CSV (and, in their own
modules, documents, HTML, feeds and URLs).

Each import is one transaction; a bad row raises ``veracity.errors.InputError`` naming the file,
line and field, and leaves the store as it was.
"""

from veracity.ingest.casefile import (
    Case,
    bundled_case,
    bundled_cases,
    case_from_store,
    dump_case,
    import_case,
    load_case,
)
from veracity.ingest.records import export_records, import_records, parse_record

__all__ = [
    "Case",
    "bundled_case",
    "bundled_cases",
    "case_from_store",
    "dump_case",
    "export_records",
    "import_case",
    "import_records",
    "load_case",
    "parse_record",
]
