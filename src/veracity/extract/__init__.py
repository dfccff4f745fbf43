"""Who said what: attributions in text, with stance and provenance, grouped into propositions.

Pure: no I/O beyond loading the installed spaCy pipeline, no global state. Start with
:class:`Extractor` (load once, reuse) and :func:`group_attributions`.
"""

from veracity.extract.attribution import Attribution, Kind
from veracity.extract.extractor import Extractor, extract_attributions
from veracity.extract.grouping import PropositionGroup, group_attributions
from veracity.extract.pipeline import load_pipeline

__all__ = [
    "Attribution",
    "Extractor",
    "Kind",
    "PropositionGroup",
    "extract_attributions",
    "group_attributions",
    "load_pipeline",
]
