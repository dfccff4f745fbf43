"""FNC-1 articles on four hoaxes, linked to each hoax with ``ingest_documents(claim=…)``.

Reads FNC-1 train bodies from ``../shared/data/nlp/fnc1`` (or ``$VERACITY_SHARED``; research
use, read in place, skips without it). The bodies are those of ``benchmarks/voice_cases.py``
(BENCHMARKS.md, "Articles to a case"): for four hoax headlines, the train bodies labelled
disagree (debunking) and agree, ten per hoax. Checks what the issue found broken: debunking
articles came out as "asserts" (the outlet's own words were never statements), and a hoax got
P = 1.00 with nobody denying it.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from veracity.extract import Extractor
from veracity.ingest.documents import document_from_text
from veracity.ingest.statements import ingest_documents, source_id
from veracity.model import Stance

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VERACITY_SHARED", ROOT.parent / "shared"))
FNC1 = SHARED / "data" / "nlp" / "fnc1"

# hoax headline → (debunking body ids, agreeing body ids), FNC-1 train labels
HOAXES = {
    "God is a woman- Priest who died for 48 minutes claims": (
        [1227, 1303, 1521, 1549, 2445],
        [526, 603, 808, 1008, 1014],
    ),
    "Dylan Thomas Finds Tropical Spider Burrowed Under Skin": (
        [986, 1057, 1321, 1531, 1797, 1880, 1923, 2042],
        [818, 1104],
    ),
    "NBC weatherman caught urinating in the woods live on air": (
        [555, 686, 975, 1046, 1333, 1926, 1968, 2034],
        [1319, 1829],
    ),
    "WATCH: Bird Launches Airstrike on Putin’s Shoulder (UPDATED)": (
        [692, 772, 1051, 1438, 1813, 1957, 2081],
        [1087, 2174],
    ),
}

pytestmark = pytest.mark.skipif(not FNC1.exists(), reason="../shared/data not present")


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> dict:
    from veracity.assess import assess_store
    from veracity.store import open_store

    ex = Extractor()
    if not ex.parsed:
        pytest.skip("no spaCy English model installed")
    with (FNC1 / "train_bodies.csv").open(encoding="utf-8", newline="") as f:
        bodies = {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(f)}
    out = {}
    for k, (hoax, (debunks, agrees)) in enumerate(HOAXES.items()):
        store = open_store(f"sqlite:///{tmp_path_factory.mktemp('fnc') / f'h{k}.db'}")
        for bid in [*debunks, *agrees]:
            name = f"FNC-1 body {bid}"
            doc = document_from_text(bodies[bid], name=name)
            ingest_documents(store, [doc], ex, claim=hoax, source=name, embedder=None)
        (target,) = [p for p in store.propositions() if p.text == hoax]
        stance = {s.source_id: s.stance for s in store.statements(proposition_id=target.id)}
        p_true = assess_store(store).proposition(target.id).probabilities["true"]
        out[hoax] = (stance, p_true)
    return out


def test_debunking_articles_deny_the_hoax(linked):
    denied = agreed_denied = total = 0
    for hoax, (debunks, agrees) in HOAXES.items():
        stance, _ = linked[hoax]
        denied += sum(
            1 for b in debunks if stance.get(source_id(f"FNC-1 body {b}")) is Stance.DENIES
        )
        agreed_denied += sum(
            1 for b in agrees if stance.get(source_id(f"FNC-1 body {b}")) is Stance.DENIES
        )
        total += len(debunks)
        # no debunking article comes out as asserting the hoax
        assert not [
            b for b in debunks if stance.get(source_id(f"FNC-1 body {b}")) is Stance.ASSERTS
        ], hoax
    # 14–18 of 28 in this session's runs (a debunk in the outlet's own words, a kicker, a
    # correction, "There is no …", makes the document a denial; the claim-stance rules changed
    # meanwhile); 10–12 before; none before the outlet's own voice
    assert denied / total >= 0.5
    assert agreed_denied == 0


def test_most_hoaxes_meet_their_denials(linked):
    """All four since adb977b (the weatherman's debunkers used to report NBC's denial only in
    others' words, read as discussing it)."""
    with_denials = [h for h, (stance, _) in linked.items() if Stance.DENIES in stance.values()]
    assert len(with_denials) == 4, with_denials


def test_hoaxes_their_debunkers_outweigh_are_not_true(linked):
    """At session start the spider and the weatherman got P = 1.00 and 0.82. "God is a woman"
    is left out: its agreeing bodies outnumber its debunkers (7 against 5 with the labels'
    own stances), and the default fusion gives that 1.00 (BENCHMARKS.md, "Articles to a
    case"; a fusion matter, #12)."""
    high = {h: p for h, (_, p) in linked.items() if p >= 0.5 and not h.startswith("God")}
    assert high == {}
