"""Text → attributions: the parser route when a model is installed, patterns otherwise.

>>> ex = Extractor(load_pipeline("blank"))
>>> [a.speaker for a in ex.extract('"It never happened," Peskov said.')]
['Peskov']
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from veracity.errors import InputError
from veracity.extract.attribution import Attribution, Kind
from veracity.extract.batches import BATCH_CHARS, pieces, tokenizer_safe
from veracity.extract.cataphora import name_lede_descriptions
from veracity.extract.mentions import gender_of_name, is_nameless
from veracity.extract.parsed import (
    Candidate,
    cue_negated,
    find_candidates,
    negation_of,
    sentence_of,
)
from veracity.extract.pipeline import has_parser, load_pipeline
from veracity.extract.provenance import citing_in, document_provenance, same_speaker
from veracity.extract.quotes import find_quotes
from veracity.extract.rules import rule_matches
from veracity.extract.speaker import Antecedents, guess_label, is_description, speaker_phrase
from veracity.extract.speaker_phrases import (
    owner_of,
    parent_in,
    quantified,
    relative_noun,
    whole_phrase,
)
from veracity.extract.stance import classify_stance
from veracity.model import Stance

MAX_CHARS = 2_000_000  # spaCy's own limit is 1e6 per call; longer texts go in pieces
CARRIED = 1_000  # named speakers carried from one piece of a long text to the next


class ExtractionBudgetError(InputError):
    """A document whose extraction ran past its time budget: nothing of it is returned."""


class Extractor:
    """Finds attributions in texts with one spaCy pipeline (load it once, reuse it).

    ``nlp`` may be a pipeline, or a function returning one: it is then called the first time a
    text needs parsing — one with a word in it (every attribution has a cue word, a speaker or
    "according to"; a text of punctuation, digits and spaces has none). So a command given only
    such texts never imports spaCy nor loads the model, the seconds of start-up that dwarf the
    extraction. ``None`` loads the default pipeline when first needed.
    """

    def __init__(
        self,
        nlp=None,
        *,
        time_budget: float | None = None,
        batch_chars: int = BATCH_CHARS,
    ) -> None:
        if nlp is None or _is_pipeline(nlp):
            self._nlp, self._load = nlp, load_pipeline
        else:  # a function that loads one
            self._nlp, self._load = None, nlp
        self.time_budget = time_budget  # seconds per document; None: no limit
        self.batch_chars = batch_chars
        self._switched_off: list[str] = []
        self._attributes: Any = None  # a FastAttributes (imported with spaCy) once prepared
        if self._nlp is not None:
            self._prepare()

    @property
    def nlp(self):
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = self._load()
            self._prepare()
        return self._nlp

    @property
    def parsed(self) -> bool:
        """Whether the pipeline parses (else the patterns route); loads it."""
        return has_parser(self.nlp)

    def _prepare(self) -> None:
        if has_parser(self._nlp):
            from veracity.extract.fast_attributes import fast_path  # imports spaCy and numpy

            self._switched_off, self._attributes = fast_path(self._nlp)

    @property
    def model_name(self) -> str:
        meta = getattr(self.nlp, "meta", {}) or {}
        return f"{meta.get('lang', 'en')}_{meta.get('name', 'blank')}-{meta.get('version', '')}"

    def extract(self, text: str) -> list[Attribution]:
        """Attributions in ``text``, in text order, spans into ``text``."""
        return next(iter(self.extract_many([text])))

    def extract_many(
        self, texts: Iterable[str], batch_size: int = 8, n_process: int = 1
    ) -> Iterator[list[Attribution]]:
        """Attributions per text, streaming (spaCy batches the parsing; ``n_process`` > 1
        parses in that many worker processes). A text longer than ``batch_chars`` is parsed in
        paragraph pieces (see ``veracity.extract.batches``); a text whose extraction runs past
        ``time_budget`` seconds raises ``ExtractionBudgetError``."""
        texts = list(texts) if not isinstance(texts, list) else texts
        if self._nlp is None and not any(map(has_words, texts)):
            yield from ([] for _ in texts)  # nothing to parse: the pipeline stays unloaded
            return
        if not self.parsed:
            for text in texts:
                started = time.monotonic()
                atts = self._from_rules(text)
                self._check_budget(started, len(text), len(text))
                yield atts
            return
        if n_process > 1 and len(texts) > batch_size:
            yield from self._in_workers(texts, batch_size, n_process)
            return
        yield from self._parsed_many(texts, batch_size)

    def _parsed_many(self, texts: list[str], batch_size: int) -> Iterator[list[Attribution]]:
        """Each text's pieces parsed in turn (a long text never becomes one Doc), with the
        speakers named so far carried from one piece of a text to the next."""
        spans = [
            (t, a, b) for t, text in enumerate(texts) for a, b in pieces(text, self.batch_chars)
        ]
        longest = max((b - a for _, a, b in spans), default=0)
        self.nlp.max_length = max(self.nlp.max_length, longest + 1)
        if any(b - a > self.batch_chars // 8 for _, a, b in spans):
            batch_size = 1  # long pieces: one Doc in flight at a time bounds the memory
        docs = self._parse((tokenizer_safe(texts[t][a:b]) for t, a, b in spans), batch_size)
        current = -1
        out: list[Attribution] = []
        carried: list = []
        started = time.monotonic()
        previous_start = 0
        for (t, a, b), doc in zip(spans, docs, strict=True):
            if t != current:
                if current >= 0:
                    yield _apply_document_provenance(texts[current], out)
                current, out, carried = t, [], []
                started, previous_start = time.monotonic(), 0
            antecedents = Antecedents.of_document(doc)
            antecedents.speakers[:0] = _rebased(carried, a - previous_start)
            previous_start = a
            piece = self._from_piece(texts[t][a:b], doc, antecedents)
            carried = antecedents.speakers
            out.extend(_shifted(att, a) for att in piece)
            self._check_budget(started, b, len(texts[t]))
        if current >= 0:
            yield _apply_document_provenance(texts[current], out)

    def _check_budget(self, started: float, done: int, total: int) -> None:
        if self.time_budget is None:
            return
        spent = time.monotonic() - started
        if spent > self.time_budget:
            raise ExtractionBudgetError(
                f"extraction took over {self.time_budget:g} s (the time budget) after "
                f"{done:,} of {total:,} characters",
                fix="split the document, or raise the budget with --time-budget",
            )

    def _parse(self, texts: Iterable[str], batch_size: int) -> Iterator:
        """Parsed docs, with the table-lookup attributes in place of the two components they
        replace (the pipeline itself is left as it is: another user of ``nlp`` sees no change)."""
        if self._attributes is None:
            yield from self.nlp.pipe(texts, batch_size=batch_size)
            return
        docs: Iterable = (self.nlp.make_doc(t) for t in texts)
        for name, proc in self.nlp.pipeline:
            if name in self._switched_off:
                continue
            if hasattr(proc, "pipe"):
                docs = proc.pipe(docs, batch_size=batch_size)
            else:
                docs = map(proc, docs)
        for doc in docs:
            yield self._attributes(doc)

    def _in_workers(
        self, texts: list[str], batch_size: int, n_process: int
    ) -> Iterator[list[Attribution]]:
        """Parse and extract in forked workers, which send back only the attributions: spaCy's
        own ``n_process`` ships every parsed Doc back to this process (about 17% more CPU than one
        process on PolNeAR texts, against 12% this way). One process where fork is missing."""
        import multiprocessing

        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:
            yield from self.extract_many(texts, batch_size=batch_size)
            return
        chunks = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
        with ctx.Pool(n_process, initializer=_worker_init, initargs=(self, batch_size)) as pool:
            for result in pool.imap(_worker_extract, chunks):
                yield from result

    # -- parser route ------------------------------------------------------------------------

    def _from_doc(self, text: str, doc) -> list[Attribution]:
        """Attributions in a text parsed whole."""
        atts = self._from_piece(text, doc, Antecedents.of_document(doc))
        return _apply_document_provenance(text, atts)

    def _from_piece(self, text: str, doc, antecedents: Antecedents) -> list[Attribution]:
        """Attributions in one parsed piece, spans into the piece; ``antecedents`` (the piece's
        names, and the speakers named so far with spans relative to this piece) is updated in
        place."""
        quotes = find_quotes(text)
        cands = find_candidates(doc, quotes, text)
        out: list[Attribution] = []
        breaks = _paragraph_breaks(text)
        for cand in sorted(cands, key=lambda c: c.cue_span):
            att = self._attribution(text, cand, antecedents, breaks)
            if att is not None:
                out.append(att)
        # the sentence index holds Spans of the Doc: a cycle spaCy's Doc does not let the
        # garbage collector break, so every parsed document would stay in memory
        doc.user_data.pop("veracity_sentences", None)
        doc.user_data.pop("veracity_starts", None)
        return out

    def _attribution(self, text: str, cand: Candidate, antecedents: Antecedents, breaks: list[int]):
        speaker = speaker_span = role = mention = label = None
        if cand.speaker_chars is not None:  # "TAPPER: …": the label is the speaker
            speaker_span = mention = cand.speaker_chars
            speaker = text[speaker_span[0] : speaker_span[1]]
            fuller = antecedents.fuller_name(speaker, at=speaker_span[0])
            if fuller is not None:
                speaker, speaker_span, role = fuller
            if is_description(speaker):  # "Poll: Clinton and Trump in dead heat"
                label = None
            else:
                antecedents.add_label(speaker, speaker_span)
                label = "PERSON"
        elif cand.speaker_head is not None:
            antecedent = relative_noun(cand.speaker_head)
            phrase_head = antecedent if antecedent is not None else cand.speaker_head
            phrase_head = quantified(phrase_head)  # "a number of cities" → cities
            phrase = speaker_phrase(phrase_head)
            mention = phrase.mention_span
            speaker, speaker_span, role = phrase.name, phrase.name_span, phrase.role
            label = phrase.label
            if antecedent is not None:  # mentioned as "who", named by the noun it stands for
                head: Any = cand.speaker_head
                mention = (head.idx, head.idx + len(head))
            narrow = mention
            if not phrase.is_named and (surname := _tagged_as_noun(phrase, antecedents)):
                phrase, label = surname, "PERSON"  # "Sanders on Tuesday said", tagged a noun
            if phrase.is_named:
                fuller = antecedents.fuller_name(
                    phrase.name, at=phrase.name_span[0], gender=phrase.gender
                )
                if fuller is not None:  # "Peskov" after "Dmitry Peskov": one speaker
                    speaker, speaker_span = fuller[0], fuller[1]
                    role = role or fuller[2]
                elif _lone_word_name(phrase, role, antecedents.text):
                    label = "ORG"  # "Politifact did a fact-check … they published"
                antecedents.add(
                    dataclasses.replace(
                        phrase, name=speaker, name_span=speaker_span, role=role, label=label
                    )
                )
            elif (owned := owner_of(phrase_head, antecedents)) is not None:
                speaker, speaker_span, label = owned  # "his office", "Ivana Trump's brief"
            else:
                said = text[narrow[0] : narrow[1]]
                resolved = antecedents.resolve(said, at=narrow[0])
                if resolved is None and antecedent is not None:
                    resolved = antecedents.resolve(phrase.name)
                if resolved is not None:
                    speaker, speaker_span, role = resolved[0], resolved[1], resolved[2] or role
                    label = antecedents.label_of(speaker)
                    label = None if label == "GROUP" else label
                elif is_nameless(phrase.name) or (antecedent is None and is_nameless(said)):
                    speaker = speaker_span = None  # "he", "some", "many of them": no name
                else:
                    antecedents.add_group(phrase.name, phrase.name_span)
            if antecedent is None:  # the mention is the whole noun phrase, appositions included
                mention = whole_phrase(cand.speaker_head, cand.content_span) or mention
        if speaker and mention:
            antecedents.mentioned(speaker, mention[0])
        cue_tok = cand.cue_tokens[0]
        cue_span = cand.cue_span
        content_span = _within_paragraph(text, cand.content_span, cue_span, breaks)
        if content_span is None:
            return None
        content = text[content_span[0] : content_span[1]]
        negated, modal = negation_of(cand.content_root)
        sent = sentence_of(cue_tok)
        context = text[cue_span[0] : min(sent.end_char, cue_span[1] + 40)]
        pre = text[max(sent.start_char, cue_span[0] - 20) : cue_span[0]]
        stance, _reason = classify_stance(
            cue=text[cue_span[0] : cue_span[1]],
            cue_lemma=cand.cue_lemma if not cand.according else "according to",
            content=content,
            cue_context=pre + context,
            cue_negated=not cand.according and cue_negated(cue_tok),
            content_negated=negated,
            content_modal=modal,
        )
        cites = None
        if cand.cites_head is not None:
            cited = speaker_phrase(cand.cites_head)
            cites = cited.name
            if not cited.is_named and is_nameless(cites):
                found = antecedents.resolve(cites)
                cites = found[0] if found else None
        elif not cand.according:
            cites = citing_in(sent.text)
        return Attribution(
            speaker=speaker,
            speaker_span=speaker_span,
            cue=text[cue_span[0] : cue_span[1]],
            cue_span=cue_span,
            content=content,
            content_span=content_span,
            stance=stance,
            cites=cites,
            role=role,
            kind=cand.kind,
            mention_span=mention,
            speaker_label=label if speaker else None,
            parent=parent_in(role) if speaker else None,
        )

    # -- pattern route -----------------------------------------------------------------------

    def _from_rules(self, text: str) -> list[Attribution]:
        out: list[Attribution] = []
        last_named: tuple[str, tuple[int, int]] | None = None
        for m in rule_matches(text):
            s0, s1 = m["speaker_span"]
            said = text[s0:s1]
            speaker: str | None = said
            span: tuple[int, int] | None = (s0, s1)
            if said.lower() in ("he", "she") and last_named is not None:
                speaker, span = last_named
            elif not is_nameless(said):
                last_named = (said, (s0, s1))
            elif is_nameless(said):
                speaker = span = None  # a pronoun nothing resolves names no source
            label = guess_label(speaker) if speaker else None
            c0, c1 = m["content_span"]
            k0, k1 = m["cue_span"]
            content = text[c0:c1]
            stance, _ = classify_stance(
                cue=text[k0:k1],
                cue_lemma=m["cue_lemma"],
                content=content,
                cue_context=text[max(0, k0 - 20) : k1 + 40],
            )
            out.append(
                Attribution(
                    speaker=speaker,
                    speaker_span=span,
                    cue=text[k0:k1],
                    cue_span=(k0, k1),
                    content=content,
                    content_span=(c0, c1),
                    stance=stance,
                    cites=citing_in(text[k0 : k1 + 200].split("\n")[0]),
                    kind=m["kind"],
                    mention_span=(s0, s1),
                    speaker_label=label,
                )
            )
        return _apply_document_provenance(text, out)


_WORD = re.compile(r"[^\W\d_]")  # a letter of any script


def has_words(text: str) -> bool:
    """Whether ``text`` has a letter: a text without one holds no attribution (no cue word,
    no speaker), so it needs no parse."""
    return _WORD.search(text) is not None


def _is_pipeline(nlp) -> bool:
    """A spaCy Language (callable on a text) rather than a function that loads one."""
    return hasattr(nlp, "pipe_names")


_WORKER: dict = {}  # per worker process only: its Extractor (inherited by fork) and batch size


def _worker_init(extractor: Extractor, batch_size: int) -> None:
    _WORKER["extractor"], _WORKER["batch_size"] = extractor, batch_size


def _worker_extract(texts: list[str]) -> list[list[Attribution]]:
    ex = _WORKER["extractor"]
    return list(ex.extract_many(texts, batch_size=_WORKER["batch_size"]))


def _lone_word_name(phrase, role: str | None, text: str) -> bool:
    """A one-word name taken for a person that the document never writes after another name
    (a given name, even in a headline: "Hillary Clinton Goes After…"), with no title and no
    sex ("Politifact", "Gallup"): news introduces people by their full name, so it is an
    organisation."""
    word = phrase.name
    return (
        phrase.label == "PERSON"
        and " " not in word
        and phrase.gender is None
        and role is None
        and gender_of_name(word) is None
        and not re.search(rf"\b[A-Z][\w.’'-]*\s+{re.escape(word)}\b", text)
    )


def _tagged_as_noun(phrase, antecedents: Antecedents):
    """A one-word speaker the tagger took for a common noun ("Sanders" as the plural of
    "sander") that is the surname of a person named in the document: a name after all."""
    word = phrase.name
    if " " in word or not word[:1].isupper() or word.isupper():
        return None
    fuller = antecedents.fuller_name(word, at=phrase.name_span[0])
    if fuller is None or antecedents.label_of(fuller[0]) != "PERSON":
        return None
    return dataclasses.replace(phrase, is_named=True, label="PERSON")


def _paragraph_breaks(text: str) -> list[int]:
    """Where each ``"\n\n"`` starts (overlapping ones too), for ``_within_paragraph``."""
    return [m.start() for m in _BLANK_LINE.finditer(text)]


_BLANK_LINE = re.compile(r"(?=\n\n)")


def _within_paragraph(text: str, span, cue_span, breaks: list[int]):
    """The content clipped to the paragraph of its cue: a parse never runs across a blank line
    (a headline glued to the first sentence). ``breaks`` from ``_paragraph_breaks(text)``:
    searching the text itself from each cue was quadratic in a text without blank lines."""
    anchor = span[0] if span[0] >= cue_span[1] else cue_span[0]  # X said:\n\n"…" stays whole
    k = bisect.bisect_right(breaks, anchor - 2)  # the last blank line ending by the anchor
    start = breaks[k - 1] + 2 if k > 0 else 0
    after = max(anchor, cue_span[1]) if anchor == cue_span[0] else anchor
    k = bisect.bisect_left(breaks, after)
    end = breaks[k] if k < len(breaks) else len(text)
    s, e = max(span[0], start), min(span[1], end)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e - s >= 2 else None


def _shifted(att: Attribution, offset: int) -> Attribution:
    """``att`` with its spans moved from a piece's offsets to the whole text's."""
    if offset == 0:
        return att

    def move(span):
        return None if span is None else (span[0] + offset, span[1] + offset)

    return att.with_(
        speaker_span=move(att.speaker_span),
        cue_span=move(att.cue_span),
        content_span=move(att.content_span),
        mention_span=move(att.mention_span),
    )


def _rebased(speakers: list, shift: int) -> list:
    """The last ``CARRIED`` speakers named so far, their spans made relative to a piece
    ``shift`` characters further on (an attribution there that names them gets the right span
    once shifted back)."""
    return [
        dataclasses.replace(n, span=(n.span[0] - shift, n.span[1] - shift))
        for n in speakers[-CARRIED:]
    ]


def _apply_document_provenance(text: str, atts: list[Attribution]) -> list[Attribution]:
    """The steps that need the whole document read: a headline's description named by the
    person named later (``cataphora``), then provenance the document states once."""
    atts = name_lede_descriptions(text, atts)
    pairs = document_provenance(text)
    if not pairs:
        return atts
    out = []
    for a in atts:
        if a.cites is None and a.speaker:
            src = next((s for who, s in pairs if same_speaker(who, a.speaker)), None)
            if src is not None:
                a = a.with_(cites=src)
        out.append(a)
    return out


def extract_attributions(text: str, nlp=None) -> list[Attribution]:
    """One-off convenience: attributions in ``text`` (loads the pipeline each call)."""
    return Extractor(nlp).extract(text)


__all__ = ["Attribution", "Extractor", "Kind", "Stance", "extract_attributions"]
