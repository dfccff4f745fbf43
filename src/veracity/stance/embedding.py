"""The packaged static sentence-embedding model, loaded for stance without importing extract.

The model files live in ``veracity/extract/static_model`` (model2vec, Apache-2.0; see its
README). ``veracity.extract`` will import ``veracity.stance`` (claim linking), so stance must not
import ``veracity.extract``: it reads the same files by path, which keeps the dependency
one-directional and the model shipped once. Loaded on first use, once per process.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent / "extract" / "static_model"
_FILES = ("model.safetensors", "tokenizer.json", "config.json")


class SentenceEncoder:
    """Unit-length sentence vectors with the common news-sentence direction removed (see
    ``extract/embedding.py`` for why), remembered by text: an article met with many claims
    (FNC-1 pairs each body with ~28 headlines) is encoded once."""

    def __init__(self, path: Path = MODEL_DIR, *, max_items: int = 200_000) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from model2vec import StaticModel

        logging.getLogger("model2vec").setLevel(logging.ERROR)
        self.model = StaticModel.from_pretrained(str(path))
        common = path / "common_direction.npy"
        self.common = np.load(common).astype(np.float32) if common.is_file() else None
        self.max_items = max_items
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            raw = self.model.encode(missing, use_multiprocessing=False, show_progress_bar=False)
            vecs = _unit(np.asarray(raw, dtype=np.float32))
            if self.common is not None:
                vecs = _unit(vecs - self.common)
            for t, v in zip(missing, vecs, strict=True):
                self._cache[t] = v
            while len(self._cache) > self.max_items:
                del self._cache[next(iter(self._cache))]
        if not texts:
            return np.zeros((0, self.model.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def _unit(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms > 0, norms, 1.0)


def encoder_available() -> bool:
    try:
        found = importlib.util.find_spec("model2vec") is not None
    except (ImportError, ValueError):
        return False
    return found and all((MODEL_DIR / f).is_file() for f in _FILES)


@lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder | None:
    """The shared encoder, or None when model2vec or the files are missing (stance then uses
    word overlap alone)."""
    return SentenceEncoder() if encoder_available() else None
