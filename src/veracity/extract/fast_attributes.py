"""The small model's ``attribute_ruler`` and ``lemmatizer``, applied by table lookup.

Why: spaCy's AttributeRuler matches a pattern on every token (its tag → part-of-speech map is a
pattern per tag) and builds a Span for each match; with the rule lemmatiser the two took a third
of the small model's time on PolNeAR news text, as much as the parser. Here the same patterns are
indexed by tag and word and applied in the ruler's order (a later pattern wins, as in spaCy) over
the document's integer arrays, and lemmas are computed only for verbs and nouns — the words the
extractor asks about — once per distinct (word, part of speech, morphology). The result is the
same part of speech, morphology and (for those words) lemma as the full pipeline: a test compares
them token by token.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.parts_of_speech import IDS as POS_IDS

LEMMATISED = frozenset(POS_IDS[p] for p in ("VERB", "AUX", "NOUN"))
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
READ = [TAG, LOWER, DEP, IS_SPACE, ORTH, POS, MORPH, LEMMA]


class Unsupported(ValueError):
    """A ruler pattern this table cannot express: the caller keeps spaCy's own components."""


def _condition(strings, key: str, value):
    """(column, test on the column's integer value) for one key of a token pattern."""
    if key not in COLUMNS:
        raise Unsupported(key)
    col = COLUMNS[key]
    if isinstance(value, bool):
        return col, lambda v, want=int(value): v == want
    if isinstance(value, str):
        return col, lambda v, want=strings[value]: v == want
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN"):
            ids = frozenset(strings[a] for a in arg)
            return col, (lambda v: v in ids) if op == "IN" else (lambda v: v not in ids)
        if op == "REGEX":
            rx, seen = re.compile(arg), {}

            def test(v: int) -> bool:
                if v not in seen:
                    seen[v] = rx.search(strings[v]) is not None
                return seen[v]

            return col, test
    raise Unsupported(f"{key}: {value!r}")


class RuleLemmas:
    """spaCy's rule lemmatiser (``Lemmatizer.rule_lemmatize``, first form) with its word index
    held as sets: spaCy tests membership in lists of thousands of words, 0.3 ms a word."""

    def __init__(self, lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise Unsupported(f"lemmatizer mode {lemmatizer.mode!r}")
        self.base_form = lemmatizer.is_base_form
        lookups = lemmatizer.lookups
        index = lookups.get_table("lemma_index", {})
        exc = lookups.get_table("lemma_exc", {})
        rules = lookups.get_table("lemma_rules", {})
        self.tables = {
            pos: (frozenset(index.get(pos, ())), exc.get(pos, {}), rules.get(pos, []))
            for pos in ("verb", "aux", "noun")
        }

    def lemma(self, token) -> str:
        string = token.text
        univ_pos = token.pos_.lower()
        if self.base_form(token):
            return string.lower()
        index, exceptions, rules = self.tables[univ_pos]
        if not (index or exceptions or rules):
            return string.lower()
        orig, string = string, string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [orig])[0]


class FastAttributes:
    """Part of speech, morphology and lemmas as the model's own components set them."""

    def __init__(self, nlp) -> None:
        ruler = nlp.get_pipe("attribute_ruler")
        names = nlp.component_names
        self.lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in names else None
        strings, morphology = nlp.vocab.strings, nlp.vocab.morphology
        tags = {strings.add(t) for t in nlp.get_pipe("tagger").labels} | {
            strings.add("_SP"),
            0,
        }
        self.by_tag: dict[int, list] = defaultdict(list)  # rules to test on every such token
        self.by_word: dict[tuple[int, int], list] = defaultdict(list)  # (tag, word) → rules
        self.multi: dict[int | None, list] = defaultdict(list)  # by the first word, if fixed
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self.rules = RuleLemmas(self.lemmatizer) if self.lemmatizer is not None else None
        for order, entry in enumerate(ruler.patterns):
            attrs = {}
            for key, value in entry["attrs"].items():
                if key == "POS":
                    attrs["pos"] = POS_IDS[value]
                elif key == "MORPH":
                    attrs["morph"] = morphology.add(value)
                elif key == "LEMMA":
                    attrs["lemma"] = strings.add(value)
                elif key in ("TAG", "DEP"):
                    attrs[key.lower() + "_"] = value  # rare (space tokens): set on the Token
                else:
                    raise Unsupported(key)
            for pattern in entry["patterns"]:
                conds = [[_condition(strings, k, v) for k, v in tok.items()] for tok in pattern]
                first = pattern[0]
                if len(conds) > 1:
                    word = first.get("LOWER")
                    key = strings[word] if isinstance(word, str) else None
                    self.multi[key].append((order, conds, entry.get("index", 0), attrs))
                    continue
                rest = [c for k, c in zip(first, conds[0], strict=True) if k not in ("TAG",)]
                tag_value = first.get("TAG")
                if tag_value is None:
                    wanted = tags
                else:
                    tag_test = conds[0][list(first).index("TAG")][1]
                    wanted = {t for t in tags if tag_test(t)}
                word = first.get("LOWER")
                words = None
                if isinstance(word, str):
                    words = [strings[word]]
                elif isinstance(word, dict) and list(word) == ["IN"]:
                    words = [strings[w] for w in word["IN"]]
                if words is not None:
                    rest = [c for c in rest if c[0] != COLUMNS["LOWER"]]
                for tag in wanted:
                    if words is None:
                        self.by_tag[tag].append((order, rest, attrs))
                    else:
                        for w in words:
                            self.by_word[(tag, w)].append((order, rest, attrs))

    def __call__(self, doc):
        if not len(doc):
            return doc
        arr = doc.to_array(READ)  # uint64 hashes; .tolist() gives them as Python ints
        rows = arr[:, :4].tolist()
        pos, morph, lemma = arr[:, 5].copy(), arr[:, 6].copy(), arr[:, 7].copy()
        extra = self._multi_matches(rows)
        by_tag, by_word = self.by_tag, self.by_word
        on_token: list[tuple[int, dict]] = []
        for i, row in enumerate(rows):
            tag = row[0]
            matched = [
                (order, attrs)
                for rules in (by_tag.get(tag, ()), by_word.get((tag, row[1]), ()))
                for order, rest, attrs in rules
                if all(test(row[col]) for col, test in rest)
            ]
            if extra and i in extra:
                matched.extend(extra[i])
            if not matched:
                continue
            if len(matched) > 1:
                matched.sort(key=lambda r: r[0])  # a later pattern wins, as in spaCy
            chosen: dict = {}
            for _order, attrs in matched:
                chosen.update(attrs)
            if "pos" in chosen:
                pos[i] = chosen["pos"]
            if "morph" in chosen:
                morph[i] = chosen["morph"]
            if "lemma" in chosen:
                lemma[i] = chosen["lemma"]
            if "tag_" in chosen or "dep_" in chosen:
                on_token.append((i, chosen))
        doc.from_array([POS, MORPH], np.stack([pos, morph], axis=1))
        for i, chosen in on_token:
            for attr in ("tag_", "dep_"):
                if attr in chosen:
                    setattr(doc[i], attr, chosen[attr])
        if self.rules is not None:
            self._lemmatise(doc, self.rules, arr[:, 4], pos, morph, lemma)
        doc.from_array([LEMMA], lemma.reshape(-1, 1))
        return doc

    def _lemmatise(self, doc, rules: RuleLemmas, orth, pos, morph, lemma) -> None:
        cache, strings = self._lemmas, doc.vocab.strings
        wanted = np.isin(pos, np.array(sorted(LEMMATISED), dtype=pos.dtype))
        for i in np.flatnonzero((lemma == 0) & wanted).tolist():
            key = (int(orth[i]), int(pos[i]), int(morph[i]))  # all the rule lemmatiser reads
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(rules.lemma(doc[i]))
            lemma[i] = found

    def _multi_matches(self, rows) -> dict[int, list]:
        """Patterns over several words ("gon na", "ai n't"), matched before anything is set."""
        out: dict[int, list] = defaultdict(list)
        multi, anywhere = self.multi, self.multi.get(None, [])
        n_rows = len(rows)
        for i, row in enumerate(rows):
            for order, conds, index, attrs in multi.get(row[1], []) + anywhere:
                n = len(conds)
                if i + n > n_rows or not all(test(row[c]) for c, test in conds[0]):
                    continue
                if all(test(rows[i + k][c]) for k in range(1, n) for c, test in conds[k]):
                    out[i + (index if index >= 0 else n + index)].append((order, attrs))
        return out


def fast_path(nlp) -> tuple[list[str], FastAttributes | None]:
    """Components to switch off while parsing, and what replaces them (none if not possible)."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "tagger" not in names:
        return [], None
    if "parser" in names and names.index("attribute_ruler") < names.index("parser"):
        return [], None  # a ruler before the parser would change what the parser sees
    try:
        fast = FastAttributes(nlp)
    except Unsupported:
        return [], None
    off = ["attribute_ruler"] + (["lemmatizer"] if "lemmatizer" in names else [])
    return off, fast
