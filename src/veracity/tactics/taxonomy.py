"""Three vocabularies of tactics and the documented correspondences between them.

Analysts need tags in the vocabulary research uses, so that counts can be compared with
published work; veracity also needs the negotiation tactics named in the seed case, which no
research taxonomy has. Three taxonomies therefore live here:

- ``semeval2020``: the 14 propaganda techniques of SemEval-2020 Task 11 (Da San Martino et al.
  2020), spelled as in the Propaganda Techniques Corpus (PTC) label files.
- ``semeval2023``: the 23 persuasion techniques of SemEval-2023 Task 3 subtask 3 (Piskorski et
  al. 2023), spelled as in the task's label files.
- ``veracity``: the seed's negotiation tactics (blanket denial, discrediting the messenger,
  mixed signals…) *plus* the 23 SemEval-2023 techniques adopted unchanged, so that every
  veracity tag can be said in research vocabulary and no second name is invented for a
  technique research already names.

Why one file of 500-odd lines: the three label lists and the correspondence table between them
are one taxonomy, reviewed together against the papers' label sets; splitting them would hide
a missing correspondence.

Correspondences use SKOS mapping relations: ``exact`` (same concept), ``close`` (same concept
as far as annotation guidelines allow), ``broad`` (the target is broader: a merged SemEval-2020
class), ``narrow`` (the target is narrower) and ``related`` (overlapping, not substitutable).
:func:`translate` follows only ``exact``, ``close`` and ``broad``: a tag is re-labelled only where
the target label covers it; ``narrow`` and ``related`` never re-label, because they would claim
more than the rule saw.

>>> translate("Black-and-White_Fallacy", "semeval2020", "semeval2023")
'False_Dilemma-No_Choice'
>>> translate("discrediting_the_messenger", "veracity", "semeval2020")
'Doubt'
>>> translate("mixed_signals", "veracity", "semeval2020") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from veracity.errors import ConfigError


class Relation(StrEnum):
    EXACT = "exact"
    CLOSE = "close"
    BROAD = "broad"  # the target concept is broader than the source
    NARROW = "narrow"  # the target concept is narrower than the source
    RELATED = "related"


#: relations that may re-label a tag (the target covers the source)
TRANSLATING: frozenset[Relation] = frozenset({Relation.EXACT, Relation.CLOSE, Relation.BROAD})


@dataclass(frozen=True, slots=True)
class Technique:
    """One label of one taxonomy, with the definition annotators and rule writers follow."""

    name: str
    title: str
    definition: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    name: str
    citation: str
    techniques: tuple[Technique, ...]

    def __contains__(self, name: object) -> bool:
        return any(t.name == name for t in self.techniques)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.techniques)

    def technique(self, name: str) -> Technique:
        for t in self.techniques:
            if t.name == name:
                return t
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Correspondence:
    """``source`` (in ``source_taxonomy``) stands in ``relation`` to ``target``."""

    source_taxonomy: str
    source: str
    target_taxonomy: str
    target: str
    relation: Relation
    note: str = ""


def _t(name: str, title: str, definition: str) -> Technique:
    return Technique(name, title, definition)


SEMEVAL2020 = Taxonomy(
    name="semeval2020",
    citation=(
        "Da San Martino, Barrón-Cedeño, Wachsmuth, Petrov, Nakov (2020). SemEval-2020 Task 11: "
        "Detection of Propaganda Techniques in News Articles. SemEval 2020, 1377-1414. "
        "doi:10.18653/v1/2020.semeval-1.186"
    ),
    techniques=(
        _t(
            "Appeal_to_Authority",
            "Appeal to authority",
            "A claim is true because a valid or supposed authority says so.",
        ),
        _t(
            "Appeal_to_fear-prejudice",
            "Appeal to fear / prejudice",
            "Support for an idea by instilling anxiety or panic, or by exploiting prejudice.",
        ),
        _t(
            "Bandwagon,Reductio_ad_hitlerum",
            "Bandwagon; Reductio ad hitlerum",
            "Join because everyone does; or reject because a hated group favours it (merged).",
        ),
        _t(
            "Black-and-White_Fallacy",
            "Black-and-white fallacy",
            "Two alternatives presented as the only possibilities.",
        ),
        _t(
            "Causal_Oversimplification",
            "Causal oversimplification",
            "A single cause assumed when there are many.",
        ),
        _t("Doubt", "Doubt", "Questioning the credibility of someone or something."),
        _t(
            "Exaggeration,Minimisation",
            "Exaggeration / minimisation",
            "Representing something as much better/worse, larger/smaller than it is.",
        ),
        _t(
            "Flag-Waving",
            "Flag-waving",
            "Playing on strong national (or group) feeling to justify or promote an action.",
        ),
        _t(
            "Loaded_Language",
            "Loaded language",
            "Words and phrases with strong emotional implications to influence an audience.",
        ),
        _t(
            "Name_Calling,Labeling",
            "Name calling / labeling",
            "Labelling the object of the campaign as something the audience fears, hates or "
            "finds undesirable, or loves and praises.",
        ),
        _t("Repetition", "Repetition", "Repeating the same message over and over."),
        _t("Slogans", "Slogans", "A brief and striking phrase, often a label or stereotype."),
        _t(
            "Thought-terminating_Cliches",
            "Thought-terminating cliché",
            "Words or phrases that discourage critical thought and useful discussion.",
        ),
        _t(
            "Whataboutism,Straw_Men,Red_Herring",
            "Whataboutism; straw men; red herring",
            "Discrediting a position by charging hypocrisy, refuting a distorted version of "
            "it, or diverting to an irrelevant topic (merged).",
        ),
    ),
)

SEMEVAL2023 = Taxonomy(
    name="semeval2023",
    citation=(
        "Piskorski, Stefanovitch, Da San Martino, Nakov (2023). SemEval-2023 Task 3: Detecting "
        "the Category, the Framing, and the Persuasion Techniques in Online News in a "
        "Multi-lingual Setup. SemEval 2023. doi:10.18653/v1/2023.semeval-1.317"
    ),
    techniques=(
        _t(
            "Appeal_to_Authority",
            "Appeal to authority",
            "A claim is true because a supposed authority supports it.",
        ),
        _t(
            "Appeal_to_Popularity",
            "Appeal to popularity (bandwagon)",
            "A claim is true or an action right because many people agree or do it.",
        ),
        _t(
            "Appeal_to_Values",
            "Appeal to values",
            "Linking an idea to values the audience holds positive (freedom, tradition…).",
        ),
        _t(
            "Appeal_to_Fear-Prejudice",
            "Appeal to fear / prejudice",
            "Promoting or rejecting an idea by instilling fear or exploiting prejudice.",
        ),
        _t(
            "Flag_Waving",
            "Flag waving",
            "Justifying an idea by appeal to pride in or the benefit of a group or nation.",
        ),
        _t(
            "Causal_Oversimplification",
            "Causal oversimplification",
            "One cause assumed for an outcome that has several.",
        ),
        _t(
            "False_Dilemma-No_Choice",
            "False dilemma or no choice",
            "Only two options, or only one, presented where more exist.",
        ),
        _t(
            "Consequential_Oversimplification",
            "Consequential oversimplification",
            "An action claimed to lead inevitably to a chain of (usually bad) consequences.",
        ),
        _t("Straw_Man", "Straw man", "Refuting a distorted version of the opponent's position."),
        _t("Red_Herring", "Red herring", "Diverting attention to an irrelevant topic."),
        _t(
            "Whataboutism",
            "Whataboutism",
            "Discrediting a criticism by pointing at the critic's own conduct.",
        ),
        _t("Slogans", "Slogans", "A brief, striking phrase that sticks."),
        _t("Appeal_to_Time", "Appeal to time", "Urging action because 'the time has come'."),
        _t(
            "Conversation_Killer",
            "Conversation killer",
            "Words that discourage critical thought and end the discussion.",
        ),
        _t("Loaded_Language", "Loaded language", "Words with strong emotional implications."),
        _t("Repetition", "Repetition", "Repeating the same word, phrase or message."),
        _t(
            "Exaggeration-Minimisation",
            "Exaggeration or minimisation",
            "Making something seem larger, better, worse or smaller than it is.",
        ),
        _t(
            "Obfuscation-Vagueness-Confusion",
            "Obfuscation, vagueness, confusion",
            "Deliberately unclear wording that leaves room for several interpretations.",
        ),
        _t(
            "Name_Calling-Labeling",
            "Name calling or labelling",
            "A label the audience fears, hates or loves attached to the target.",
        ),
        _t("Doubt", "Doubt", "Questioning the credibility of someone or something."),
        _t(
            "Guilt_by_Association",
            "Guilt by association",
            "Attacking the target by linking it to a group or person the audience despises.",
        ),
        _t(
            "Appeal_to_Hypocrisy",
            "Appeal to hypocrisy (tu quoque)",
            "Attacking the target for hypocrisy instead of answering the argument.",
        ),
        _t(
            "Questioning_the_Reputation",
            "Questioning the reputation",
            "Attacking the character or reputation of the target instead of the argument.",
        ),
    ),
)

#: the seed case's negotiation tactics: veracity's own labels (snake_case, never a clash)
NEGOTIATION_TACTICS: tuple[Technique, ...] = (
    _t(
        "blanket_denial",
        "Blanket denial",
        "A flat, total denial that does not engage the evidence: 'pure fiction', 'simply fake "
        "news', 'absolutely untrue'.",
    ),
    _t(
        "discrediting_the_messenger",
        "Discrediting the messenger",
        "Attacking the outlet or the reporter instead of the report: 'the quality of information "
        "published these days, even in quite reputable publications'.",
    ),
    _t(
        "talks_without_compromise",
        "Willingness to talk without intent to compromise",
        "An offer of dialogue framed so that nothing is negotiable: talks 'on our terms', "
        "'taking into account the realities on the ground'.",
    ),
    _t(
        "mixed_signals",
        "Mixed signals",
        "An offer of talks and a non-negotiable position from the same source within a short "
        "window: 'open to discussions … but our objectives remain unchanged'.",
    ),
    _t(
        "projecting_strength",
        "Projecting strength",
        "Claims of inevitable success or superior power: 'all our goals will be achieved'.",
    ),
    _t(
        "showing_no_weakness",
        "Showing no weakness",
        "Refusing any sign of concession or need: 'we will never back down', 'no concessions'.",
    ),
    _t(
        "humiliating_the_partner",
        "Humiliating the negotiating partner",
        "Ridicule or degrading treatment of the other side of a negotiation.",
    ),
    _t(
        "blaming_others",
        "Blaming others for failed talks",
        "Putting responsibility for stalled talks on the other side: 'the ball is in their "
        "court', 'they walked away from the negotiating table'.",
    ),
    _t(
        "creating_confusion",
        "Creating confusion",
        "Contradictory or evasive statements that leave the audience unsure what happened.",
    ),
    _t(
        "sowing_distrust",
        "Sowing fear, uncertainty and distrust",
        "Fostering fear, uncertainty and mutual suspicion, particularly among allies: 'the "
        "Americans will abandon you', 'they cannot be relied on'.",
    ),
)

VERACITY = Taxonomy(
    name="veracity",
    citation=(
        "veracity's negotiation tactics, after Dubowy (2024), 'The Kremlin Said Trump-Putin "
        "Phone Call Never Happened. Why?', The Moscow Times, 12 Nov 2024; plus the SemEval-2023 "
        "Task 3 techniques adopted unchanged."
    ),
    techniques=NEGOTIATION_TACTICS + SEMEVAL2023.techniques,
)

TAXONOMIES: dict[str, Taxonomy] = {t.name: t for t in (VERACITY, SEMEVAL2020, SEMEVAL2023)}

E, C, B, N, R = Relation.EXACT, Relation.CLOSE, Relation.BROAD, Relation.NARROW, Relation.RELATED

# SemEval-2023 → SemEval-2020. 2023 split the merged 2020 classes and renamed two; six 2023
# techniques have no 2020 class (2020 dropped Obfuscation for rarity, and never annotated the
# others), so tags of those kinds vanish when a result is expressed in 2020 labels.
_S23_TO_S20: tuple[tuple[str, str, Relation, str], ...] = (
    ("Appeal_to_Authority", "Appeal_to_Authority", E, ""),
    ("Appeal_to_Popularity", "Bandwagon,Reductio_ad_hitlerum", B, "2020 merged Bandwagon"),
    ("Appeal_to_Fear-Prejudice", "Appeal_to_fear-prejudice", E, ""),
    ("Flag_Waving", "Flag-Waving", E, ""),
    ("Causal_Oversimplification", "Causal_Oversimplification", E, ""),
    ("False_Dilemma-No_Choice", "Black-and-White_Fallacy", C, "renamed; 2023 adds 'no choice'"),
    ("Straw_Man", "Whataboutism,Straw_Men,Red_Herring", B, "2020 merged class"),
    ("Red_Herring", "Whataboutism,Straw_Men,Red_Herring", B, "2020 merged class"),
    ("Whataboutism", "Whataboutism,Straw_Men,Red_Herring", B, "2020 merged class"),
    (
        "Appeal_to_Hypocrisy",
        "Whataboutism,Straw_Men,Red_Herring",
        B,
        "2020's whataboutism definition covered charges of hypocrisy (tu quoque)",
    ),
    ("Slogans", "Slogans", E, ""),
    ("Conversation_Killer", "Thought-terminating_Cliches", C, "renamed and widened in 2023"),
    ("Loaded_Language", "Loaded_Language", E, ""),
    ("Repetition", "Repetition", E, ""),
    ("Exaggeration-Minimisation", "Exaggeration,Minimisation", E, ""),
    ("Name_Calling-Labeling", "Name_Calling,Labeling", E, ""),
    ("Doubt", "Doubt", E, ""),
    (
        "Guilt_by_Association",
        "Bandwagon,Reductio_ad_hitlerum",
        B,
        "2023 widened Reductio ad hitlerum into guilt by association",
    ),
    (
        "Questioning_the_Reputation",
        "Doubt",
        B,
        "2020's Doubt covered questioning the credibility of a person",
    ),
    (
        "Consequential_Oversimplification",
        "Causal_Oversimplification",
        R,
        "slippery slope; 2020 annotated some as causal oversimplification",
    ),
    ("Appeal_to_Values", "Flag-Waving", R, "2020 had no values class"),
    ("Obfuscation-Vagueness-Confusion", "", R, "dropped from 2020 (11 instances in PTC)"),
    ("Appeal_to_Time", "", R, "no 2020 class"),
)

# veracity's negotiation tactics → SemEval-2023 (and thus, through the table above, → 2020).
_TACTIC_TO_S23: tuple[tuple[str, str, Relation, str], ...] = (
    (
        "blanket_denial",
        "Conversation_Killer",
        R,
        "a blanket denial ends discussion but denies a fact rather than discouraging thought",
    ),
    (
        "discrediting_the_messenger",
        "Questioning_the_Reputation",
        C,
        "the reputation attacked is the outlet's or reporter's",
    ),
    ("talks_without_compromise", "Obfuscation-Vagueness-Confusion", R, ""),
    (
        "mixed_signals",
        "Obfuscation-Vagueness-Confusion",
        B,
        "contradictory signals are one way of creating confusion",
    ),
    ("projecting_strength", "Exaggeration-Minimisation", R, ""),
    ("showing_no_weakness", "Conversation_Killer", R, "'no concessions' closes the discussion"),
    ("humiliating_the_partner", "Name_Calling-Labeling", R, "ridicule often uses labels"),
    ("blaming_others", "Causal_Oversimplification", R, "one party named as the cause of failure"),
    ("creating_confusion", "Obfuscation-Vagueness-Confusion", C, ""),
    (
        "sowing_distrust",
        "Appeal_to_Fear-Prejudice",
        B,
        "fear is one of the three; uncertainty and distrust overlap Doubt",
    ),
)


def _correspondences() -> tuple[Correspondence, ...]:
    out: list[Correspondence] = []
    for src, dst, rel, note in _S23_TO_S20:
        if dst:
            out.append(Correspondence("semeval2023", src, "semeval2020", dst, rel, note))
    for src, dst, rel, note in _TACTIC_TO_S23:
        out.append(Correspondence("veracity", src, "semeval2023", dst, rel, note))
    for t in SEMEVAL2023.techniques:  # adopted unchanged
        out.append(Correspondence("veracity", t.name, "semeval2023", t.name, E, "adopted"))
    return tuple(out)


#: every documented correspondence; :func:`mapping_table` renders it for people
CORRESPONDENCES: tuple[Correspondence, ...] = _correspondences()


def get_taxonomy(name: str) -> Taxonomy:
    key = name.lower().replace("-", "").replace("_", "")
    if key not in TAXONOMIES:
        raise ConfigError(
            f"unknown taxonomy {name!r}; choose one of: {', '.join(sorted(TAXONOMIES))}"
        )
    return TAXONOMIES[key]


def _step(label: str, source: str, target: str) -> str | None:
    for c in CORRESPONDENCES:
        if (
            c.source_taxonomy == source
            and c.source == label
            and c.target_taxonomy == target
            and c.relation in TRANSLATING
        ):
            return c.target
    return None


def _inverse_step(label: str, source: str, target: str) -> str | None:
    """Follow a mapping backwards: only when exactly one target label corresponds exactly."""
    hits = [
        c.source
        for c in CORRESPONDENCES
        if c.target_taxonomy == source
        and c.target == label
        and c.source_taxonomy == target
        and c.relation in (Relation.EXACT, Relation.CLOSE)
    ]
    return hits[0] if len(hits) == 1 else None


def translate(label: str, source: str, target: str) -> str | None:
    """``label`` of taxonomy ``source`` said in ``target``, or None when no label covers it.

    Paths go through SemEval-2023, the finest of the three. A merged SemEval-2020 class
    (``Whataboutism,Straw_Men,Red_Herring``) has no single 2023 or veracity label and
    translates to None.
    """
    src, dst = get_taxonomy(source).name, get_taxonomy(target).name
    if label not in TAXONOMIES[src]:
        raise ConfigError(f"{label!r} is not a {src} technique")
    if src == dst:
        return label
    # to SemEval-2023
    if src == "semeval2023":
        mid: str | None = label
    elif src == "veracity":
        mid = _step(label, "veracity", "semeval2023")
    else:
        mid = _inverse_step(label, "semeval2020", "semeval2023")
    if mid is None:
        return None
    if dst == "semeval2023":
        return mid
    if dst == "semeval2020":
        return _step(mid, "semeval2023", "semeval2020")
    return mid  # veracity adopts every 2023 label unchanged


def mapping_table() -> str:
    """The correspondences as a Markdown table, for documentation and ``--help`` pages."""
    rows = ["| from | label | to | label | relation | note |", "|---|---|---|---|---|---|"]
    for c in CORRESPONDENCES:
        if c.note == "adopted":
            continue
        rows.append(
            f"| {c.source_taxonomy} | {c.source} | {c.target_taxonomy} | {c.target} "
            f"| {c.relation} | {c.note} |"
        )
    return "\n".join(rows)
