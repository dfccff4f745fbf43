"""Articles to a case: FNC-1 articles on four hoaxes, and Emergent headlines, end to end.

    python benchmarks/voice_cases.py                 # both parts (≈ 10 min on 2 busy cores)
    python benchmarks/voice_cases.py --part fnc1     # the four hoaxes only
    python benchmarks/voice_cases.py --part emergent --limit 0
    python benchmarks/voice_cases.py --part polnear --articles 60   # read what is left out

Data (research use, read in place from ``../shared/data/nlp`` or ``$VERACITY_SHARED``, never
copied): FNC-1 train bodies and stances; Emergent headlines.

**FNC-1, four hoaxes.** For each hoax headline below, the train bodies labelled
disagree, agree or discuss toward it (disagree first, then agree, then discuss, ten at most:
39 bodies). Each body is one document whose source is named after its body id (FNC-1 gives no
publisher). Two runs, as an analyst would use ``veracity ingest``:

- *with the claim* (``ingest_documents(claim=HEADLINE)``, one store per hoax): the stance of
  each body's own voice toward the hoax (asserts / denies / hedges / not linked) against the
  label (agree → asserts, disagree → denies, discuss → hedges), and the hoax's P(true) from
  ``assess_store``;
- *without a claim* (all 39 bodies in one store, grouping only): for each debunking body
  whether its own voice denies anything, the contradictions flagged and how many are about a
  hoax at all (the proposition shares two content words with one of the four headlines; the
  rest are artefacts), and the highest P(true) among propositions about each hoax.

**Emergent headlines** (2,595 headlines, 300 claims), split by claim with the grouping
benchmark's split (seed 0; nothing here is tuned, the first half is not used): each headline of
the test half is ingested as its own document with ``claim=`` its claim; the stance stored for
the headline's source toward the claim (for → asserts, against → denies, observing → hedges;
nothing linked counts as wrong) is scored against the label: accuracy and per-class recall.
Verdicts (P(true) of each claim) are printed as counts only: the CSV in ``../shared`` has no
truth column (claimTruthiness), so verdict accuracy cannot be measured here.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERACITY_SHARED", ROOT.parent / "shared"))
FNC1 = SHARED / "data" / "nlp" / "fnc1"
EMERGENT = SHARED / "data" / "nlp" / "emergent-headlines" / "url-versions-2015-06-14-clean.csv"

HOAXES = (
    "God is a woman- Priest who died for 48 minutes claims",
    "Dylan Thomas Finds Tropical Spider Burrowed Under Skin",
    "NBC weatherman caught urinating in the woods live on air",
    "WATCH: Bird Launches Airstrike on Putin’s Shoulder (UPDATED)",
)
PER_HOAX = 10
EXPECTED = {"agree": "asserts", "disagree": "denies", "discuss": "hedges"}
EMERGENT_STANCE = {"for": "asserts", "against": "denies", "observing": "hedges"}


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def hoax_bodies() -> list[tuple[str, int, str, str]]:
    """``(hoax headline, body id, label, body text)``, disagree first, ten per hoax."""
    stances = _csv(FNC1 / "train_stances.csv")
    bodies = {int(r["Body ID"]): r["articleBody"] for r in _csv(FNC1 / "train_bodies.csv")}
    out = []
    for hoax in HOAXES:
        rows = [r for r in stances if r["Headline"] == hoax and r["Stance"] in EXPECTED]
        order = {"disagree": 0, "agree": 1, "discuss": 2}
        rows.sort(key=lambda r: (order[r["Stance"]], int(r["Body ID"])))
        seen: set[int] = set()
        for r in rows:
            bid = int(r["Body ID"])
            if bid in seen:
                continue
            seen.add(bid)
            out.append((hoax, bid, r["Stance"], bodies[bid]))
            if len(seen) == PER_HOAX:
                break
    return out


_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "his",
        "her",
        "its",
        "who",
        "that",
        "this",
        "it",
        "he",
        "she",
        "they",
        "has",
        "had",
        "have",
        "not",
        "no",
        "live",
        "watch",
        "updated",
    ]
)


def _words(text: str) -> set[str]:
    import re

    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def _store(tmp: str, name: str):
    from veracity.store import open_store

    return open_store(f"sqlite:///{Path(tmp) / name}.db")


def _doc(text: str, name: str):
    from veracity.ingest.documents import document_from_text

    return document_from_text(text, name=name)


def fnc1_with_claim(extractor, rows, keep: str | None = None) -> dict:
    from veracity.assess import assess_store
    from veracity.ingest.statements import ingest_documents, source_id

    confusion: Counter = Counter()
    p_true = {}
    counterfactual: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        where = keep or tmp
        Path(where).mkdir(parents=True, exist_ok=True)
        for k, hoax in enumerate(HOAXES):
            path = Path(where) / f"hoax{k}.db"
            path.unlink(missing_ok=True)
            store = _store(where, f"hoax{k}")
            mine = [r for r in rows if r[0] == hoax]
            doc_of: dict[int, str] = {}
            for _, bid, _label, text in mine:
                name = f"FNC-1 body {bid}"
                report = ingest_documents(
                    store, [_doc(text, name)], extractor, claim=hoax, source=name, embedder=None
                )
                doc_of[bid] = report.document_ids[0]
            (target,) = [p for p in store.propositions() if p.text == hoax]
            on_claim = store.statements(proposition_id=target.id)
            for _, bid, label, _ in mine:
                sid = source_id(f"FNC-1 body {bid}")
                own = [s.stance.value for s in on_claim if s.source_id == sid]
                confusion[(label, own[0] if own else "not linked")] += 1
            assessment = assess_store(store)
            p_true[hoax] = assessment.proposition(target.id).probabilities["true"]
            gold = {
                source_id(f"FNC-1 body {b}"): (EXPECTED[lab], doc_of[b]) for _, b, lab, _ in mine
            }
            counterfactual[hoax] = _counterfactuals(path, target.id, gold)
    return {"confusion": confusion, "p_true": p_true, "counterfactual": counterfactual}


COUNTERFACTUALS = (
    ("as stored", "veracity"),
    ("as stored", "majority_vote"),
    ("no hedges", "veracity"),
    ("bodies gold", "veracity"),
    ("bodies gold", "majority_vote"),
    ("bodies gold, no hedges", "veracity"),
    ("bodies gold, bodies only", "veracity"),
)


def _counterfactuals(path: Path, target: str, gold: dict[str, tuple[str, str]]) -> dict:
    """P(true) of the hoax in copies of its store where the stances are changed: to tell
    what extraction and linking cost from what the fusion model does with them. ``gold``:
    each body's source id → (its labelled stance toward the hoax, its document id). "bodies
    gold" sets each body's own statement on the hoax to its label (adding one when nothing
    was linked); "no hedges" drops every hedge on the hoax; "bodies only" drops the quoted
    speakers' statements on it."""
    import sqlite3

    from veracity.assess import assess_store
    from veracity.store import open_store

    out = {}
    for variant, method in COUNTERFACTUALS:
        copy = path.with_name(f"{path.stem}-cf.db")
        copy.unlink(missing_ok=True)
        con = sqlite3.connect(copy)
        with sqlite3.connect(path) as original:  # backup, not a file copy: the store's WAL too
            original.backup(con)
        if "gold" in variant:
            for sid, (stance, doc) in gold.items():
                con.execute(
                    "DELETE FROM statements WHERE proposition_id = ? AND source_id = ?",
                    (target, sid),
                )
                con.execute(
                    "INSERT INTO statements (id, source_id, proposition_id, stance, value, "
                    "document_id, corrected) VALUES (?, ?, ?, ?, 'true', ?, 0)",
                    (f"{doc}:gold", sid, target, stance, doc),
                )
        if "no hedges" in variant:
            con.execute(
                "DELETE FROM statements WHERE proposition_id = ? AND stance = 'hedges'", (target,)
            )
        if "bodies only" in variant:
            marks = ",".join("?" * len(gold))
            con.execute(
                f"DELETE FROM statements WHERE proposition_id = ? AND source_id NOT IN ({marks})",
                (target, *gold),
            )
        con.commit()
        con.close()
        store = open_store(f"sqlite:///{copy}")
        assessment = assess_store(store, method=method, save=False)
        out[f"{variant} / {method}"] = assessment.proposition(target).probabilities["true"]
        store.close()
        copy.unlink()
    return out


def fnc1_without_claim(extractor, rows) -> dict:
    from veracity.assess import assess_store
    from veracity.ingest.statements import ingest_documents, source_id

    with tempfile.TemporaryDirectory() as tmp:
        store = _store(tmp, "all")
        contradictions: list[str] = []
        # ``source=`` is new; without it (the code before the outlet's voice) bodies have none
        named = "source" in inspect.signature(ingest_documents).parameters
        for _, bid, _, text in rows:
            name = f"FNC-1 body {bid}"
            kwargs = {"source": name} if named else {}
            report = ingest_documents(store, [_doc(text, name)], extractor, **kwargs)
            contradictions.extend(report.contradictions)
        statements = store.statements()
        denying = Counter()
        for _hoax, bid, label, _ in rows:
            sid = source_id(f"FNC-1 body {bid}")
            stances = {s.stance.value for s in statements if s.source_id == sid}
            denying[(label, "denies something" if "denies" in stances else "denies nothing")] += 1
        props = {p.id: p.text for p in store.propositions()}

        def about(text: str) -> str | None:
            """The hoax a proposition is about: two content words of its headline in common
            (plain word overlap, so runs of different versions are judged alike)."""
            words = _words(text)
            for hoax in HOAXES:
                if len(words & _words(hoax)) >= 2:
                    return hoax
            return None

        flagged = list(dict.fromkeys(contradictions))
        on_hoax = {pid: about(props[pid]) for pid in flagged}
        assessment = assess_store(store)
        best: dict[str, tuple[float, str]] = {}
        for pa in assessment.propositions:
            hoax = about(props[pa.proposition_id])
            if hoax:
                p = pa.probabilities["true"]
                if hoax not in best or p > best[hoax][0]:
                    best[hoax] = (p, props[pa.proposition_id])
        ones = [
            props[pa.proposition_id]
            for pa in assessment.propositions
            if pa.probabilities["true"] >= 0.995
        ]
    return {
        "statements": len(statements),
        "propositions": len(props),
        "denying": denying,
        "flagged": len(flagged),
        "on_hoax": sum(1 for h in on_hoax.values() if h),
        "artefacts": [props[p] for p, h in on_hoax.items() if not h],
        "best": best,
        "p_one": ones,
    }


def emergent(extractor, limit: int) -> dict:
    from veracity.assess import assess_store
    from veracity.ingest.linking import claim_target
    from veracity.ingest.statements import ingest_documents, proposition_id, source_id

    rows = _csv(EMERGENT)
    claims = sorted({r["claimId"] for r in rows})
    random.Random(0).shuffle(claims)
    test_ids = set(claims[len(claims) // 2 :])
    test = [r for r in rows if r["claimId"] in test_ids]
    if limit:
        test = test[:limit]
    confusion: Counter = Counter()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(tmp, "emergent")
        target_of: dict[str, str] = {}
        seen: dict[tuple[str, str], str] = {}  # a headline already stored: the same document
        seen_whole: dict[tuple[str, str], str] = {}
        with_quoted: Counter = Counter()
        for r in test:
            key = (r["claimId"], " ".join(r["articleHeadline"].split()))
            if key in seen:
                gold = EMERGENT_STANCE[r["articleHeadlineStance"]]
                confusion[(gold, seen[key])] += 1
                with_quoted[(gold, seen_whole[key])] += 1
                continue
            name = f"Emergent {r['articleId'][:8]}"
            doc = _doc(r["articleHeadline"].strip() + "\n", name)
            if r["claimId"] not in target_of:
                target = claim_target(
                    store, claim=r["claimHeadline"], proposition=None, new_id=proposition_id
                )
                kwargs = {"claim": r["claimHeadline"]}
            else:
                kwargs = {"proposition": target_of[r["claimId"]]}
            got = ingest_documents(store, [doc], extractor, source=name, embedder=None, **kwargs)
            target_of.setdefault(r["claimId"], target.id)
            sid = source_id(name)
            on_claim = store.statements(proposition_id=target_of[r["claimId"]])
            own = [s.stance.value for s in on_claim if s.source_id == sid]
            seen[key] = own[0] if own else "none"
            # the headline as a whole: the outlet's stance, or, where the outlet only reports
            # ("Apple denies report that…": the outlet hedges), its quoted speaker's
            quoted = [
                s.stance.value
                for s in on_claim
                if s.document_id in got.document_ids and s.source_id != sid
            ]
            whole = seen[key]
            if whole in ("hedges", "none") and quoted:
                whole = "denies" if "denies" in quoted else quoted[0]
            seen_whole[key] = whole
            confusion[(EMERGENT_STANCE[r["articleHeadlineStance"]], seen[key])] += 1
            with_quoted[(EMERGENT_STANCE[r["articleHeadlineStance"]], whole)] += 1
        elapsed = time.perf_counter() - t0
        # beside it: claim stance alone on the same headlines, with the default model as
        # ingest calls it (relatedness asked; unrelated or under 0.5 counts as "none")
        from veracity.stance import classify_many

        alone: Counter = Counter()
        to_stance = {"supports": "asserts", "refutes": "denies", "discusses": "hedges"}
        verdicts_alone = classify_many(
            (r["claimHeadline"], r["articleHeadline"].strip()) for r in test
        )
        for r, v in zip(test, verdicts_alone, strict=True):
            got = to_stance.get(v.stance, "none") if v.confidence >= 0.5 else "none"
            alone[(EMERGENT_STANCE[r["articleHeadlineStance"]], got)] += 1
        assessment = assess_store(store)
        targets = set(target_of.values())
        verdicts = Counter(
            pa.verdict for pa in assessment.propositions if pa.proposition_id in targets
        )
    return {
        "confusion": confusion,
        "alone": alone,
        "with_quoted": with_quoted,
        "n": len(test),
        "claims": len(target_of),
        "seconds": elapsed,
        "verdicts": verdicts,
    }


POLNEAR = SHARED / "data" / "nlp" / "polnear" / "data" / "dev" / "text"


def polnear_reading(extractor, n: int, samples: int = 6) -> None:
    """What is left out and what becomes the outlet's own voice in ``n`` PolNeAR dev articles
    (shuffled, seed 3), with samples to read: counts by reason, and voice sentences by place
    (headline, lead, body) and stance, before the body's asserted asides are dropped."""
    from veracity.extract.canonical import attribution_problem
    from veracity.extract.voice import document_voice

    files = sorted(POLNEAR.glob("*.txt"))
    random.Random(3).shuffle(files)
    why: Counter = Counter()
    examples: dict[str, list] = {}
    voice: Counter = Counter()
    said: list = []
    total = 0
    for f in files[:n]:
        text = f.read_text(encoding="utf-8")
        atts = [a for a in extractor.extract(text) if a.speaker]
        total += len(atts)
        kept = []
        for a in atts:
            reason = attribution_problem(a, text, extractor.nlp).split(" (")[0]
            if reason:
                why[reason] += 1
                examples.setdefault(reason, []).append((a.speaker, a.cue, a.content[:90]))
            else:
                kept.append(a)
        for a in document_voice(text, "OUTLET", kept, nlp=extractor.nlp):
            voice[(a.cue, a.stance.value)] += 1
            said.append((a.cue, a.stance.value, a.content[:110]))
    print(f"\nPolNeAR dev, {n} articles: {total} attributions, {sum(why.values())} left out")
    for reason, count in why.most_common():
        print(f"  {reason}: {count}")
        for ex in random.Random(1).sample(examples[reason], min(samples, count)):
            print(f"      {ex}")
    print(
        "  own voice (before asides are dropped): "
        + ", ".join(f"{cue} {stance} {k}" for (cue, stance), k in sorted(voice.items()))
    )
    for ex in random.Random(2).sample(said, min(3 * samples, len(said))):
        print(f"      {ex}")


def _print_confusion(confusion: Counter, gold_order, got_order) -> None:
    print("gold \\ got  " + "  ".join(f"{g:>10}" for g in got_order))
    for gold in gold_order:
        print(f"{gold:<11} " + "  ".join(f"{confusion[(gold, g)]:>10}" for g in got_order))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--part",
        choices=["fnc1", "fnc1-no-claim", "emergent", "polnear", "all"],
        default="all",
    )
    ap.add_argument("--articles", type=int, default=60, help="PolNeAR dev articles to read")
    ap.add_argument("--limit", type=int, default=0, help="Emergent headlines (0: all of the half)")
    ap.add_argument("--keep", help="FNC-1: keep the four hoax stores (SQLite) in this folder")
    args = ap.parse_args()
    if not FNC1.exists() or not EMERGENT.exists():
        print(f"data not found under {SHARED}", file=sys.stderr)
        return 2
    from veracity.extract import Extractor

    extractor = Extractor()
    print(f"load average {os.getloadavg()[0]:.1f}")
    if args.part in ("fnc1", "fnc1-no-claim", "all"):
        rows = hoax_bodies()
        print(
            f"FNC-1: {len(rows)} bodies on {len(HOAXES)} hoaxes; labels "
            f"{dict(Counter(r[2] for r in rows))}"
        )
        if args.part != "fnc1-no-claim":
            t0 = time.perf_counter()
            got = fnc1_with_claim(extractor, rows, args.keep)
            print(f"\nwith the claim ({time.perf_counter() - t0:.0f} s): body voice toward it")
            _print_confusion(
                got["confusion"],
                ["disagree", "agree", "discuss"],
                ["denies", "asserts", "hedges", "not linked"],
            )
            for hoax, p in got["p_true"].items():
                print(f"  P(true) {p:.2f}  {hoax}")
            print("  P(true) of each hoax when the stored stances are changed:")
            for hoax, row in got["counterfactual"].items():
                cells = "  ".join(f"{k} {v:.2f}" for k, v in row.items())
                print(f"    {hoax[:28]:<28} {cells}")
        t0 = time.perf_counter()
        got = fnc1_without_claim(extractor, rows)
        print(
            f"\nwithout a claim ({time.perf_counter() - t0:.0f} s): {got['statements']} "
            f"statements, {got['propositions']} propositions"
        )
        for (label, what), n in sorted(got["denying"].items()):
            print(f"  {label:<9} {what:<17} {n}")
        print(
            f"  contradictions flagged {got['flagged']}, about a hoax {got['on_hoax']}, "
            f"artefacts {len(got['artefacts'])}"
        )
        for text in got["artefacts"]:
            print(f"    artefact: {text[:100]}")
        for hoax, (p, text) in got["best"].items():
            print(f"  highest P about {hoax[:40]!r}: {p:.2f} ({text[:70]})")
        print(f"  propositions at P >= 0.995: {len(got['p_one'])}")
    if args.part in ("emergent", "all"):
        got = emergent(extractor, args.limit)
        c = got["confusion"]
        right = sum(n for (g, o), n in c.items() if g == o)
        print(
            f"\nEmergent test half: {got['n']} headlines, {got['claims']} claims, "
            f"{got['seconds']:.0f} s ({got['n'] / got['seconds']:.1f} headlines/s)"
        )
        _print_confusion(
            c, ["asserts", "denies", "hedges"], ["asserts", "denies", "hedges", "none"]
        )
        print(f"  accuracy {right / got['n']:.3f}")
        for gold in ("asserts", "denies", "hedges"):
            total = sum(n for (g, _), n in c.items() if g == gold)
            print(f"  recall {gold}: {c[(gold, gold)] / max(total, 1):.3f} of {total}")
        print(f"  verdicts on the claims: {dict(got['verdicts'])} (no truth labels to score)")
        w = got["with_quoted"]
        print("the headline as a whole (the outlet's stance, else its quoted speaker's):")
        _print_confusion(
            w, ["asserts", "denies", "hedges"], ["asserts", "denies", "hedges", "none"]
        )
        print(f"  accuracy {sum(n for (g, o), n in w.items() if g == o) / got['n']:.3f}")
        a = got["alone"]
        print("claim stance alone on the same headlines (default model, as ingest calls it):")
        _print_confusion(
            a, ["asserts", "denies", "hedges"], ["asserts", "denies", "hedges", "none"]
        )
        print(f"  accuracy {sum(n for (g, o), n in a.items() if g == o) / got['n']:.3f}")
    if args.part in ("polnear", "all") and POLNEAR.exists():
        polnear_reading(extractor, args.articles)
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
