"""Track records from fact-checkers, tested on LIAR: how well does a speaker's record alone
predict whether their next statement holds?

LIAR (Wang 2017; ``../shared/data/nlp/liar``, research use only) holds 12,836 PolitiFact rulings
with the speaker, split train / valid / test by statement. This benchmark

1. imports train as resolved statements through the ClaimReview path
   (``veracity.ingest.claimreview_store.write_claimreviews``: speaker -> source, statement ->
   proposition, PolitiFact's ruling -> resolution whose source is PolitiFact) into a store;
2. adds each valid (or test) statement as an open proposition that its speaker asserts;
3. runs the project's track-record machinery on the store's records (``veracity.assess.
   assess_records``: Beta–Bernoulli reliabilities from resolved statements, optionally pooled
   within a party through the family logic, ``family_weight``) and reads P(true) of each open
   proposition — with one assertion and nothing else, that is the speaker's posterior
   reliability;
4. scores "true" = true / mostly-true / half-true against the rest (the issue's split), at
   P(true) > 0.5, beside the majority class and each speaker's majority label in train.

Choices tuned on valid (the best by accuracy, ties by log loss), then reported once on test:
how rulings become resolutions (``map``: the documented rating map, where half-true is the
ambiguous middle and resolves nothing; ``liar``: LIAR's own split, half-true counts as true),
the Beta prior (the method's default Beta(2, 1) and others), and the party pooling weight.

    python benchmarks/liar.py                 # tune on valid, report test
    python benchmarks/liar.py --markdown      # the BENCHMARKS.md table
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from veracity.assess import assess_records
from veracity.ingest.claimreview import ClaimReview, Party, Rating
from veracity.ingest.claimreview_ratings import Verdict, rating_verdict
from veracity.ingest.claimreview_store import write_claimreviews
from veracity.ingest.sources import SourceResolver, kind_of
from veracity.model import Proposition, Source, SourceKind, Statement
from veracity.store import open_store

# $VERACITY_SHARED or <repo>/../shared, as benchmarks/datasets.py reads it
SHARED = Path(os.environ.get("VERACITY_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DATA = SHARED / "data" / "nlp" / "liar"
TRUE_LABELS = frozenset({"true", "mostly-true", "half-true"})
LABELS = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")
POLITIFACT = Party("PolitiFact", SourceKind.OUTLET, "https://www.politifact.com/")
NON_PARTIES = frozenset({"", "none"})


@dataclass(frozen=True, slots=True)
class Ruling:
    id: str
    label: str
    statement: str
    speaker: str  # LIAR's slug, e.g. "barack-obama"
    party: str

    @property
    def holds(self) -> bool:
        return self.label in TRUE_LABELS

    @property
    def speaker_name(self) -> str:
        return " ".join(w.capitalize() for w in self.speaker.split("-"))

    @property
    def party_of_speaker(self) -> Party:
        """LIAR does not say who is a person: the resolver's kind of the name decides
        ("Republican Party Florida" an institution, "Mitt Romney" a person)."""
        return Party(self.speaker_name, kind_of(self.speaker_name, "PERSON"))


def read_split(name: str, data: Path = DATA) -> list[Ruling]:
    """One split's rows (the README: stray line separators inside statements, so split on \\n)."""
    with open(data / f"{name}.tsv", encoding="utf-8", newline="") as f:
        text = f.read()
    out = []
    for line in text.split("\n"):
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != 14 or cells[1] not in LABELS:
            raise SystemExit(f"{name}.tsv: unexpected row {line[:80]!r}")
        out.append(Ruling(cells[0], cells[1], cells[2], cells[4], cells[7]))
    return out


def verdict(label: str, policy: str) -> Verdict:
    """How a PolitiFact ruling becomes a resolution under each policy."""
    if policy == "map":  # the documented ClaimReview rating map
        return rating_verdict(label)
    value = "true" if label in TRUE_LABELS else "false"
    return Verdict(value, value, f'rated "{label}" (LIAR split)')


def reviews(rulings: list[Ruling], policy: str) -> list[ClaimReview]:
    return [
        ClaimReview(
            path=f"train.tsv/{r.id}",
            claim=r.statement,
            claimants=(r.party_of_speaker,),
            checker=POLITIFACT,
            rating=Rating(text=r.label),
            verdict=verdict(r.label, policy),
            url=f"https://www.politifact.com/api/v/2/statement/{r.id.removesuffix('.json')}/",
        )
        for r in rulings
    ]


@dataclass
class Records:
    """What a store holds after importing train, read back for ``assess_records``."""

    sources: list[Source]
    propositions: list[Proposition]
    statements: list[Statement]
    resolutions: list
    import_seconds: float
    summary: str
    party_of: dict[str, str] = field(default_factory=dict)  # source id -> party in train
    # the store's speakers as the import matched them (names, aliases): held-out speakers are
    # matched the same way, a speaker train never heard becoming a new source
    resolver: SourceResolver = field(default_factory=SourceResolver)

    def speaker(self, r: Ruling) -> str:
        person = r.party_of_speaker.kind is SourceKind.PERSON
        label = "PERSON" if person else "ORG"  # as write_claimreviews asks the resolver
        sid = self.resolver.resolve(r.speaker_name, label=label, described=False)
        return sid if sid is not None else f"liar-nameless-{r.speaker}"


def import_train(train: list[Ruling], policy: str, tmp: Path) -> Records:
    store = open_store(str(tmp / f"liar-{policy}.db"))
    t0 = time.perf_counter()
    report = write_claimreviews(store, reviews(train, policy))
    seconds = time.perf_counter() - t0
    records = Records(
        store.sources(),
        store.propositions(),
        store.statements(),
        store.resolutions(),
        seconds,
        report.summary(),
        resolver=SourceResolver.from_store(store),
    )
    store.close()
    return records


def with_open_statements(
    records: Records, rulings: list[Ruling], party_of: dict[str, str]
) -> tuple[list[Source], list[Proposition], list[Statement]]:
    """The stored records plus one open proposition per held-out ruling, asserted by its
    speaker (a new source if train never heard them); sources get their party as parent."""
    props = list(records.propositions)
    statements = list(records.statements)
    for r in rulings:
        sid = records.speaker(r)
        party_of.setdefault(sid, r.party)
        pid = f"liar-open-{r.id}"
        props.append(Proposition(pid, r.statement))
        statements.append(Statement(f"{pid}-st", sid, pid))
    sources = dict(records.resolver.sources)
    for r in rulings:  # a nameless speaker (never in LIAR, but possible) gets a source of its own
        sid = records.speaker(r)
        if sid not in sources:
            sources[sid] = Source(sid, r.speaker_name, SourceKind.PERSON)
    parties = {p for p in party_of.values() if p not in NON_PARTIES}
    for p in sorted(parties):
        sources[f"party-{p}"] = Source(f"party-{p}", p, SourceKind.INSTITUTION)
    out = []
    for sid, s in sources.items():
        party = party_of.get(sid, "")
        out.append(replace(s, parent_id=f"party-{party}") if party in parties else s)
    return out, props, statements


Case = tuple[list[Source], list[Proposition], list[Statement]]


def predict(
    records: Records,
    case: Case,
    rulings: list[Ruling],
    *,
    prior: tuple[float, float],
    family_weight: float,
) -> np.ndarray:
    """P(true) of each held-out ruling from its speaker's track record alone."""
    sources, props, statements = case
    a = assess_records(
        sources,
        props,
        statements,
        resolutions=records.resolutions,
        method="track_record",
        params={"prior_a": prior[0], "prior_b": prior[1], "n_samples": 20},
        family_weight=family_weight,
    )
    p = {pa.proposition_id: pa.probabilities["true"] for pa in a.propositions}
    return np.array([p[f"liar-open-{r.id}"] for r in rulings])


@dataclass(frozen=True)
class Scores:
    accuracy: float
    auc: float
    log_loss: float
    brier: float

    @staticmethod
    def of(p: np.ndarray, y: np.ndarray) -> Scores:
        from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

        q = np.clip(p, 1e-6, 1 - 1e-6)
        ll = float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))
        auc = float(roc_auc_score(y, p)) if len(set(p.tolist())) > 1 else 0.5
        return Scores(float(np.mean((p > 0.5) == y)), auc, ll, float(np.mean((p - y) ** 2)))


def speaker_majority(train: list[Ruling], rulings: list[Ruling]) -> np.ndarray:
    """Each speaker's majority label in train (true-ish or not); unseen or tied: the majority
    class of train. Returned as 1.0 / 0.0 'probabilities'."""
    overall = float(np.mean([r.holds for r in train]) > 0.5)
    votes: dict[str, Counter[bool]] = {}
    for r in train:
        votes.setdefault(r.speaker, Counter())[r.holds] += 1
    out = []
    for r in rulings:
        c = votes.get(r.speaker)
        if c is None or c[True] == c[False]:
            out.append(overall)
        else:
            out.append(float(c[True] > c[False]))
    return np.array(out)


# the method's default Beta(2, 1), a flat prior, and priors of mean 0.6 (about train's base
# rate of true-ish rulings) from weak to strong
PRIORS = [(2.0, 1.0), (1.0, 1.0), (0.6, 0.4), (1.2, 0.8), (3.0, 2.0), (6.0, 4.0), (12.0, 8.0)]
# a party holds thousands of rulings: even 0.01 of its record is tens of pseudo-counts
FAMILY_WEIGHTS = [0.0, 0.001, 0.003, 0.01, 0.03]
POLICIES = ["map", "liar"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--markdown", action="store_true", help="print the BENCHMARKS.md table")
    args = ap.parse_args()
    if not (args.data / "train.tsv").is_file():
        sys.exit(f"LIAR not found at {args.data} (needs ../shared/data/nlp/liar)")
    train, valid, test = (read_split(n, args.data) for n in ("train", "valid", "test"))
    y_valid = np.array([r.holds for r in valid], dtype=float)
    y_valid_train = np.array([r.holds for r in train], dtype=float)
    y_test = np.array([r.holds for r in test], dtype=float)
    started = time.perf_counter()
    tuned = []
    with tempfile.TemporaryDirectory() as tmp:
        stored = {}
        for policy in POLICIES:
            stored[policy] = import_train(train, policy, Path(tmp))
            print(
                f"imported train ({policy}): {stored[policy].summary} "
                f"in {stored[policy].import_seconds:.1f} s",
                file=sys.stderr,
            )
        for policy in POLICIES:
            rec = stored[policy]
            rec.party_of = {rec.speaker(r): r.party for r in train}
        cases = {
            (policy, split): with_open_statements(stored[policy], rulings, stored[policy].party_of)
            for policy in POLICIES
            for split, rulings in (("valid", valid), ("test", test))
        }
        for policy, prior, fw in itertools.product(POLICIES, PRIORS, FAMILY_WEIGHTS):
            rec = stored[policy]
            p = predict(rec, cases[policy, "valid"], valid, prior=prior, family_weight=fw)
            s = Scores.of(p, y_valid)
            tuned.append(((policy, prior, fw), s))
            print(
                f"valid {policy:4} Beta{prior} family {fw:<4}: acc {s.accuracy:.3f} "
                f"AUC {s.auc:.3f} log loss {s.log_loss:.3f}",
                file=sys.stderr,
            )
        for name, p in (
            ("majority class", np.full(len(valid), float(np.mean(y_valid_train) > 0.5))),
            ("per-speaker majority", speaker_majority(train, valid)),
        ):
            print(f"valid {name}: acc {Scores.of(p, y_valid).accuracy:.3f}", file=sys.stderr)
        (policy, prior, fw), best_valid = max(
            tuned, key=lambda t: (round(t[1].accuracy, 6), -t[1].log_loss)
        )
        default_cfg = ("map", (2.0, 1.0), 0.0)
        rows = []
        for label, cfg in (("tuned on valid", (policy, prior, fw)), ("default", default_cfg)):
            pol, pri, w = cfg
            rec = stored[pol]
            p = predict(rec, cases[pol, "test"], test, prior=pri, family_weight=w)
            rows.append(
                (f"track record ({label}: {pol}, Beta{pri}, family {w:g})", Scores.of(p, y_test))
            )
    majority = float(np.mean([r.holds for r in train]) > 0.5)
    rows.append(("majority class (true-ish)", Scores.of(np.full(len(test), majority), y_test)))
    rows.append(("per-speaker majority in train", Scores.of(speaker_majority(train, test), y_test)))
    seen = {r.speaker for r in train}
    coverage = float(np.mean([r.speaker in seen for r in test]))
    elapsed = time.perf_counter() - started
    print(
        f"chosen on valid: {policy}, Beta{prior}, family {fw:g} "
        f"(valid acc {best_valid.accuracy:.3f}); test speakers seen in train: {coverage:.1%}; "
        f"{elapsed:.0f} s, load {os.getloadavg()[0]:.1f}"
    )
    header = f"| predictor (test, n = {len(test)}) | accuracy | AUC | log loss | Brier |"
    print(header)
    print("|---|---|---|---|---|")
    for name, s in rows:
        hard = "majority" in name  # 0/1 predictions: no ranking, no meaningful log loss
        auc = "—" if hard and math.isclose(s.auc, 0.5) else f"{s.auc:.3f}"
        ll = "—" if hard else f"{s.log_loss:.3f}"
        print(f"| {name} | {s.accuracy:.3f} | {auc} | {ll} | {s.brier:.3f} |")


if __name__ == "__main__":
    main()
