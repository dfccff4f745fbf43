"""Attribution extraction benchmark: PolNeAR spans, stance on our own set, throughput.

    python benchmarks/extraction.py [--split dev] [--limit N] [--throughput 1000]

PolNeAR (../shared/data/nlp/polnear, research-only, read in place, never copied): content-span
precision / recall / F1 with any-overlap, one-to-one matching (greedy, largest overlap first),
for all attributions and for those whose content holds a quotation mark; speaker accuracy on
matched pairs (the predicted speaker mention overlaps the gold Source span, or both are absent).
Baseline in the same run: textacy's ``direct_quotations`` on spaCy sm, paragraph by paragraph.
Stance: accuracy on tests/data/stance_gold.jsonl (our own annotations). Throughput: articles/s
over N articles (PolNeAR texts, repeated if fewer), in --processes parser processes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERACITY_SHARED", ROOT.parent / "shared"))
POLNEAR = SHARED / "data" / "nlp" / "polnear" / "data"
QUOTE_MARKS = set('"“”')


def load_polnear(split: str, limit: int | None = None):
    """[(name, text, [gold dict])]: one annotator's file per article (first sorted)."""
    text_dir = POLNEAR / split / "text"
    ann_dir = POLNEAR / split / "attributions"
    anns: dict[str, Path] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], p)
    out = []
    for tp in sorted(text_dir.glob("*.txt")):
        if tp.stem not in anns:
            continue
        text = tp.read_text(encoding="utf-8")
        out.append((tp.stem, text, parse_ann(anns[tp.stem].read_text(encoding="utf-8"))))
        if limit and len(out) >= limit:
            break
    return out


def parse_ann(raw: str) -> list[dict]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            segs = []
            for seg in head[1].split(";"):
                a, b = seg.split()
                segs.append((int(a), int(b)))
            spans[parts[0]] = segs
        elif parts[0].startswith("E"):
            roles = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            events.append(roles)
    gold = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if not content:
            continue
        gold.append(
            {
                "content": content,
                "source": spans.get(ev.get("Source", "")),
                "cue": spans.get(ev.get("Cue", "")),
            }
        )
    return gold


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in a for y0, y1 in b)


def match(preds: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), greedy by largest content overlap."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(gold):
            o = overlap(p["content"], g["content"])
            if o > 0:
                pairs.append((o, i, j))
    pairs.sort(reverse=True)
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def has_quote(text: str, spans: list[tuple[int, int]]) -> bool:
    return any(ch in QUOTE_MARKS for a, b in spans for ch in text[a:b])


class Score:
    def __init__(self) -> None:
        self.c = Counter()

    def add(self, text: str, preds: list[dict], gold: list[dict]) -> None:
        pairs = match(preds, gold)
        c = self.c
        c["pred"] += len(preds)
        c["gold"] += len(gold)
        c["tp"] += len(pairs)
        c["pred_q"] += sum(has_quote(text, p["content"]) for p in preds)
        c["gold_q"] += sum(has_quote(text, g["content"]) for g in gold)
        for i, j in pairs:
            p, g = preds[i], gold[j]
            c["tp_pred_q"] += has_quote(text, p["content"])
            c["tp_gold_q"] += has_quote(text, g["content"])
            ps, gs = p.get("source"), g.get("source")
            ok = (not ps and not gs) or bool(ps and gs and overlap(ps, gs) > 0)
            c["speaker_ok"] += ok
            if has_quote(text, g["content"]):
                c["speaker_ok_q"] += ok

    def report(self) -> dict:
        c = self.c

        def prf(tp_p, n_p, tp_g, n_g):
            p = tp_p / n_p if n_p else 0.0
            r = tp_g / n_g if n_g else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3)}

        return {
            "all": prf(c["tp"], c["pred"], c["tp"], c["gold"]),
            "quoted": prf(c["tp_pred_q"], c["pred_q"], c["tp_gold_q"], c["gold_q"]),
            "speaker_acc": round(c["speaker_ok"] / c["tp"], 3) if c["tp"] else 0.0,
            "speaker_acc_quoted": (
                round(c["speaker_ok_q"] / c["tp_gold_q"], 3) if c["tp_gold_q"] else 0.0
            ),
            "counts": dict(c),
        }


def ours_preds(atts) -> list[dict]:
    return [
        {"content": [a.content_span], "source": [a.mention_span] if a.mention_span else None}
        for a in atts
    ]


PARA = re.compile(r"[^\n]+")


def textacy_preds(nlp, text: str) -> list[dict]:
    from textacy.extract.triples import direct_quotations

    out = []
    for m in PARA.finditer(text):
        doc = nlp(m.group())
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # raises on unbalanced quotation marks
            continue
        for t in triples:
            off = m.start()
            content = [(off + t.content.start_char, off + t.content.end_char)]
            source = [(off + s.idx, off + s.idx + len(s)) for s in t.speaker] or None
            out.append({"content": content, "source": source})
    return out


def polnear_section(split: str, limit: int | None, extractor, nlp_sm) -> dict:
    data = load_polnear(split, limit)
    ours, base, blank = Score(), Score(), Score()
    from veracity.extract import Extractor, load_pipeline

    blank_ex = Extractor(load_pipeline("blank"))
    t0 = time.perf_counter()
    results = list(extractor.extract_many([t for _, t, _ in data]))
    t_ours = time.perf_counter() - t0
    for (_name, text, gold), atts in zip(data, results, strict=True):
        ours.add(text, ours_preds(atts), gold)
        base.add(text, textacy_preds(nlp_sm, text), gold)
        blank.add(text, ours_preds(blank_ex.extract(text)), gold)
    return {
        "split": split,
        "articles": len(data),
        "veracity": ours.report(),
        "veracity_rules_only": blank.report(),
        "textacy_direct_quotations": base.report(),
        "seconds_veracity": round(t_ours, 1),
    }


def stance_section(extractor) -> dict:
    """stance_gold.jsonl (157 rows; the rules were tuned on it) and the held-out set (60 rows,
    written after the rules were frozen)."""
    from veracity.extract.stance_eval import stance_accuracy

    out = {}
    for key, name in (
        ("tuned_on", "stance_gold.jsonl"),
        ("held_out", "extract_stance_heldout.jsonl"),
    ):
        path = ROOT / "tests" / "data" / name
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
        out[key] = stance_accuracy(rows, extractor)
    return out


def throughput_section(extractor, n: int, processes: int = 1, batch_size: int = 8) -> dict:
    texts = [t for _, t, _ in load_polnear("train")]
    texts = (texts * (n // max(1, len(texts)) + 1))[:n]
    chars = sum(len(t) for t in texts)
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    results = extractor.extract_many(texts, batch_size=batch_size, n_process=processes)
    count = sum(len(a) for a in results)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    # worker processes' CPU is not in process_time(): add the reaped children's
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += children.ru_utime + children.ru_stime
    return {
        "articles": n,
        "processes": processes,
        "batch_size": batch_size,
        "mean_chars": round(chars / n),
        "attributions": count,
        "wall_seconds": round(dt, 1),
        "articles_per_s_wall": round(n / dt, 1),
        "cpu_seconds": round(cpu, 1),
        "articles_per_cpu_s": round(n / cpu, 1),
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_worker": round(children.ru_maxrss / 1024),
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None, help="articles of the split")
    ap.add_argument("--throughput", type=int, default=1000, help="articles (0 to skip)")
    ap.add_argument("--processes", type=int, default=1, help="parser processes for throughput")
    ap.add_argument("--batch-size", type=int, default=8, help="texts per parser batch")
    ap.add_argument("--skip-polnear", action="store_true")
    ap.add_argument("--model", default=None, help='spaCy pipeline, or "blank" for rules only')
    args = ap.parse_args(argv)

    from veracity.extract import Extractor, load_pipeline

    extractor = Extractor(load_pipeline(args.model))
    result: dict = {"model": extractor.model_name}
    result["stance"] = stance_section(extractor)
    print(json.dumps(result, indent=1), flush=True)
    if not POLNEAR.exists():
        print(f"PolNeAR not found at {POLNEAR}; skipping span and throughput figures")
        return 0
    if not args.skip_polnear:
        nlp_sm = load_pipeline()
        result["polnear"] = polnear_section(args.split, args.limit, extractor, nlp_sm)
        print(json.dumps(result["polnear"], indent=1), flush=True)
    if args.throughput:
        result["throughput"] = throughput_section(
            extractor, args.throughput, args.processes, args.batch_size
        )
        print(json.dumps(result["throughput"], indent=1), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
