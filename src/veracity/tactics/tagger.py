"""The rule tagger: spaCy matchers over a blank English tokenizer, then the detectors.

A blank pipeline (tokenizer + rule-based sentencizer) needs no model download and tags tens of
thousands of statements a minute; nothing here learns from data. A tagger holds its own spaCy
objects (no module-level state), so build one and reuse it.

>>> text = "It is pure fiction, simply fake news."
>>> [(t.technique, text[t.start:t.end]) for t in RuleTagger().tag(text)]
[('blanket_denial', 'It is pure fiction'), ('blanket_denial', 'simply fake news')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from veracity.errors import InputError
from veracity.tactics.detectors import Cue, mixed_signals
from veracity.tactics.rules import RULES, Rule
from veracity.tactics.tag import Tag


class Tagger(Protocol):
    """Anything that tags a text: the rules, a trained model, or both together."""

    def tag(self, text: str) -> list[Tag]: ...

    def tag_many(self, texts: Iterable[str]) -> Iterator[list[Tag]]: ...


def _longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Per match id keep non-overlapping token spans, longest first (Matcher returns all)."""
    kept: list[tuple[int, int, int]] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for key, start, end in sorted(matches, key=lambda m: m[2] - m[1], reverse=True):
        spans = taken.setdefault(key, [])
        if any(start < e and s < end for s, e in spans):
            continue
        spans.append((start, end))
        kept.append((key, start, end))
    return sorted(kept, key=lambda m: (m[1], m[2]))


def merge_overlapping(tags: Iterable[Tag]) -> list[Tag]:
    """One tag per technique per stretch of text: overlapping tags of one technique merge.

    Two rules that agree ("It is pure fiction" and "pure fiction") are one finding; the merged
    tag covers both spans and keeps the more confident rule's name and confidence.
    """
    out: list[Tag] = []
    for t in sorted(tags, key=lambda t: (t.technique, t.start, -t.end)):
        last = out[-1] if out else None
        if last is not None and last.technique == t.technique and t.start < last.end:
            best = last if last.confidence >= t.confidence else t
            out[-1] = Tag(
                t.technique,
                last.start,
                max(last.end, t.end),
                best.confidence,
                best.rule,
                t.taxonomy,
            )
        else:
            out.append(t)
    return sorted(out, key=lambda t: (t.start, t.end, t.technique))


class RuleTagger:
    """Tags texts with :data:`~veracity.tactics.rules.RULES` and the document-level detectors.

    ``window`` is the largest sentence distance between an offer of talks and a non-negotiable
    position that still counts as mixed signals.
    """

    name = "rules"

    def __init__(self, rules: Sequence[Rule] = RULES, *, window: int = 2) -> None:
        import spacy
        from spacy.matcher import Matcher, PhraseMatcher

        self.rules = tuple(rules)
        self.window = window
        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("sentencizer")
        self._matcher = Matcher(self._nlp.vocab)
        self._phrases = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._by_key: dict[int, Rule] = {}
        for r in self.rules:
            key = self._nlp.vocab.strings.add(r.id)
            self._by_key[key] = r
            if r.patterns:
                self._matcher.add(r.id, list(r.patterns))
            if r.phrases:
                tokenizer: Any = self._nlp.tokenizer  # a spaCy Tokenizer (typed as a callable)
                self._phrases.add(r.id, list(tokenizer.pipe(r.phrases)))

    def _doc_tags(self, doc) -> tuple[list[Tag], list[Cue]]:  # noqa: ANN001 - a spaCy Doc
        sentence_of: list[int] = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sentence_of[i] = k
        matches = _longest_first(list(self._matcher(doc)) + list(self._phrases(doc)))
        tags: list[Tag] = []
        cues: list[Cue] = []
        for key, start, end in matches:
            r = self._by_key[key]
            span = doc[start:end]
            if r.emit:
                tags.append(Tag(r.technique, span.start_char, span.end_char, r.confidence, r.id))
            else:
                cues.append(Cue(r.id, sentence_of[start], span.start_char, span.end_char))
        tags.extend(mixed_signals(cues, window=self.window))
        return merge_overlapping(tags), cues

    def tag(self, text: str) -> list[Tag]:
        """Every tag in ``text``, sorted by position."""
        return self._doc_tags(self._nlp(text))[0]

    def cues(self, text: str) -> list[Cue]:
        """The component matches (offers of talks, firm positions) for cross-statement detectors."""
        return self._doc_tags(self._nlp(text))[1]

    def tag_many(self, texts: Iterable[str], *, batch_size: int = 256) -> Iterator[list[Tag]]:
        """Tags for each text in turn; faster than :meth:`tag` in a loop (batched tokenizing)."""
        for doc in self._nlp.pipe(texts, batch_size=batch_size):
            yield self._doc_tags(doc)[0]


class CombinedTagger:
    """The union of several taggers' tags (rules and a trained model), sorted by position."""

    def __init__(self, taggers: Sequence[Tagger]) -> None:
        self.taggers = tuple(taggers)

    def tag(self, text: str) -> list[Tag]:
        tags = [t for tagger in self.taggers for t in tagger.tag(text)]
        return sorted(tags, key=lambda t: (t.start, t.end, t.technique))

    def tag_many(self, texts: Iterable[str]) -> Iterator[list[Tag]]:
        for text in texts:
            yield self.tag(text)


def make_tagger(*, rules: bool = True, window: int = 2, model: Tagger | None = None) -> Tagger:
    """The tagger ``veracity tactics`` and ``tag_store_statements`` use: the rules (with
    ``window``), a trained model (``PtcModel.loads``), or both combined.

    >>> type(make_tagger()).__name__
    'RuleTagger'
    >>> make_tagger(rules=False)
    Traceback (most recent call last):
    ...
    veracity.errors.InputError: nothing to tag with — keep the rules or give a trained model
    """
    taggers: list[Tagger] = []
    if rules:
        taggers.append(RuleTagger(window=window))
    if model is not None:
        taggers.append(model)
    if not taggers:
        raise InputError("nothing to tag with", fix="keep the rules or give a trained model")
    return taggers[0] if len(taggers) == 1 else CombinedTagger(taggers)
