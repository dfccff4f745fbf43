"""Persistence for the case records and assessments: SQLAlchemy Core, SQLite or PostgreSQL.

>>> from veracity.store import open_store
>>> from veracity.model import Source
>>> store = open_store(":memory:")
>>> store.add_sources([Source(id="wapo", name="The Washington Post")])
1
>>> store.source("wapo").name
'The Washington Post'

The contract other modules code against is what this package exports: ``Store`` and
``Transaction`` with the record methods of ``RecordAccess`` (``records.py``), and, for a
domain's own queries, the ``Connectable`` protocol (``access.py``) that both satisfy.
``schema.py`` holds the core tables, ``migrations.py`` the versioned schema changes (a domain's
tables in its ``migration_*.py``), ``checks.py`` and ``bulk.py`` what every write goes through;
Each domain's queries have a module of their own: ``questions.py`` (ACH), ``tactic_tags.py``,
``corrections.py`` (every person's change, with who, when and why), ``source_aliases.py``
(aliases, merges and splits of sources), and for the workbench
``accounts.py``, ``browse.py``, ``notes.py``, ``overview.py`` and ``record_edits.py``.
"""

from veracity.store.access import Connectable, StoreTarget
from veracity.store.bulk import BATCH_SIZE
from veracity.store.checks import RecordError
from veracity.store.columns import ClaimColumns
from veracity.store.corrections import correct_statement, corrections
from veracity.store.engine import DEFAULT_PATH, ENV_VAR, resolve_url
from veracity.store.migrations import MIGRATIONS, Migration
from veracity.store.records import KINDS, RecordAccess
from veracity.store.store import Store, Transaction, open_store

__all__ = [
    "BATCH_SIZE",
    "ClaimColumns",
    "Connectable",
    "DEFAULT_PATH",
    "ENV_VAR",
    "KINDS",
    "MIGRATIONS",
    "Migration",
    "RecordAccess",
    "RecordError",
    "Store",
    "StoreTarget",
    "Transaction",
    "correct_statement",
    "corrections",
    "open_store",
    "resolve_url",
]
