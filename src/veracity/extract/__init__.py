"""Who said what: attributions in text, with stance and provenance, grouped into propositions.

Pure: no I/O beyond loading the installed spaCy pipeline, no global state. Start with
:class:`Extractor` (load once, reuse) and :func:`group_attributions`.

The names below are imported when first used (PEP 562), so that ``veracity extract`` does not
pay for the grouping's numpy and embeddings, nor spaCy before a text needs parsing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veracity.extract.attribution import Attribution, Kind
    from veracity.extract.extractor import Extractor, extract_attributions
    from veracity.extract.grouping import PropositionGroup, group_attributions
    from veracity.extract.pipeline import load_pipeline

_WHERE = {
    "Attribution": "veracity.extract.attribution",
    "Kind": "veracity.extract.attribution",
    "Extractor": "veracity.extract.extractor",
    "extract_attributions": "veracity.extract.extractor",
    "PropositionGroup": "veracity.extract.grouping",
    "group_attributions": "veracity.extract.grouping",
    "load_pipeline": "veracity.extract.pipeline",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'veracity.extract' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "Attribution",
    "Extractor",
    "Kind",
    "PropositionGroup",
    "extract_attributions",
    "group_attributions",
    "load_pipeline",
]
