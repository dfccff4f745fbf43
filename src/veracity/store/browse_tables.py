"""The record tables as the workbench lists them (``browse.py``): for each, its columns, the
ones searched (and full-text indexed), faceted and sortable, the date it is filtered by, and the
ids shown with the name of what they point at. ``web/openapi.py`` describes the table endpoints
from this same table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Table

from veracity.errors import InputError
from veracity.store import schema


@dataclass(frozen=True)
class TableSpec:
    """How one record table is listed: which columns, searched, sorted and faceted how."""

    name: str
    table: Table
    columns: tuple[str, ...]
    search: tuple[str, ...]
    facets: tuple[str, ...] = ()
    sorts: tuple[str, ...] = ("seq",)
    date: str | None = None  # the column the ``month`` facet and since/until filter read
    #: column -> (table name, label column): ids shown with the name of what they point at
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: the column a full-text index covers (``migration_web_search``), searched by words
    fulltext: str | None = None


SPECS: dict[str, TableSpec] = {
    s.name: s
    for s in (
        TableSpec(
            "propositions",
            schema.propositions,
            ("id", "text", "kind", "values", "question_id"),
            search=("id", "text"),
            facets=("kind",),
            sorts=("seq", "id", "text"),
        ),
        TableSpec(
            "statements",
            schema.statements,
            (
                "id",
                "source_id",
                "proposition_id",
                "stance",
                "value",
                "time",
                "quote",
                "document_id",
                "cites_source_id",
                "reference",
                "corrected",
            ),
            search=("id", "quote"),
            fulltext="quote",
            facets=("source_id", "stance", "proposition_id", "corrected", "month"),
            sorts=("seq", "id", "time", "source_id", "proposition_id", "stance"),
            date="time",
            labels={"source_id": ("sources", "name"), "proposition_id": ("propositions", "text")},
        ),
        TableSpec(
            "sources",
            schema.sources,
            ("id", "name", "kind", "parent_id", "description", "url"),
            search=("id", "name", "description"),
            facets=("kind", "parent_id"),
            sorts=("seq", "id", "name", "kind"),
            labels={"parent_id": ("sources", "name")},
        ),
        TableSpec(
            "documents",
            schema.documents,
            ("id", "title", "url", "outlet_id", "published", "retrieved"),
            search=("id", "title", "url"),
            facets=("outlet_id", "month"),
            sorts=("seq", "id", "title", "published"),
            date="published",
            labels={"outlet_id": ("sources", "name")},
        ),
        TableSpec(
            "evidence",
            schema.evidence,
            (
                "id",
                "description",
                "proposition_id",
                "likelihood_ratio",
                "reference",
                "time",
                "confidence",
            ),
            search=("id", "description", "reference"),
            facets=("proposition_id", "confidence"),
            sorts=("seq", "id", "likelihood_ratio", "time"),
            date="time",
            labels={"proposition_id": ("propositions", "text")},
        ),
        TableSpec(
            "resolutions",
            schema.resolutions,
            ("id", "proposition_id", "value", "reference", "resolved_on", "note"),
            search=("id", "reference", "note"),
            facets=("proposition_id", "value"),
            sorts=("seq", "id", "resolved_on"),
            labels={"proposition_id": ("propositions", "text")},
        ),
        TableSpec(
            "assessments",
            schema.assessments,
            ("id", "method", "created", "data_version", "iterations", "converged"),
            search=("id", "method"),
            facets=("method", "converged"),
            sorts=("seq", "created", "method"),
        ),
    )
}


def spec(table: str) -> TableSpec:
    try:
        return SPECS[table]
    except KeyError:
        raise InputError(
            f"no table {table!r}; choose one of {', '.join(SPECS)}", field="table"
        ) from None
