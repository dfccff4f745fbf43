"""A trained tagger for PTC-format data: a sentence classifier finds spans, an SVM labels them.

Span identification (SI) classifies each sentence as containing a technique or not (logistic
regression on TF-IDF word and character n-grams) and returns the sentences it believes in: the
SemEval-2020 SI metric gives partial credit for overlap, so a whole sentence around a gold
fragment earns its share. (A token-level CRF was tried first and found almost nothing: SI F1
0.04 on one fold, see BENCHMARKS.md.) Technique classification (TC) is a linear SVM
(one-vs-rest) on TF-IDF word and character n-grams of the span and of its context, plus a few
counts (length, how often the span's words recur in the article — repetition). Optionally
(``encoder="minilm"``, needs torch) the span's frozen sentence-encoder vectors join those
features (:mod:`veracity.tactics.encoder`; their effect on PTC is in BENCHMARKS.md). Both are
trained by ``veracity tactics train --data DIR`` on the user's machine: veracity ships no
weights, because the public training data (PTC) is research-only.

>>> model = PtcModel().fit(articles)          # doctest: +SKIP
>>> model.tag("They are a disgrace to America!")  # doctest: +SKIP
"""

from __future__ import annotations

import math
import pickle
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from veracity.errors import InputError
from veracity.tactics.ptc import Article
from veracity.tactics.tag import Tag

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_FORMAT = "veracity-ptc-model/1"


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line: PTC puts one sentence on a line."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def _key(fragment: str) -> str:
    """A span's words for the label memory: lower case, no surrounding quotes or punctuation."""
    return fragment.lower().strip(" \t\n\"'“”‘’.,;:!?()[]")


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: lines first (PTC's one sentence a line), then punctuation."""
    out: list[tuple[int, int]] = []
    for ls, le in _lines(text):
        pos = ls
        for m in _SENTENCE_END.finditer(text, ls, le):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, le))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


class PtcModel:
    """Span identification and technique classification trained on PTC-format articles.

    Hyperparameters: ``C`` (inverse regularisation of the technique classifier),
    ``sentence_C`` (of the sentence classifier), ``context`` (characters of context each side of
    a span), ``threshold`` (probability at which a sentence is returned as a span).
    ``encoder`` (e.g. ``"minilm"``, optional, needs torch) adds frozen sentence-encoder vectors
    of each span (:mod:`veracity.tactics.encoder`) to the technique classifier's features,
    multiplied by ``encoder_weight`` (their scale against the TF-IDF blocks, which have unit
    length each). The encoder itself is not saved with the model: it is loaded from its package.
    """

    name = "model"

    def __init__(
        self,
        *,
        C: float = 0.2,
        sentence_C: float = 2.0,
        context: int = 60,
        threshold: float = 0.5,
        encoder: str | None = None,
        encoder_weight: float = 1.0,
    ) -> None:
        self.C, self.sentence_C = C, sentence_C
        self.context = context
        self.threshold = threshold
        self.encoder = encoder
        self.encoder_weight = encoder_weight
        self._encoder: Any = None  # a SpanEncoder, loaded on first use (torch), never pickled
        self.sentence_classifier_ = None
        self.sentence_vectorizers_: tuple[object, ...] = ()
        self.classifier_ = None
        self.vectorizers_: dict[str, Any] = {}  # sklearn TfidfVectorizers by feature
        self.labels_: tuple[str, ...] = ()
        self.memory_: dict[str, Counter[str]] = {}
        self.memory_labels_: tuple[str, ...] = ()

    # ---- span identification ------------------------------------------------------------
    def _sentence_matrix(self, texts: list[str], fit: bool):
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        if fit:
            self.sentence_vectorizers_ = (
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True
                ),
            )
        parts = [
            v.fit_transform(texts) if fit else v.transform(texts)  # type: ignore[attr-defined]
            for v in self.sentence_vectorizers_
        ]
        return hstack(parts).tocsr()

    def fit_spans(self, articles: Sequence[Article]) -> PtcModel:
        from sklearn.linear_model import LogisticRegression

        texts, y = [], []
        for a in articles:
            for s, e in sentences(a.text):
                texts.append(a.text[s:e])
                y.append(any(g.start < e and s < g.end for g in a.spans))
        if len(set(y)) < 2:
            raise InputError(
                "span identification needs sentences with and without labelled spans",
                fix="give articles whose labels cover some sentences but not all",
            )
        clf = LogisticRegression(C=self.sentence_C, solver="liblinear", max_iter=1000)
        clf.fit(self._sentence_matrix(texts, fit=True), y)
        self.sentence_classifier_ = clf
        return self

    def predict_spans(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, probability) of each sentence judged to contain a technique."""
        if self.sentence_classifier_ is None:
            raise InputError("the model has no span identifier", fix="train it first")
        spans = sentences(text)
        if not spans:
            return []
        X = self._sentence_matrix([text[s:e] for s, e in spans], fit=False)
        proba = self.sentence_classifier_.predict_proba(X)[:, 1]
        return [
            (s, e, float(p)) for (s, e), p in zip(spans, proba, strict=True) if p >= self.threshold
        ]

    # ---- technique classification ---------------------------------------------------------
    def _span_docs(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        exclude: Mapping[str, Counter[str]] | None = None,
    ) -> dict[str, list]:
        """Features of each span; ``exclude`` removes an article's own spans from the memory."""
        low = text.lower()
        words = Counter(m.group().lower() for m in _TOKEN.finditer(text))
        span_text, context, numeric, sentence, memory = [], [], [], [], []
        # the other spans given with this one: the same words labelled elsewhere in the article
        # suggest repetition; a span inside or around another is often a second technique
        given = Counter(text[s:e].lower().strip() for s, e in spans)
        for s, e in spans:
            frag = text[s:e]
            same_text = given[frag.lower().strip()] - 1
            overlapping = sum(1 for s2, e2 in spans if s2 < e and s < e2) - 1
            span_text.append(frag.lower())
            left = text[max(0, s - self.context) : s]
            right = text[e : e + self.context]
            context.append(
                "L_"
                + " L_".join(left.lower().split()[-6:])
                + " R_"
                + " R_".join(right.lower().split()[:6])
            )
            line_start = text.rfind("\n", 0, s) + 1
            line_end = text.find("\n", e)
            sentence.append(text[line_start : line_end if line_end >= 0 else len(text)].lower())
            memory.append(self._memory_row(_key(frag), exclude))
            toks = [t.lower() for t in _TOKEN.findall(frag)]
            content = [t for t in toks if len(t) > 3]
            recur = max((words[t] for t in content), default=1)
            occurrences = low.count(frag.lower()) if frag.strip() else 0
            numeric.append(
                [
                    math.log1p(e - s),
                    math.log1p(len(toks)),
                    math.log1p(recur),
                    math.log1p(occurrences),
                    float(occurrences > 1),
                    float(len(toks) <= 2),
                    float("\n" in frag),
                    float(frag.strip().endswith("?")),
                    float(frag.strip().endswith("!")),
                    float(any(q in frag for q in '"“”')),
                    sum(c.isupper() for c in frag) / max(1, len(frag)),
                    math.log1p(same_text),
                    math.log1p(overlapping),
                ]
            )
        return {
            "span": span_text,
            "context": context,
            "numeric": numeric,
            "sentence": sentence,
            "memory": memory,
        }

    def _memory_row(self, key: str, exclude: Mapping[str, Counter[str]] | None) -> list[float]:
        """How the same words were labelled in the training data (other articles only)."""
        counts = Counter(self.memory_.get(key, {}))
        if exclude is not None and key in exclude:
            counts.subtract(exclude[key])
        total = sum(max(0, v) for v in counts.values())
        row = [max(0, counts[label]) / total if total else 0.0 for label in self.memory_labels_]
        return [*row, math.log1p(total)]

    # ---- encoder features (optional) ------------------------------------------------------
    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_encoder"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        state.setdefault("encoder", None)  # models saved before the encoder option
        state.setdefault("encoder_weight", 1.0)
        state.setdefault("_encoder", None)
        self.__dict__.update(state)

    def attach_encoder(self, span_encoder: object) -> PtcModel:
        """Use an already loaded :class:`~veracity.tactics.encoder.SpanEncoder` (no reload)."""
        self._encoder = span_encoder
        return self

    def _span_encoder(self):  # noqa: ANN202 - SpanEncoder, imported lazily (torch)
        if self._encoder is None:
            from veracity.tactics.encoder import load_encoder

            self._encoder = load_encoder(self.encoder or "minilm")
        return self._encoder

    def _matrix(self, docs: dict[str, list], fit: bool, dense: np.ndarray | None = None):
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        if fit:
            self.vectorizers_ = {
                "word": TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True),
                "char": TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
                "context": TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True),
                "sentence": TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            }
        parts = []
        for key, column in (
            ("word", "span"),
            ("char", "span"),
            ("context", "context"),
            ("sentence", "sentence"),
        ):
            vec = self.vectorizers_[key]
            parts.append(vec.fit_transform(docs[column]) if fit else vec.transform(docs[column]))
        parts.append(csr_matrix(np.asarray(docs["numeric"], dtype=float)))
        parts.append(csr_matrix(np.asarray(docs["memory"], dtype=float)))
        if self.encoder is not None:
            if dense is None or len(dense) != len(docs["span"]):
                raise ValueError("one encoder row per span")
            parts.append(csr_matrix(np.asarray(dense, dtype=float) * self.encoder_weight))
        return hstack(parts).tocsr()

    def fit_classifier(
        self, articles: Sequence[Article], *, embeddings: Sequence[np.ndarray] | None = None
    ) -> PtcModel:
        """Train technique classification on the articles' labelled spans.

        ``embeddings`` (with ``encoder`` set): precomputed encoder rows, one array per article
        aligned with its labelled spans — the encoder is frozen, so a benchmark may encode once
        and reuse the rows across folds. Without it the encoder runs here.
        """
        from sklearn.svm import LinearSVC

        # memory: the labels each span text got, kept per article so that an article's own
        # spans never describe themselves while training (leave-one-article-out)
        own: dict[str, dict[str, Counter[str]]] = {}
        memory: dict[str, Counter[str]] = {}
        for a in articles:
            mine = own.setdefault(a.id, {})
            for g in a.spans:
                if g.technique:
                    k = _key(a.text[g.start : g.end])
                    mine.setdefault(k, Counter())[g.technique] += 1
                    memory.setdefault(k, Counter())[g.technique] += 1
        self.memory_ = memory
        self.memory_labels_ = tuple(sorted({t for c in memory.values() for t in c}))
        docs: dict[str, list] = {
            k: [] for k in ("span", "context", "numeric", "sentence", "memory")
        }
        y: list[str] = []
        for a in articles:
            spans = [(g.start, g.end) for g in a.spans if g.technique]
            for k, v in self._span_docs(a.text, spans, exclude=own[a.id]).items():
                docs[k].extend(v)
            y.extend(g.technique for g in a.spans if g.technique)
        if len(set(y)) < 2:
            raise InputError(
                "technique classification needs spans of at least two techniques",
                fix="give TC label files (article_id, technique, start, end)",
            )
        dense = None
        if self.encoder is not None:
            if embeddings is None:
                embeddings = self._span_encoder().encode_many(
                    [(a.text, [(g.start, g.end) for g in a.spans if g.technique]) for a in articles]
                )
            dense = np.vstack(list(embeddings))
        X = self._matrix(docs, fit=True, dense=dense)
        clf = LinearSVC(C=self.C)
        clf.fit(X, y)
        self.classifier_ = clf
        self.labels_ = tuple(clf.classes_)
        return self

    def classify(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        *,
        embedding: np.ndarray | None = None,
    ) -> list[tuple[str, float]]:
        """One (technique, probability) per span; a span given k times gets k distinct labels.

        PTC marks a fragment with two techniques by listing it twice; the k-th copy gets the
        k-th most probable label, as the best SemEval-2020 systems did. ``embedding``:
        precomputed encoder rows for ``spans`` (see :meth:`fit_classifier`).
        """
        if self.classifier_ is None:
            raise InputError("the model has no technique classifier", fix="train it first")
        if not spans:
            return []
        if self.encoder is not None and embedding is None:
            embedding = self._span_encoder().encode(text, spans)
        X = self._matrix(self._span_docs(text, spans), fit=False, dense=embedding)
        scores = self.classifier_.decision_function(X)
        # a softmax of the one-vs-rest margins: a ranking score, not a calibrated probability
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        proba = scores / scores.sum(axis=1, keepdims=True)
        seen: Counter[tuple[int, int]] = Counter()
        out = []
        for span, row in zip(spans, proba, strict=True):
            rank = seen[tuple(span)]
            seen[tuple(span)] += 1
            order = np.argsort(-row)
            k = int(order[min(rank, len(order) - 1)])
            out.append((self.labels_[k], float(row[k])))
        return out

    # ---- both -----------------------------------------------------------------------------
    def fit(self, articles: Sequence[Article]) -> PtcModel:
        if self.encoder is not None:
            self._span_encoder()  # a missing encoder fails before any training
        return self.fit_spans(articles).fit_classifier(articles)

    def tag(self, text: str) -> list[Tag]:
        spans = self.predict_spans(text)
        labels = self.classify(text, [(s, e) for s, e, _ in spans])
        return [
            Tag(label, s, e, min(1.0, p_span * p_label), "model.sentence+svm", "semeval2020")
            for (s, e, p_span), (label, p_label) in zip(spans, labels, strict=True)
        ]

    def tag_many(self, texts: Iterable[str]) -> Iterator[list[Tag]]:
        for text in texts:
            yield self.tag(text)

    # ---- persistence (bytes; the caller writes the file) -----------------------------------
    def dumps(self) -> bytes:
        return pickle.dumps({"format": _FORMAT, "model": self})

    @classmethod
    def loads(cls, data: bytes, *, source: str | None = None) -> PtcModel:
        """A model written by :meth:`dumps`. Pickle runs code: load only models you trained."""
        try:
            payload = pickle.loads(data)  # noqa: S301 - the user's own trained file
        except Exception as exc:
            raise InputError(f"not a veracity tactics model ({exc})", file=source) from None
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise InputError(
                "not a veracity tactics model",
                file=source,
                fix="train one with: veracity tactics train --data DIR --out FILE",
            )
        return payload["model"]
