"""Truth-discovery benchmark sets with gold, read from ``../shared/data/td/`` (never shipped).

Each loader returns a :class:`Dataset`: integer-coded :class:`~veracity.fusion.Claims`, the gold
``{item label: value label}`` to score against, and, where values are numbers, one float per
value code (for methods that let close numbers support each other). Values go through the
normalisers in :mod:`veracity.normalize` first, so "4:55 p.m." and "16:55" are one value.

Evaluation conventions (as published for each set):

- book (Yin et al. 2007): the 100 hand-checked books; a prediction is right when its author list
  equals the gold list after :func:`~veracity.normalize.normalize_authors`.
- flight-2011-12-01 (Li et al. 2012 subset): the 400 (flight, attribute) gold items only; times
  compared as local clock time after :func:`~veracity.normalize.normalize_time` (the gold file
  carries clock times only, so dates printed by some sites are dropped).
- population (Pasternack & Roth 2010): the gold (city, year) items that some editor claimed
  (301 of 308); exact match of the number.
- crowd sets: every gold item; each item's candidates are the set's whole label vocabulary, as
  crowd-kit assumes. bluebird and dog also appear under crowd_truth_inference with identical
  labels ("d_Duck Identification", "s4_Dog data"): loaded once. crowdscale2013/sentiment has no
  labels in the snapshot and is skipped.
- weather is not loaded: its "truth" is one source's (AccuWeather's) values, not independent gold.

>>> sorted(CROWD_SETS)[:3]
['CF', 'SP', 'SP_amt']
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from veracity.fusion import Claims
from veracity.normalize import normalize_authors, normalize_number, normalize_time, parse_number

REPO = Path(__file__).resolve().parents[1]


def shared_root() -> Path:
    """``$VERACITY_SHARED`` or ``<repo>/../shared``: where the benchmark data lives."""
    return Path(os.environ.get("VERACITY_SHARED", REPO.parent / "shared"))


def td_root() -> Path:
    return shared_root() / "data" / "td"


@dataclass
class Dataset:
    """One benchmark set: claims, gold, and numbers per value code where values are numbers."""

    name: str
    kind: str  # "web" (open-valued) or "crowd" (a shared label vocabulary)
    claims: Claims
    gold: dict[str, str]
    numbers: np.ndarray | None = None
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def gold_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """(item code, gold value code or -1 when no source claimed the gold value) per gold item.

        Gold items no source spoke about are left out (they cannot be scored by anyone).
        """
        c = self.claims
        item_code = {str(label): i for i, label in enumerate(c.item_labels)}
        pair_code = {(int(c.value_item[v]), str(c.value_labels[v])): v for v in range(c.n_values)}
        items, values = [], []
        for item_label, value_label in self.gold.items():
            i = item_code.get(item_label)
            if i is None:
                continue
            items.append(i)
            values.append(pair_code.get((i, value_label), -1))
        return np.asarray(items, dtype=np.int64), np.asarray(values, dtype=np.int64)


def _dedupe(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One claim per (source, item, value): a store listing a book twice says it once."""
    return list(dict.fromkeys(rows))


def _numbers(claims: Claims, parse: Callable[[str], float | None]) -> np.ndarray:
    return np.array(
        [np.nan if (x := parse(str(label))) is None else x for label in claims.value_labels],
        dtype=np.float64,
    )


# ---- web sets ----------------------------------------------------------------------------
def load_book(root: Path | None = None) -> Dataset:
    """AbeBooks author lists (Yin et al. 2007): 895 stores, 1265 books, 100 gold books."""
    d = (root or td_root()) / "book"
    rows = []
    with open(d / "book.txt", encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            value = normalize_authors(parts[3])
            if value is not None:
                rows.append((parts[0], parts[1].strip(), value))
    rows = _dedupe(rows)
    gold = {}
    with open(d / "book_golden.txt", encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and (value := normalize_authors(parts[1])) is not None:
                gold[parts[0].strip()] = value
    return Dataset(
        "book",
        "web",
        Claims.from_records(rows),
        gold,
        note="author lists after normalize_authors; 100 gold books",
    )


FLIGHT_ATTRIBUTES = ("scheduled_dept", "actual_dept", "scheduled_arrival", "actual_arrival")


def load_flight(root: Path | None = None) -> Dataset:
    """Flight 2011-12-01 (Li et al. 2012 subset): 38 sites, 100 flights x 4 times, all gold."""
    d = (root or td_root()) / "flight-2011-12-01"
    rows = []
    with open(d / "dirty.csv", encoding="utf-8", errors="replace", newline="") as f:
        for r in csv.DictReader(f):
            for attr in FLIGHT_ATTRIBUTES:
                value = normalize_time(r[attr])
                if value is not None:
                    rows.append((r["src"], f"{r['flight']}|{attr}", value))
    gold: dict[str, str] = {}
    conflicts = 0
    with open(d / "clean.csv", encoding="utf-8", errors="replace", newline="") as f:
        for r in csv.DictReader(f):
            for attr in FLIGHT_ATTRIBUTES:
                value = normalize_time(r[attr])
                key = f"{r['flight']}|{attr}"
                if value is None:
                    continue
                if gold.setdefault(key, value) != value:
                    conflicts += 1
    claims = Claims.from_records(_dedupe(rows))
    minutes = _numbers(claims, lambda s: None if (t := normalize_time(s)) is None else _hm(t))
    return Dataset(
        "flight-2011-12-01",
        "web",
        claims,
        gold,
        numbers=minutes,
        note=f"clock times after normalize_time; gold items only ({conflicts} gold conflicts)",
    )


def _hm(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return 60.0 * int(h) + int(m)


def load_population(root: Path | None = None) -> Dataset:
    """Wikipedia city populations (Pasternack & Roth 2010, DAFNA-EA copy): editors as sources."""
    d = (root or td_root()) / "population" / "Population"
    rows = []
    path = d / "claims" / "neglect redundency.txt"
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = [p.strip() for p in line.split("|\t")]
            if len(parts) < 6:
                continue
            value = normalize_number(parts[4])
            if value is not None:
                rows.append((parts[5], f"{parts[2]}|{parts[3]}", value))
    gold = {}
    with open(d / "truth" / "popAnswersOut.txt", encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = [p.strip() for p in line.strip().split(",")]
            if len(parts) < 4:
                continue
            city, year, pop = ", ".join(parts[:-2]), parts[-2], normalize_number(parts[-1])
            if pop is not None:
                gold[f"{city}|Population{year}"] = pop
    claims = Claims.from_records(_dedupe(rows))
    return Dataset(
        "population",
        "web",
        claims,
        gold,
        numbers=_numbers(claims, parse_number),
        note="numbers after normalize_number; gold items some editor claimed",
    )


# ---- crowd sets --------------------------------------------------------------------------
#: set name -> folder under td/crowd (duplicates of bluebird and dog are left out)
CROWD_SETS: dict[str, str] = {
    "rte": "SpectralMethodsMeetEM/rte",
    "dog": "SpectralMethodsMeetEM/dog",
    "bluebird": "SpectralMethodsMeetEM/bluebird",
    "web": "SpectralMethodsMeetEM/web",
    "trec": "SpectralMethodsMeetEM/trec",
    "d_jn-product": "crowd_truth_inference/d_jn-product",
    "d_sentiment": "crowd_truth_inference/d_sentiment",
    "s4_Relevance": "crowd_truth_inference/s4_Relevance",
    "s5_AdultContent": "crowd_truth_inference/s5_AdultContent",
    "CF": "active-crowd-toolkit/CF",
    "SP": "active-crowd-toolkit/SP",
    "SP_amt": "active-crowd-toolkit/SP_amt",
    "ZenCrowd_all": "active-crowd-toolkit/ZenCrowd_all",
}


def _int_table(path: Path) -> np.ndarray:
    return np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)


def load_crowd(name: str, root: Path | None = None) -> Dataset:
    """A crowdsourcing set: ``label.csv`` (item, worker, label) and ``truth.csv`` (item, truth)."""
    d = (root or td_root()) / "crowd" / CROWD_SETS[name]
    lab = _int_table(d / "label.csv")
    truth = _int_table(d / "truth.csv")
    classes = np.unique(np.concatenate([lab[:, 2], truth[:, 1]]))
    items = np.unique(lab[:, 0])
    class_labels = [str(k) for k in classes]
    claims = Claims.from_columns(
        lab[:, 1].astype(str),
        lab[:, 0].astype(str),
        lab[:, 2].astype(str),
        candidates={str(i): class_labels for i in items},
    )
    gold = {str(i): str(t) for i, t in truth}
    return Dataset(
        name,
        "crowd",
        claims,
        gold,
        note=f"{classes.size} classes, every class a candidate of every item",
    )


# ---- all of them -------------------------------------------------------------------------
WEB_LOADERS: dict[str, Callable[[Path | None], Dataset]] = {
    "book": load_book,
    "flight-2011-12-01": load_flight,
    "population": load_population,
}

#: the order of the benchmark tables
DATASET_NAMES: tuple[str, ...] = (*WEB_LOADERS, *CROWD_SETS)


def available(root: Path | None = None) -> list[str]:
    """Names of the sets whose files are present."""
    r = root or td_root()
    present = {
        "book": r / "book" / "book.txt",
        "flight-2011-12-01": r / "flight-2011-12-01" / "dirty.csv",
        "population": r / "population" / "Population" / "truth" / "popAnswersOut.txt",
    }
    present.update({n: r / "crowd" / p / "label.csv" for n, p in CROWD_SETS.items()})
    return [n for n in DATASET_NAMES if present[n].exists()]


def load(name: str, root: Path | None = None) -> Dataset:
    if name in WEB_LOADERS:
        return WEB_LOADERS[name](root)
    return load_crowd(name, root)


def load_all(root: Path | None = None) -> Iterator[Dataset]:
    for name in available(root):
        yield load(name, root)
