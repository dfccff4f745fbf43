"""Analysis of Competing Hypotheses, with evidence credibility from the truth-discovery engine.

The pure core — build a ``Matrix`` from model records, score it (Heuer's weighted inconsistency,
a Bayesian posterior), find its diagnostic evidence, where analysts disagree and what the
conclusion hangs on, draw it as SVG — does no I/O. ``veracity.store.questions`` keeps matrices
in the store (``veracity.casework.load_matrix`` reads one back with its credibility);
``veracity.ach.casefile`` reads the ``questions:`` section of a case file.

>>> from veracity.model import Question, Hypothesis, AchEvidence, Rating, Consistency
>>> q = Question("q", "Why was the call denied?")
>>> hs = [Hypothesis("H1", "q", "protocol"), Hypothesis("H2", "q", "sowing distrust")]
>>> es = [AchEvidence("A1", "q", "an emphatic denial, not silence")]
>>> rs = [Rating("q", "A1", "H1", Consistency.I), Rating("q", "A1", "H2", Consistency.CC)]
>>> score_matrix(build_matrix(q, hs, es, rs)).heuer_leaders
('H2',)
"""

from veracity.ach.casefile import QuestionRecords, load_questions
from veracity.ach.disagreement import Disagreement, disagreement
from veracity.ach.export import to_csv, to_json
from veracity.ach.heatmap import render_svg
from veracity.ach.matrix import Credibility, Matrix, build_matrix, resolve_credibility
from veracity.ach.scorecard import Scorecard, score_matrix
from veracity.ach.scores import (
    Diagnosticity,
    HeuerScore,
    bayes_posterior,
    diagnosticity,
    heuer_scores,
)
from veracity.ach.sensitivity import SensitivityCase, WhatIf, sensitivity

__all__ = [
    "Credibility",
    "Diagnosticity",
    "Disagreement",
    "HeuerScore",
    "Matrix",
    "QuestionRecords",
    "Scorecard",
    "SensitivityCase",
    "WhatIf",
    "bayes_posterior",
    "build_matrix",
    "diagnosticity",
    "disagreement",
    "heuer_scores",
    "load_questions",
    "render_svg",
    "resolve_credibility",
    "score_matrix",
    "sensitivity",
    "to_csv",
    "to_json",
]
