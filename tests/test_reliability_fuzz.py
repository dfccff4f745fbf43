"""Every reader against hostile inputs (hypothesis picks the mutations, or the choices of a
format's grammar): each input is read or refused with exit 2 and a message — never a
traceback, never a hang — and a refused input leaves the store as it was.
``benchmarks/reliability.py`` runs the same with thousands."""

from __future__ import annotations

import contextlib
import ipaddress
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_grammar import generate
from hostile_http import HostileServer
from hostile_inputs import SEEDS, mutate
from hostile_run import COMMANDS, WRITES, run, seed_store
from veracity.errors import InputError
from veracity.ingest.fetch import AddressPolicy, fetch


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
@given(rng=st.randoms(use_true_random=False), grammar=st.booleans())
def test_reader_reads_or_refuses_hostile_input(store_url, name, rng, grammar):
    """A mutated seed, or a file built from the format's grammar (wrong types, bombs)."""
    data = generate(name, rng) if grammar else mutate(SEEDS[name], name, rng)
    outcome = run(name, data, store_url if name in WRITES else None, limit=30)
    assert outcome.kind in ("ok", "refused"), (outcome, data[:300])
    assert not outcome.changed, (outcome, data[:300])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_seed_itself_is_read(store_url, name):
    outcome = run(name, SEEDS[name], store_url if name in WRITES else None)
    assert outcome.kind in ("ok", "refused") and not outcome.changed, outcome


@pytest.fixture(scope="module")
def http_server():
    server = HostileServer()
    with server as base:
        yield server, base


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False), grammar=st.booleans())
def test_fetcher_reads_or_refuses_a_hostile_http_answer(http_server, rng, grammar):
    """Lying Content-Length, broken chunking, header floods, inward redirects: read, or an
    InputError, within the deadline."""
    server, base = http_server
    name = "response.http"
    server.routes["/r"] = generate(name, rng) if grammar else mutate(SEEDS[name], name, rng)
    policy = AddressPolicy(also_allow=(ipaddress.ip_network("127.0.0.1/32"),))
    started = time.monotonic()
    with contextlib.suppress(InputError):
        fetch(f"{base}/r", policy=policy, timeout=3)
    assert time.monotonic() - started < 10
