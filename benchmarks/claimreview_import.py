"""How long ``veracity import --format claimreview`` takes on a feed of N reviews.

Writes a synthetic DataCommons-shaped feed (``DataFeed`` / ``dataFeedElement[].item[]``): N
ClaimReviews of distinct claims by ``--claimants`` claimants, rated by ``--checkers``
fact-checkers with ratings drawn from the rating map and from 1–5 numbers, then imports it into
a fresh store and reports the wall time (read + check + one transaction), split into reading and
writing.

    python benchmarks/claimreview_import.py --reviews 10000
    python benchmarks/claimreview_import.py --reviews 10000 --db postgresql+psycopg://…/t11b
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

from veracity.ingest.claimreview import read_claimreviews
from veracity.ingest.claimreview_store import import_claimreviews
from veracity.store import open_store

RATINGS = [
    "False",
    "Pants on Fire",
    "Mostly False",
    "Half True",
    "Mostly True",
    "True",
    "Misleading",
    "Missing context",
    "Satire",
    "Unproven",
]


def make_feed(n: int, claimants: int, checkers: int, seed: int = 0) -> dict[str, object]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        review: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://checker{i % checkers}.example/reviews/{i}",
            "datePublished": f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "claimReviewed": f"Claim number {i}: the figure was {rng.randint(1, 10**6)} in "
            f"{rng.choice(['Ohio', 'Texas', 'Kent', 'Lyon', 'Pune'])}.",
            "author": {"@type": "Organization", "name": f"Checker {i % checkers}"},
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": f"Claimant {rng.randrange(claimants)}"},
                "datePublished": f"20{10 + i % 15}-{1 + i % 12:02d}-01",
            },
        }
        if i % 4 == 3:
            review["reviewRating"] = {
                "@type": "Rating",
                "ratingValue": rng.randint(1, 5),
                "bestRating": 5,
                "worstRating": 1,
            }
        else:
            review["reviewRating"] = {"@type": "Rating", "alternateName": rng.choice(RATINGS)}
        items.append({"@type": "DataFeedItem", "item": [review]})
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reviews", type=int, default=10_000)
    ap.add_argument("--claimants", type=int, default=2_000)
    ap.add_argument("--checkers", type=int, default=40)
    ap.add_argument("--db", help="a store URL (default: a fresh SQLite file)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.json"
        feed.write_text(json.dumps(make_feed(args.reviews, args.claimants, args.checkers)))
        size = feed.stat().st_size
        t0 = time.perf_counter()
        reviews = read_claimreviews(feed.read_bytes())
        read_s = time.perf_counter() - t0
        store = open_store(args.db or str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        report = import_claimreviews(store, feed)
        total = time.perf_counter() - t0
        store.close()
    load = os.getloadavg()[0]
    print(f"feed: {len(reviews):,} reviews, {size / 2**20:.1f} MiB")
    print(f"import: {total:.2f} s end to end (reading and checking alone {read_s:.2f} s)")
    print(f"summary: {report.summary()}")
    print(f"load average (1 min): {load:.2f}")


if __name__ == "__main__":
    main()
