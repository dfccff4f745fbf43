"""Sentence embeddings for grouping statements: a small static model shipped in the package.

The model (``static_model/``, ~15 MB, Apache-2.0) is all-MiniLM-L6-v2 distilled with model2vec
by ``scripts/distill_static_model.py``: one vector per word piece, a sentence is their weighted
mean — tens of thousands of sentences a second on one core, no torch. It is loaded on first use
(never at import, so the CLI does not pay for it) and kept for the life of the process.

Anything with ``encode(texts) -> (n, d) array`` is an :class:`Embedder`; tests pass a fake one.
:class:`CachedEmbedder` remembers vectors by text, so proposition texts met again (every
ingested document is compared with all stored propositions) are encoded once.

>>> emb = default_embedder()
>>> v = emb.encode(["Trump and Putin spoke by phone", "the presidents had a telephone call",
...                 "wheat exports rose in October"])
>>> bool(v[0] @ v[1] > v[0] @ v[2] + 0.15)
True
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "static_model"
_MODEL_FILES = ("model.safetensors", "tokenizer.json", "config.json")
COMMON_FILE = "common_direction.npy"


class Embedder(Protocol):
    """Encodes texts as rows of a matrix; rows need not be unit length."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (all-zero rows stay zero), as float32."""
    v = np.asarray(vectors, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms > 0, norms, 1.0)


class CachedEmbedder:
    """Unit-length vectors of texts, remembered by text (at most ``max_items``, oldest dropped)."""

    def __init__(self, inner: Embedder, *, max_items: int = 200_000) -> None:
        self.inner = inner
        self.max_items = max_items
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for t, v in zip(missing, unit_rows(self.inner.encode(missing)), strict=True):
                self._cache[t] = v
            while len(self._cache) > self.max_items:
                del self._cache[next(iter(self._cache))]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    @property
    def dim(self) -> int:
        if self._cache:
            return len(next(iter(self._cache.values())))
        return int(unit_rows(self.inner.encode(["a"])).shape[1])


class StaticEmbedder:
    """The shipped model2vec model (float32 output, no multiprocessing of its own), with the
    direction common to all sentences taken out.

    Averaged word vectors share a large common component (function words, punctuation): two
    unrelated news sentences have cosine ~0.3 on average. ``common_direction.npy`` (the mean
    unit vector of 217 news-style sentences written for veracity, see the distillation script)
    is subtracted from each unit vector, which brings unrelated pairs to ~0.1 and keeps long,
    generic quotes from being close to everything."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder; never ask the hub
        import logging

        from model2vec import StaticModel

        missing = [f for f in _MODEL_FILES if not (path / f).is_file()]
        if missing:
            raise FileNotFoundError(f"static model files missing in {path}: {missing}")
        # model2vec logs a warning when a card has no metadata block; ours has one
        logging.getLogger("model2vec").setLevel(logging.ERROR)
        self.model = StaticModel.from_pretrained(str(path))
        common = path / COMMON_FILE
        self.common = np.load(common).astype(np.float32) if common.is_file() else None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.model.dim), dtype=np.float32)
        out = self.model.encode(list(texts), use_multiprocessing=False, show_progress_bar=False)
        out = unit_rows(out)
        return out - self.common if self.common is not None else out


def static_model_available() -> bool:
    """Whether model2vec is importable and the model's files are in the package."""
    try:
        found = importlib.util.find_spec("model2vec") is not None
    except (ImportError, ValueError):  # a broken install or a module set to None
        return False
    return found and all((MODEL_DIR / f).is_file() for f in _MODEL_FILES)


@lru_cache(maxsize=1)
def default_embedder() -> CachedEmbedder | None:
    """The shipped static model behind a cache, loaded once per process; None if unavailable
    (grouping then falls back to content words)."""
    if not static_model_available():
        return None
    return CachedEmbedder(StaticEmbedder())
