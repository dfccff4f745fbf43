"""Trained stance models (``veracity stance train``): fit, save, load, classify.

A trained model is gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) over
:mod:`veracity.stance.features`, trained on labelled pairs in the FNC-1 layout. It is saved as
an ``.npz`` of plain arrays plus a JSON header (:mod:`veracity.stance.trees`): no pickle, so
loading a model file someone sent you runs no code. The evidence sentences and their own stances
still come from the rules' reading, so analysts see the same sentences whichever model decides.

Models trained on research-only data (FNC-1 is) are for the user's own use and measurement;
veracity ships only the rules (:mod:`veracity.stance.rules`).
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import InputError
from veracity.stance.embedding import SentenceEncoder, default_encoder
from veracity.stance.features import FEATURE_NAMES, feature_matrix
from veracity.stance.fnc import StancePair
from veracity.stance.reading import TextCache, read_pairs
from veracity.stance.result import STANCES, ClaimStance
from veracity.stance.rules import evidence_of
from veracity.stance.trees import TreeEnsemble

#: the stances a training set must hold; "unrelated" may be absent (Emergent's headlines are all
#: about their claim), and a model trained without it never answers "unrelated"
REQUIRED = ("supports", "refutes", "discusses")

FORMAT = "veracity-stance-trees"
VERSION = 1


@dataclass(frozen=True)
class TrainSettings:
    max_iter: int = 300
    learning_rate: float = 0.05
    max_leaf_nodes: int = 31
    min_samples_leaf: int = 20
    seed: int = 0
    #: share of the texts (by body, never by row) held out to set the class offsets
    validation: float = 0.2
    #: sample weight per class in the fit (absent classes weigh 1): the rare "refutes" (FNC-1's
    #: disagree, 1.7 % of train) is otherwise learnt as noise. Chosen on held-out train bodies
    #: (BENCHMARKS.md, "Claim stance")
    class_weight: tuple[tuple[str, float], ...] = (("refutes", 3.0),)


class TrainedModel:
    """Stance from trees over reading features. ``classes`` orders the probability columns."""

    def __init__(
        self,
        trees: TreeEnsemble,
        classes: Sequence[str],
        *,
        meta: dict[str, Any] | None = None,
        encoder: SentenceEncoder | None = None,
    ) -> None:
        if not set(REQUIRED) <= set(classes) <= set(STANCES) or len(set(classes)) != len(classes):
            raise ValueError(f"classes must be {STANCES} (unrelated optional), not {classes}")
        self.trees = trees
        self.classes = list(classes)
        self.meta = meta or {}
        self.name = str(self.meta.get("name", "trained"))
        #: log-probability offsets per class, set on held-out texts (see :func:`class_offsets`)
        self.offsets = np.asarray(self.meta.get("offsets", [0.0] * len(self.classes)), dtype=float)
        if self.offsets.shape != (len(self.classes),):
            raise ValueError("one offset per class is needed")
        self._encoder = encoder
        self.cache = TextCache()

    @property
    def encoder(self) -> SentenceEncoder | None:
        if self._encoder is None:
            self._encoder = default_encoder()
        return self._encoder

    def classify_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[ClaimStance]:
        if not pairs:
            return []
        readings = read_pairs(pairs, self.encoder, self.cache)
        proba = adjusted(self.trees.predict_proba(feature_matrix(readings)), self.offsets)
        out = []
        for reading, p in zip(readings, proba, strict=True):
            k = int(np.argmax(p))
            label = self.classes[k]
            out.append(
                ClaimStance(
                    label,  # type: ignore[arg-type]
                    float(p[k]),
                    evidence_of(reading, 3),
                    f"{self.name}: p={p[k]:.2f}",
                )
            )
        return out

    def classify_many(
        self, pairs: Iterable[tuple[str, str]], *, batch: int = 64
    ) -> Iterator[ClaimStance]:
        it = iter(pairs)
        while chunk := list(islice(it, batch)):
            yield from self.classify_pairs(chunk)

    def save(self, path: Path) -> None:
        """Write the model atomically (a temporary file renamed), so a failed save leaves no
        half-written model behind."""
        header = json.dumps(
            {"format": FORMAT, "version": VERSION, "classes": self.classes, **self.meta}
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".stance-", suffix=".npz", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                arrays: dict[str, Any] = {"header": np.array(header), **self.trees.arrays()}
                np.savez_compressed(f, **arrays)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a model is an ordinary file
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def features_of(
    pairs: Sequence[tuple[str, str]],
    encoder: SentenceEncoder | None,
    *,
    batch: int = 512,
    progress: Any = None,
) -> np.ndarray:
    """The feature matrix of many pairs (``progress(done)`` is called after each batch)."""
    cache = TextCache()
    parts = []
    for i in range(0, len(pairs), batch):
        parts.append(feature_matrix(read_pairs(pairs[i : i + batch], encoder, cache)))
        if progress is not None:
            progress(min(i + batch, len(pairs)))
    if not parts:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    return np.vstack(parts)


def adjusted(proba: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Probabilities with per-class log offsets added, renormalised."""
    z = np.log(np.clip(proba, 1e-12, 1.0)) + offsets
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def class_offsets(
    proba: np.ndarray, gold: Sequence[str], classes: Sequence[str], *, rounds: int = 2
) -> np.ndarray:
    """Per-class log offsets that maximise FNC score + macro-F1 on held-out pairs.

    Trees trained for log loss favour the frequent classes ("discuss"); FNC-1's rare "disagree"
    then goes unfound. Shifting each class's log probability by a constant, chosen by
    coordinate search on texts the trees did not see, trades a little accuracy for the rare
    classes' recall.
    """
    from veracity.stance.fnc import scores

    grid = np.arange(-1.5, 2.01, 0.25)
    offsets = np.zeros(len(classes))
    labels = np.asarray(classes)

    def value(o: np.ndarray) -> float:
        pred = labels[np.argmax(np.log(np.clip(proba, 1e-12, 1.0)) + o, axis=1)]
        s = scores(list(gold), list(pred))  # type: ignore[arg-type]
        return s.fnc + s.macro_f1

    best = value(offsets)
    for _ in range(rounds):
        for k, c in enumerate(classes):
            if c == "unrelated":
                continue
            for g in grid:
                trial = offsets.copy()
                trial[k] = g
                v = value(trial)
                if v > best + 1e-9:
                    best, offsets = v, trial
    return offsets


def split_by_text(groups: Sequence[str], share: float, seed: int) -> np.ndarray:
    """A boolean mask of held-out rows: whole texts (``groups``), never single rows."""
    names = sorted(set(groups))
    rng = np.random.default_rng(seed)
    rng.shuffle(names)
    held = set(names[: int(round(len(names) * share))])
    return np.array([g in held for g in groups])


def fit_trees(X: np.ndarray, y: Sequence[str], settings: TrainSettings) -> tuple[Any, list[str]]:
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]

    clf = HistGradientBoostingClassifier(
        max_iter=settings.max_iter,
        learning_rate=settings.learning_rate,
        max_leaf_nodes=settings.max_leaf_nodes,
        min_samples_leaf=settings.min_samples_leaf,
        early_stopping=False,
        random_state=settings.seed,
    )
    weights = dict(settings.class_weight)
    clf.fit(X, np.asarray(y), sample_weight=np.array([weights.get(c, 1.0) for c in y]))
    return clf, [str(c) for c in clf.classes_]


def train(
    pairs: Sequence[StancePair],
    *,
    settings: TrainSettings | None = None,
    encoder: SentenceEncoder | None = None,
    name: str = "trained",
    progress: Any = None,
) -> TrainedModel:
    """A model fitted on all ``pairs`` (supports, refutes and discusses must occur; without
    unrelated pairs the model never answers "unrelated")."""
    settings = settings or TrainSettings()
    labels = {p.label for p in pairs}
    if not set(REQUIRED) <= labels:
        missing = ", ".join(sorted(set(REQUIRED) - labels))
        raise InputError(
            f"the training data has no {missing} pairs",
            fix="train on data with supports, refutes and discusses pairs (and unrelated ones "
            "if the model is to tell them)",
        )
    present: list[str] = [c for c in STANCES if c in labels]
    enc = encoder if encoder is not None else default_encoder()
    X = features_of([(p.claim, p.text) for p in pairs], enc, progress=progress)
    y = [p.label for p in pairs]
    offsets = np.zeros(len(present))
    validation: dict[str, Any] = {}
    if settings.validation > 0:
        from veracity.stance.fnc import scores

        held = split_by_text([p.body_id for p in pairs], settings.validation, settings.seed)
        y_arr = np.asarray(y)
        if set(y_arr[~held]) == labels and held.any():
            clf, classes = fit_trees(X[~held], list(y_arr[~held]), settings)
            proba = clf.predict_proba(X[held])
            offsets = class_offsets(proba, list(y_arr[held]), classes)
            names = np.asarray(classes)
            gold = list(y_arr[held])
            before = scores(gold, list(names[np.argmax(proba, axis=1)]))
            after = scores(gold, list(names[np.argmax(adjusted(proba, offsets), axis=1)]))
            validation = {
                "held_out_pairs": int(held.sum()),
                "without_offsets": before.to_dict(),
                "with_offsets": after.to_dict(),
            }
            offsets = offsets[[classes.index(c) for c in present]]
    clf, classes = fit_trees(X, y, settings)
    order = [present.index(c) for c in classes]
    meta = {
        "name": name,
        "features": list(FEATURE_NAMES),
        "pairs": len(pairs),
        "settings": settings.__dict__,
        "encoder": enc is not None,
        "offsets": [float(offsets[i]) for i in order],
        "validation": validation,
    }
    return TrainedModel(TreeEnsemble.from_sklearn(clf), classes, meta=meta, encoder=enc)


def load_trained(path: Path) -> TrainedModel:
    """A model saved by :meth:`TrainedModel.save`; InputError when missing or not one."""
    if not path.is_file():
        raise InputError(
            "no such stance model file",
            file=str(path),
            fix="train one with `veracity stance train --data DIR --out MODEL`",
        )
    bad = InputError(
        "not a veracity stance model",
        file=str(path),
        fix="give a file written by `veracity stance train`, or omit --model for the rules",
    )
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError):
        raise bad from None
    try:
        header = json.loads(str(arrays.pop("header")))
    except (KeyError, ValueError):
        raise bad from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise bad
    if header.get("version") != VERSION:
        raise InputError(
            f"stance model version {header.get('version')} (this veracity reads {VERSION})",
            file=str(path),
            fix="retrain it with this version's `veracity stance train`",
        )
    if header.get("features") != list(FEATURE_NAMES):
        raise InputError(
            "the model was trained on other features than this veracity computes",
            file=str(path),
            fix="retrain it with this version's `veracity stance train`",
        )
    try:
        trees = TreeEnsemble.from_arrays(arrays)
        return TrainedModel(trees, header["classes"], meta=header)
    except (KeyError, ValueError, TypeError):
        raise bad from None
