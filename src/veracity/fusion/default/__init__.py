"""veracity's default truth-discovery model: one configuration for every kind of data.

A Bayesian source-accuracy model fitted by EM (variational: expectations of log-accuracies),
combining what the published methods each do for one kind of data. One concept per module:

- :mod:`~veracity.fusion.default.inputs` -- claim weights, declared provenance (claims passed on
  from an origin count once) and implicit repetition (other sources' claims in the same words
  count ``REPEAT_WEIGHT``), track-record priors, analyst evidence, value similarity.
- :mod:`~veracity.fusion.default.em` -- source accuracy under a hierarchical Beta prior
  (Accu, Dong et al. 2009; one-coin Dawid-Skene), with separate accuracies for assertions and
  denials (asserting a falsehood and denying a truth are different errors), log(#false values)
  on open-valued items, copy detection (:mod:`veracity.fusion.copying`), early stopping.
- :mod:`~veracity.fusion.default.families` -- class-conditional confusion (Dawid & Skene 1979)
  for items sharing one label vocabulary, chosen against one-coin by BIC per fit.
- :mod:`~veracity.fusion.default.uncertainty` -- the gold-free tempered posterior (leave-one-
  claim-out temperature) and sampled probability intervals.
- :mod:`~veracity.fusion.default.explain` -- each claim's contribution and its reasons.
- :mod:`~veracity.fusion.default.estimator` -- :class:`Veracity`, its hyperparameters and
  fitted attributes.

>>> from veracity.fusion.claims import Claims
>>> c = Claims.from_records([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
>>> Veracity().fit(c).truth_.tolist()
[0]
"""

from __future__ import annotations

from veracity.fusion.default.em import MIN_MEAN_ACCURACY, FitState
from veracity.fusion.default.estimator import Veracity
from veracity.fusion.default.inputs import HEDGE_STRENGTH, REPEAT_WEIGHT, Prepared

__all__ = [
    "HEDGE_STRENGTH",
    "MIN_MEAN_ACCURACY",
    "REPEAT_WEIGHT",
    "FitState",
    "Prepared",
    "Veracity",
]
