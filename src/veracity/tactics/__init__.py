"""Manipulation and persuasion tactics in statements: taxonomies, rules, detectors, profiles.

>>> from veracity.tactics import RuleTagger, in_taxonomy
>>> tags = RuleTagger().tag("It is absolutely untrue. It is pure fiction, simply fake news.")
>>> sorted({t.technique for t in tags})
['blanket_denial']
"""

from veracity.tactics.detectors import Cue, StatementSignal, mixed_signals, mixed_signals_across
from veracity.tactics.statements import tag_statements
from veracity.tactics.tag import Tag, in_taxonomy
from veracity.tactics.tagger import CombinedTagger, RuleTagger, Tagger, make_tagger
from veracity.tactics.taxonomy import (
    CORRESPONDENCES,
    SEMEVAL2020,
    SEMEVAL2023,
    TAXONOMIES,
    VERACITY,
    Correspondence,
    Relation,
    Taxonomy,
    Technique,
    get_taxonomy,
    mapping_table,
    translate,
)

__all__ = [
    "CORRESPONDENCES",
    "SEMEVAL2020",
    "SEMEVAL2023",
    "TAXONOMIES",
    "VERACITY",
    "CombinedTagger",
    "Correspondence",
    "Cue",
    "Relation",
    "RuleTagger",
    "StatementSignal",
    "Tag",
    "Tagger",
    "Taxonomy",
    "Technique",
    "get_taxonomy",
    "in_taxonomy",
    "make_tagger",
    "mapping_table",
    "mixed_signals",
    "mixed_signals_across",
    "tag_statements",
    "translate",
]
