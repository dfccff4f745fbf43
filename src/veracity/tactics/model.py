"""A trained tagger for PTC-format data: a token CRF finds spans, a linear model labels them.

No neural encoder (no torch here): span identification is a linear-chain CRF over tokens
(sklearn-crfsuite) with lexical, shape and context features; technique classification is a
linear SVM (one-vs-rest) on TF-IDF word and character n-grams of the span and of its context, plus
a few counts (length, how often the span's words recur in the article — repetition). Both are
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
from collections.abc import Iterable, Iterator, Sequence

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


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text, start, end)]


def _shape(w: str) -> str:
    s = re.sub(r"[A-Z]", "X", w)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


def _token_features(text: str, toks: list[tuple[int, int]], line_len: int) -> list[dict]:
    words = [text[s:e] for s, e in toks]
    low = [w.lower() for w in words]
    n = len(words)
    has_quote = any(w in {'"', "“", "”"} for w in words)
    exclaim = "!" in words
    feats = []
    for i, w in enumerate(words):
        f = {
            "b": 1.0,
            "w": low[i],
            "suf3": low[i][-3:],
            "pre3": low[i][:3],
            "shape": _shape(w),
            "title": w.istitle(),
            "upper": w.isupper() and len(w) > 1,
            "pos": min(i, 5) if i < n / 2 else -min(n - 1 - i, 5),
            "len": min(n // 10, 5),
            "quote_line": has_quote,
            "excl_line": exclaim,
        }
        for d in (-2, -1, 1, 2):
            j = i + d
            f[f"w{d:+d}"] = low[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")
        f["bi-1"] = f["w-1"] + "|" + low[i]
        f["bi+1"] = low[i] + "|" + f["w+1"]
        feats.append(f)
    return feats


def _bio(toks: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[str]:
    labels = []
    prev = False
    for s, e in toks:
        inside = any(s < ge and gs < e for gs, ge in spans)
        labels.append(("I" if prev else "B") if inside else "O")
        prev = inside
    return labels


class PtcModel:
    """Span identification and technique classification trained on PTC-format articles.

    Hyperparameters: ``c1``/``c2`` (CRF L1/L2), ``crf_iterations``, ``C`` (inverse
    regularisation of the technique classifier), ``context`` (characters of context each side
    of a span), ``threshold`` (a token is inside a span when the CRF's marginal probability of
    "not outside" reaches it: PTC spans cover few tokens, and Viterbi decoding finds almost
    none).
    """

    name = "model"

    def __init__(
        self,
        *,
        c1: float = 0.05,
        c2: float = 0.01,
        crf_iterations: int = 80,
        C: float = 0.5,
        context: int = 60,
        threshold: float = 0.3,
    ) -> None:
        self.c1, self.c2, self.crf_iterations = c1, c2, crf_iterations
        self.C, self.context = C, context
        self.threshold = threshold
        self.crf_ = None
        self.classifier_ = None
        self.vectorizers_: dict[str, object] = {}
        self.labels_: tuple[str, ...] = ()

    # ---- span identification ------------------------------------------------------------
    def _line_items(self, text: str) -> Iterator[tuple[list[tuple[int, int]], list[dict]]]:
        for ls, le in _lines(text):
            toks = _tokens(text, ls, le)
            if toks:
                yield toks, _token_features(text, toks, le - ls)

    def fit_spans(self, articles: Sequence[Article]) -> PtcModel:
        import sklearn_crfsuite

        X, y = [], []
        for a in articles:
            gold = [(g.start, g.end) for g in a.spans]
            for toks, feats in self._line_items(a.text):
                X.append(feats)
                y.append(_bio(toks, gold))
        crf = sklearn_crfsuite.CRF(
            algorithm="lbfgs",
            c1=self.c1,
            c2=self.c2,
            max_iterations=self.crf_iterations,
            all_possible_transitions=True,
        )
        crf.fit(X, y)
        self.crf_ = crf
        return self

    def predict_spans(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, mean marginal probability of the span's tokens)."""
        if self.crf_ is None:
            raise InputError("the model has no span identifier", fix="train it first")
        items = list(self._line_items(text))
        if not items:
            return []
        marginals = self.crf_.predict_marginals([f for _, f in items])
        out: list[tuple[int, int, float]] = []
        for (toks, _), margs in zip(items, marginals, strict=True):
            inside = [1.0 - m["O"] for m in margs]
            cur: list[int] = []
            for i, p in enumerate([*inside, 0.0]):
                if p >= self.threshold and i < len(toks):
                    cur.append(i)
                elif cur:
                    mean = float(np.mean([inside[k] for k in cur]))
                    out.append((toks[cur[0]][0], toks[cur[-1]][1], mean))
                    cur = []
        return out

    # ---- technique classification ---------------------------------------------------------
    def _span_docs(self, text: str, spans: Sequence[tuple[int, int]]) -> dict[str, list]:
        low = text.lower()
        words = Counter(m.group().lower() for m in _TOKEN.finditer(text))
        span_text, context, numeric = [], [], []
        for s, e in spans:
            frag = text[s:e]
            span_text.append(frag.lower())
            left = text[max(0, s - self.context) : s]
            right = text[e : e + self.context]
            context.append(
                "L_"
                + " L_".join(left.lower().split()[-6:])
                + " R_"
                + " R_".join(right.lower().split()[:6])
            )
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
                ]
            )
        return {"span": span_text, "context": context, "numeric": numeric}

    def _matrix(self, docs: dict[str, list], fit: bool):
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        if fit:
            self.vectorizers_ = {
                "word": TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True),
                "char": TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
                "context": TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True),
            }
        parts = []
        for key, column in (("word", "span"), ("char", "span"), ("context", "context")):
            vec = self.vectorizers_[key]
            parts.append(vec.fit_transform(docs[column]) if fit else vec.transform(docs[column]))
        parts.append(csr_matrix(np.asarray(docs["numeric"], dtype=float)))
        return hstack(parts).tocsr()

    def fit_classifier(self, articles: Sequence[Article]) -> PtcModel:
        from sklearn.svm import LinearSVC

        docs: dict[str, list] = {"span": [], "context": [], "numeric": []}
        y: list[str] = []
        for a in articles:
            spans = [(g.start, g.end) for g in a.spans if g.technique]
            for k, v in self._span_docs(a.text, spans).items():
                docs[k].extend(v)
            y.extend(g.technique for g in a.spans if g.technique)
        if len(set(y)) < 2:
            raise InputError(
                "technique classification needs spans of at least two techniques",
                fix="give TC label files (article_id, technique, start, end)",
            )
        X = self._matrix(docs, fit=True)
        clf = LinearSVC(C=self.C)
        clf.fit(X, y)
        self.classifier_ = clf
        self.labels_ = tuple(clf.classes_)
        return self

    def classify(self, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """One (technique, probability) per span; a span given k times gets k distinct labels.

        PTC marks a fragment with two techniques by listing it twice; the k-th copy gets the
        k-th most probable label, as the best SemEval-2020 systems did.
        """
        if self.classifier_ is None:
            raise InputError("the model has no technique classifier", fix="train it first")
        if not spans:
            return []
        X = self._matrix(self._span_docs(text, spans), fit=False)
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
        return self.fit_spans(articles).fit_classifier(articles)

    def tag(self, text: str) -> list[Tag]:
        spans = self.predict_spans(text)
        labels = self.classify(text, [(s, e) for s, e, _ in spans])
        return [
            Tag(label, s, e, min(1.0, p_span * p_label), "model.crf+svm", "semeval2020")
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
