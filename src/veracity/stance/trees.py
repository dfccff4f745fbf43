"""Gradient-boosted trees as plain arrays: saved in an ``.npz`` without pickle, evaluated in numpy.

scikit-learn's own model files are pickles, which run code when loaded; a stance model is
something people pass around, so veracity saves only the numbers a
:class:`~sklearn.ensemble.HistGradientBoostingClassifier` predicts with (split feature, threshold,
children, leaf values, the baseline) and evaluates them itself. A test checks that the
probabilities equal scikit-learn's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TreeEnsemble:
    """All trees' nodes in flat arrays; tree ``t`` starts at ``roots[t]`` and adds its leaf value
    to the raw score of class ``tree_class[t]``."""

    feature: np.ndarray  # int32, per node
    threshold: np.ndarray  # float64, go left when x <= threshold
    missing_left: np.ndarray  # bool, NaN goes left
    left: np.ndarray  # int32, global node index
    right: np.ndarray  # int32
    is_leaf: np.ndarray  # bool
    value: np.ndarray  # float64, leaf value
    roots: np.ndarray  # int32
    tree_class: np.ndarray  # int32
    baseline: np.ndarray  # float64, per class
    depth: int

    @classmethod
    def from_sklearn(cls, clf: Any) -> TreeEnsemble:
        """The trees of a fitted multi-class HistGradientBoostingClassifier."""
        parts: dict[str, list[np.ndarray]] = {k: [] for k in ("f", "t", "m", "l", "r", "leaf", "v")}
        roots, tree_class, offset, depth = [], [], 0, 0
        for iteration in clf._predictors:
            for k, predictor in enumerate(iteration):
                nodes = predictor.nodes
                if np.any(nodes["is_categorical"]):
                    raise ValueError("categorical splits are not supported")
                roots.append(offset)
                tree_class.append(k)
                parts["f"].append(nodes["feature_idx"].astype(np.int32))
                parts["t"].append(nodes["num_threshold"].astype(np.float64))
                parts["m"].append(nodes["missing_go_to_left"].astype(bool))
                parts["l"].append(nodes["left"].astype(np.int32) + offset)
                parts["r"].append(nodes["right"].astype(np.int32) + offset)
                parts["leaf"].append(nodes["is_leaf"].astype(bool))
                parts["v"].append(nodes["value"].astype(np.float64))
                depth = max(depth, int(nodes["depth"].max()))
                offset += len(nodes)
        baseline = np.asarray(clf._baseline_prediction, dtype=np.float64).ravel()
        return cls(
            np.concatenate(parts["f"]),
            np.concatenate(parts["t"]),
            np.concatenate(parts["m"]),
            np.concatenate(parts["l"]),
            np.concatenate(parts["r"]),
            np.concatenate(parts["leaf"]),
            np.concatenate(parts["v"]),
            np.asarray(roots, dtype=np.int32),
            np.asarray(tree_class, dtype=np.int32),
            baseline,
            depth,
        )

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Raw scores, (rows, classes)."""
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        idx = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth + 1):
            leaf = self.is_leaf[idx]
            if leaf.all():
                break
            x = X[rows, self.feature[idx]]
            go_left = np.where(np.isnan(x), self.missing_left[idx], x <= self.threshold[idx])
            idx = np.where(leaf, idx, np.where(go_left, self.left[idx], self.right[idx]))
        out = np.tile(self.baseline, (n, 1))
        leaf_values = self.value[idx]
        for k in range(len(self.baseline)):
            out[:, k] += leaf_values[:, self.tree_class == k].sum(axis=1)
        return out

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        z = self.raw(X)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "feature": self.feature,
            "threshold": self.threshold,
            "missing_left": self.missing_left,
            "left": self.left,
            "right": self.right,
            "is_leaf": self.is_leaf,
            "value": self.value,
            "roots": self.roots,
            "tree_class": self.tree_class,
            "baseline": self.baseline,
            "depth": np.asarray(self.depth),
        }

    @classmethod
    def from_arrays(cls, a: dict[str, np.ndarray]) -> TreeEnsemble:
        n = len(a["feature"])
        for k in ("threshold", "missing_left", "left", "right", "is_leaf", "value"):
            if len(a[k]) != n:
                raise ValueError(f"array {k} has {len(a[k])} entries, not {n}")
        for k in ("left", "right", "roots"):
            if len(a[k]) and (a[k].min() < 0 or a[k].max() >= n):
                raise ValueError(f"array {k} points outside the nodes")
        return cls(
            a["feature"].astype(np.int32),
            a["threshold"].astype(np.float64),
            a["missing_left"].astype(bool),
            a["left"].astype(np.int32),
            a["right"].astype(np.int32),
            a["is_leaf"].astype(bool),
            a["value"].astype(np.float64),
            a["roots"].astype(np.int32),
            a["tree_class"].astype(np.int32),
            a["baseline"].astype(np.float64),
            int(a["depth"]),
        )
