"""Lexicon and pattern rules, one per observable cue, written by hand (no weights, no data).

Each rule names the technique it shows (a label of the ``veracity`` taxonomy: a negotiation
tactic or an adopted SemEval-2023 technique), a confidence set by hand, and either phrases (a
spaCy PhraseMatcher on lower-cased tokens) or token patterns (a spaCy Matcher). Rules with
``emit=False`` are *components*: they fire no tag themselves but feed the document-level
detectors (an offer of talks and a non-negotiable position make mixed signals).

Rules that emit research techniques are measured on the SemEval-2020 PTC corpus by
``benchmarks/tactics.py``; a rule whose precision there fell below 0.7 was tightened or
removed (see BENCHMARKS.md). The negotiation tactics have no public gold data: their rules are
tested on the seed case and on written examples only.

Why one file of 600-odd lines: it is the rule table (``RULES``), data written as code, read
and reviewed as one list so that two rules for the same cue cannot hide in two files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Pattern = list[dict[str, object]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    technique: str  # a veracity label; "" for components
    confidence: float
    phrases: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = field(default_factory=tuple)
    note: str = ""
    emit: bool = True


def _in(*words: str) -> dict[str, object]:
    return {"LOWER": {"IN": list(words)}}


def _opt(*words: str) -> dict[str, object]:
    return {"LOWER": {"IN": list(words)}, "OP": "?"}


BE = ("is", "was", "'s", "’s", "are", "were")
INTENSIFIER = (
    "absolutely",
    "completely",
    "totally",
    "entirely",
    "utterly",
    "simply",
    "just",
    "pure",
    "complete",
    "total",
    "utter",
    "all",
    "a",
    "an",
)
DENIAL_WORD = (
    "untrue",
    "baseless",
    "groundless",
    "nonsense",
    "fiction",
    "fabrication",
    "fabricated",
    "invented",
    "invention",
    "fantasy",
    "lie",
    "lies",
    "hoax",
    "fake",
)
MEDIA = (
    "publications",
    "publication",
    "outlets",
    "outlet",
    "media",
    "newspapers",
    "newspaper",
    "papers",
    "press",
    "journalists",
    "journalism",
    "reporters",
    "reporting",
    "sources",
)
TALKS = (
    "talks",
    "talk",
    "discussions",
    "discussion",
    "dialogue",
    "dialog",
    "negotiations",
    "negotiation",
    "negotiate",
    "contacts",
    "contact",
    "engage",
    "discuss",
    "meet",
    "meeting",
)
POSITION = (
    "objectives",
    "objective",
    "goals",
    "goal",
    "aims",
    "aim",
    "demands",
    "demand",
    "position",
    "positions",
    "conditions",
    "terms",
    "stance",
    "tasks",
    "priorities",
)

RULES: tuple[Rule, ...] = (
    # ---- blanket denial ------------------------------------------------------------------
    Rule(
        "blanket_denial.flat_untrue",
        "blanket_denial",
        0.85,
        patterns=(
            [
                _in("it", "this", "that", "which", "everything", "all"),
                _in(*BE),
                _opt(*INTENSIFIER),
                _opt(*INTENSIFIER),
                _in(*DENIAL_WORD),
            ],
            [
                _in("it", "this", "that", "which"),
                _in(*BE),
                _in("absolutely", "completely", "totally", "entirely", "simply", "just"),
                _in("not", "n't"),
                _in("true"),
            ],
        ),
        note="'It is absolutely untrue', 'this is pure fiction'",
    ),
    Rule(
        "blanket_denial.fiction",
        "blanket_denial",
        0.8,
        phrases=(
            "pure fiction",
            "complete fiction",
            "total fiction",
            "utter fiction",
            "pure fantasy",
            "complete fabrication",
            "total fabrication",
            "pure fabrication",
            "pure invention",
            "absolutely untrue",
            "completely untrue",
            "totally untrue",
            "entirely untrue",
            "not a word of truth",
            "has nothing to do with reality",
            "have nothing to do with reality",
            "nothing to do with the truth",
            "categorically deny",
            "categorically denied",
            "categorically denies",
            "categorically rejected",
            "flatly denied",
            "flatly denies",
            "flatly deny",
        ),
    ),
    Rule(
        "blanket_denial.fake_news",
        "blanket_denial",
        0.8,
        patterns=(
            [_in("simply", "just", "pure", "complete", "total", "more"), _in("fake"), _in("news")],
        ),
        note="'simply fake news': the label used as the whole answer",
    ),
    # ---- discrediting the messenger ------------------------------------------------------
    Rule(
        "discrediting_the_messenger.quality_of_information",
        "discrediting_the_messenger",
        0.75,
        patterns=(
            [
                _in("quality", "standard", "standards", "level", "reliability", "credibility"),
                _in("of"),
                _opt("the", "this"),
                _in("information", "journalism", "reporting", "reports", "news", "media", "press"),
                _opt("published", "circulating", "spread", "reported", "coming"),
                _opt("these", "nowadays"),
                _opt("days"),
            ],
        ),
    ),
    Rule(
        "discrediting_the_messenger.even_reputable",
        "discrediting_the_messenger",
        0.8,
        patterns=(
            [
                _in("even"),
                _opt("in", "by", "from", "among"),
                _opt("quite", "very", "supposedly", "allegedly", "seemingly", "so"),
                _opt("-"),
                _opt("called"),
                _in(
                    "reputable",
                    "respectable",
                    "respected",
                    "serious",
                    "mainstream",
                    "major",
                    "leading",
                    "quality",
                ),
                _in(*MEDIA),
            ],
        ),
    ),
    Rule(
        "discrediting_the_messenger.untrustworthy_media",
        "discrediting_the_messenger",
        0.75,
        patterns=(
            [
                _in(*MEDIA, "story", "report", "article"),
                _in("ca", "can", "could"),
                _in("n't", "not"),
                _in("be"),
                _in("trusted", "believed", "relied"),
            ],
        ),
    ),
    Rule(
        "discrediting_the_messenger.smear",
        "discrediting_the_messenger",
        0.7,
        phrases=(
            "hit job",
            "media hysteria",
            "fake news media",
            "lying press",
            "so-called journalists",
            "so-called journalism",
            "presstitutes",
            "propaganda outlet",
            "propaganda outlets",
            "paid journalists",
            "information provocation",
            "information stuffing",
            "information war against",
        ),
    ),
    # ---- mixed signals: components for the document-level detector --------------------------
    Rule(
        "offer_of_talks",
        "",
        1.0,
        emit=False,
        patterns=(
            [
                _in("open", "ready", "willing", "prepared", "readiness", "willingness", "openness"),
                _in("to", "for"),
                _opt("a", "the", "further", "new", "direct", "serious"),
                _opt("peace"),
                _in(*TALKS),
            ],
            [
                _in("door", "doors"),
                _in("to", "for"),
                _opt("the"),
                _in(*TALKS),
                _opt("is", "are"),
                _opt("still", "always"),
                _opt("remains", "remain", "is", "are"),
                _in("open"),
            ],
            [
                _in("door", "doors"),
                _in("is", "are", "remains", "remain"),
                _opt("still", "always"),
                _in("open"),
            ],
            [_in("welcome", "welcomes", "welcomed"), _opt("any", "a"), _in(*TALKS)],
        ),
    ),
    Rule(
        "firm_position",
        "",
        1.0,
        emit=False,
        patterns=(
            [
                _in(*POSITION),
                _opt("will", "would", "shall"),
                _in("remain", "remains", "stay", "stays", "are", "is", "be"),
                _opt("completely", "absolutely", "fully"),
                _in(
                    "unchanged",
                    "unaltered",
                    "intact",
                    "immutable",
                    "non-negotiable",
                    "nonnegotiable",
                ),
            ],
            [_in(*POSITION), _in("have", "has"), _in("not", "n't"), _in("changed")],
            [
                _in(*POSITION),
                _in("will", "would", "shall", "do", "does", "did"),
                _in("not", "n't", "never"),
                _in("change"),
            ],
            [_in("non"), _in("-"), _in("negotiable", "negotiability")],
            [_in("nonnegotiable", "non-negotiable", "non-negotiability")],
            [_in("not"), _in("up"), _in("for"), _in("negotiation", "discussion", "debate")],
            [_in("no"), _in("concessions", "compromise", "compromises")],
        ),
    ),
    # ---- other negotiation tactics -------------------------------------------------------------
    Rule(
        "talks_without_compromise.own_terms",
        "talks_without_compromise",
        0.7,
        patterns=(
            [
                _in(*TALKS),
                _in("on"),
                _in("our", "russia", "russia's", "moscow's"),
                _opt("own"),
                _in("terms"),
            ],
            [
                _in(
                    "taking",
                    "take",
                    "takes",
                    "considering",
                    "recognising",
                    "recognizing",
                    "recognition",
                ),
                _opt("into"),
                _opt("account"),
                _opt("of"),
                _opt("the"),
                _opt("new"),
                _opt("territorial"),
                _in("realities", "reality"),
                _opt("on"),
                _opt("the"),
                _opt("ground"),
            ],
        ),
    ),
    Rule(
        "projecting_strength.goals_achieved",
        "projecting_strength",
        0.75,
        patterns=(
            [
                _opt("all"),
                _in("our", "the", "its", "their"),
                _in(*POSITION, "tasks"),
                _in("will", "shall"),
                _in("be"),
                _in("achieved", "fulfilled", "accomplished", "met", "reached"),
            ],
            [_in("position"), _in("of"), _in("strength")],
            [
                _in("no", "nothing"),
                _in("one", "force", "power", "sanctions"),
                _opt("can", "will"),
                _opt("ever"),
                _in("stop", "defeat", "break"),
            ],
            [_in("victory"), _in("will"), _in("be"), _in("ours")],
        ),
    ),
    Rule(
        "showing_no_weakness.never_back_down",
        "showing_no_weakness",
        0.75,
        patterns=(
            [
                _in("will", "would", "shall", "wo"),
                _in("not", "n't", "never"),
                _in("back", "bow", "yield", "bend", "give", "cave", "capitulate", "surrender"),
                _in("down", "in", "to", ".", "!", ","),
            ],
            [_in("never"), _in("back", "bow", "yield", "give", "cave"), _in("down", "in")],
            [
                _in("will", "would", "shall", "wo"),
                _in("not", "n't", "never"),
                _in("be"),
                _in("intimidated", "blackmailed", "pressured", "cowed"),
            ],
            [_in("no", "any"), _in("unilateral")],
        ),
    ),
    Rule(
        "humiliating_the_partner.begging",
        "humiliating_the_partner",
        0.7,
        patterns=(
            [
                _in("begging", "begged", "beg", "begs", "crawling", "grovelling", "groveling"),
                _in("for", "to", "back"),
                _opt("a", "the"),
                _in(*TALKS, "mercy", "peace", "ceasefire"),
            ],
            [_in("on"), _in("his", "their", "its", "her"), _in("knees")],
        ),
    ),
    Rule(
        "blaming_others.failed_talks",
        "blaming_others",
        0.75,
        patterns=(
            [
                _in("ball"),
                _in("is"),
                _opt("now"),
                _in("in"),
                {"OP": "?"},
                {"OP": "?"},
                _in("court"),
            ],
            [
                _in("they", "kyiv", "washington", "london", "brussels", "who", "which", "that"),
                _opt("have", "has", "had"),
                _in("walked", "withdrew", "pulled"),
                _in("away", "out"),
                _opt("from", "of"),
                _opt("the"),
                _in("talks", "negotiations", "negotiating", "dialogue"),
            ],
            [
                _in(
                    "sabotaged",
                    "sabotaging",
                    "sabotage",
                    "derailed",
                    "derailing",
                    "torpedoed",
                    "torpedoing",
                    "wrecked",
                    "disrupted",
                    "thwarted",
                    "scuttled",
                    "undermined",
                ),
                _opt("the", "any", "all"),
                _opt("peace"),
                _in("talks", "negotiations", "agreements", "agreement", "deal", "process"),
            ],
            [_in("refused", "refuses", "refuse", "refusing"), _in("to"), _in("negotiate", "talk")],
            [_in("responsibility", "blame"), _in("for"), _opt("the"), _in("failure")],
        ),
    ),
    Rule(
        "sowing_distrust.abandon_allies",
        "sowing_distrust",
        0.7,
        patterns=(
            [
                _in("will", "would", "going"),
                _opt("to"),
                _opt("simply", "eventually", "soon"),
                _in("abandon", "betray", "sell", "dump", "desert"),
                _in("you", "them", "ukraine", "kyiv", "europe", "allies", "its", "their", "us"),
            ],
            [_in("unreliable", "untrustworthy"), _in("ally", "allies", "partner", "partners")],
        ),
    ),
    # ---- research techniques (SemEval-2023 labels adopted by veracity) ------------------------
    Rule(
        "slogans.political",
        "Slogans",
        0.8,
        phrases=(
            "make america great again",
            "lock her up",
            "death to america",
            "death to israel",
            "stop the steal",
            "keep america great",
            "from the river to the sea",
            "stop soros",
            "stop islamization",
            "punch a nazi",
            "punch a zionist",
            "take back control",
            "love trumps hate",
            "not my president",
        ),
    ),
    Rule(
        "conversation_killer.cliches",
        "Conversation_Killer",
        0.7,
        phrases=(
            "it is what it is",
            "enough said",
            "end of story",
            "case closed",
            "so be it",
            "that tells you everything",
            "that says it all",
            "that question answers itself",
            "it's as simple as that",
            "that's the bottom line",
            "don't overthink it",
            "let's move on",
            "that's all there is to it",
        ),
    ),
    Rule(
        "exaggeration.superlative_ever",
        "Exaggeration-Minimisation",
        0.7,
        phrases=(
            "in living memory",
            "ever dreamed up",
            "like never before",
            "the likes of which",
            "in the history of the world",
            "the greatest witch hunt",
        ),
    ),
    Rule(
        "name_calling.labels",
        "Name_Calling-Labeling",
        0.7,
        phrases=(
            "witch hunt",
            "snowflakes",
            "libtards",
            "libtard",
            "jihadist psychopath",
            "infidels",
            "presstitutes",
            "feminazis",
            "commies",
            "thugs",
        ),
    ),
    Rule(
        "loaded_language.emotive",
        "Loaded_Language",
        0.7,
        phrases=(
            "sham",
            "devastating",
            "heinous",
            "disgraceful",
            "abhorrent",
            "atrocious",
            "appalling",
            "sordid",
            "venomous",
            "nefarious",
            "hysterical",
            "disgusting",
            "grotesque",
            "ruthless",
            "sickening",
        ),
    ),
    Rule(
        "doubt.what_are_they_hiding",
        "Doubt",
        0.7,
        phrases=("what are they hiding", "what else are they hiding", "what are they hiding?"),
    ),
    Rule(
        "false_dilemma.either_or",
        "False_Dilemma-No_Choice",
        0.7,
        patterns=(
            [
                _in("either"),
                _in("you", "we", "they"),
                _opt("are", "'re", "stand"),
                _in("with"),
                {"OP": "{,6}"},
                _in("or"),
            ],
            [
                _in("there"),
                _in("is", "'s", "’s"),
                _in("no"),
                _opt("other"),
                _in("alternative", "choice", "option"),
            ],
        ),
    ),
    Rule(
        "whataboutism.what_about",
        "Whataboutism",
        0.7,
        patterns=([_in("but", "and"), _in("what"), _in("about")],),
    ),
    Rule(
        "guilt_by_association.hitler",
        "Guilt_by_Association",
        0.7,
        patterns=(
            [
                _in("like", "as"),
                _opt("adolf"),
                _in("hitler", "stalin", "nazis", "nazi", "goebbels"),
            ],
            [_in("reminiscent"), _in("of"), {"OP": "?"}, _in("nazi", "nazis", "hitler")],
        ),
    ),
)


def rule(rule_id: str) -> Rule:
    for r in RULES:
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)
