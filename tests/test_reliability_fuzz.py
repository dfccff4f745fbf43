"""Every reader against mutated hostile inputs (hypothesis picks the mutations): each input is
read or refused with exit 2 and a message — never a traceback, never a hang — and a refused
input leaves the store as it was. ``benchmarks/reliability.py`` runs the same with thousands."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_inputs import SEEDS, mutate
from hostile_run import COMMANDS, WRITES, run, seed_store


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'v.db'}"
    seed_store(url)
    return url


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False))
def test_reader_reads_or_refuses_hostile_input(store_url, name, rng):
    data = mutate(SEEDS[name], name, rng)
    outcome = run(name, data, store_url if name in WRITES else None, limit=30)
    assert outcome.kind in ("ok", "refused"), (outcome, data[:300])
    assert not outcome.changed, (outcome, data[:300])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_seed_itself_is_read(store_url, name):
    outcome = run(name, SEEDS[name], store_url if name in WRITES else None)
    assert outcome.kind in ("ok", "refused") and not outcome.changed, outcome
