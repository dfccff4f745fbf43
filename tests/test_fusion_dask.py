"""The Dask backend computes what the in-memory estimators compute, on partitioned claims.

Each Dask estimator is fitted on random claims split into several partitions and compared, by
label, with its in-memory namesake fitted on the same claims read by ``veracity fuse``'s reader:
trust per source, the chosen value and its probability per item, every candidate's probability,
iterations and convergence (within 1e-6).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

dd = pytest.importorskip("dask.dataframe")

from veracity.cli import cli  # noqa: E402
from veracity.errors import InputError  # noqa: E402
from veracity.fusion.default import Veracity  # noqa: E402
from veracity.fusion.distributed import DASK_METHODS, get_dask_method  # noqa: E402
from veracity.fusion.distributed.partitions import partition_claims  # noqa: E402
from veracity.fusion.registry import METHODS, UnknownMethodError  # noqa: E402
from veracity.ingest.claims_csv import read_claims_csv  # noqa: E402
from veracity.ingest.claims_dask import read_claims_frame  # noqa: E402

TOL = 1e-6
#: in-memory twins of Dask methods that are not registry names
IN_MEMORY = {
    "veracity_core": lambda: Veracity(
        detect_copies=False, similarity=0.0, family_model="one-coin", leave_item_out=False
    )
}


def random_claims(seed: int, n: int = 600, weights: bool = False) -> pd.DataFrame:
    """Skewed sources, items with 1-6 candidate values, a few claims each: ties happen."""
    rng = np.random.default_rng(seed)
    n_sources, n_items = 25, n // 5
    p = 1.0 / np.arange(1, n_sources + 1)
    src = rng.choice(n_sources, n, p=p / p.sum())
    item = rng.integers(0, n_items, n)
    k = rng.integers(1, 7, n_items)
    truth = rng.integers(0, k)
    acc = rng.uniform(0.3, 0.95, n_sources)
    right = rng.random(n) < acc[src]
    val = np.where(right, truth[item], rng.integers(0, k[item]))
    df = pd.DataFrame(
        {
            "source": [f"s{x}" for x in src],
            "item": [f"item {x}" for x in item],
            "value": [f"v{x}" for x in val],
        }
    )
    if weights:
        df["weight"] = rng.choice([0.5, 1.0, 2.0], n)
    return df


def in_memory(df: pd.DataFrame, method: str, tmp_path: Path):
    """The in-memory estimator on the same claims, read as ``veracity fuse`` reads them."""
    path = tmp_path / "claims.csv"
    df.to_csv(path, index=False)
    data = read_claims_csv(path)
    return data, IN_MEMORY.get(method, METHODS.get(method))().fit(data.claims)


def labelled(data, est) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(truth, every probability, trust) of an in-memory fit, keyed by labels."""
    c = data.claims
    items = np.asarray(data.items.to_pylist(), dtype=object)
    values = np.asarray(data.values.to_pylist(), dtype=object)
    label = values[c.value_label_codes]
    truth = pd.DataFrame(
        {
            "item": items,
            "value": label[est.truth_],
            "probability": est.probabilities_[est.truth_],
        }
    )
    every = pd.DataFrame(
        {"item": items[c.value_item], "value": label, "probability": est.probabilities_}
    )
    trust = pd.Series(est.trust_, index=data.sources.to_pylist())
    return truth, every, trust


def by_item(df: pd.DataFrame, keys=("item",)) -> pd.DataFrame:
    return df.sort_values(list(keys)).reset_index(drop=True)


def assert_same(dask_est, data, mem_est) -> None:
    truth, every, trust = labelled(data, mem_est)
    got_truth = by_item(dask_est.truth_.compute(scheduler="sync"))
    pd.testing.assert_frame_equal(got_truth, by_item(truth), check_dtype=False, atol=TOL)
    got_every = by_item(dask_est.probabilities_.compute(scheduler="sync"), ("item", "value"))
    pd.testing.assert_frame_equal(
        got_every, by_item(every, ("item", "value")), check_dtype=False, atol=TOL
    )
    got_trust = pd.Series(dask_est.trust_, index=dask_est.source_labels_.tolist())
    pd.testing.assert_series_equal(
        got_trust.sort_index(), trust.sort_index(), check_dtype=False, atol=TOL
    )
    assert dask_est.iterations_ == mem_est.iterations_
    assert dask_est.converged_ == mem_est.converged_


@pytest.mark.parametrize("method", sorted(DASK_METHODS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dask_estimator_equals_the_in_memory_one(method, seed, tmp_path):
    df = random_claims(seed, weights=seed == 2)
    data, mem = in_memory(df, method, tmp_path)
    frame = dd.from_pandas(df, npartitions=3)
    est = get_dask_method(method)().fit(frame, npartitions=4, scheduler="sync")
    assert est.claims_.n_partitions == 4
    assert_same(est, data, mem)


def test_veracity_core_keeps_the_default_models_calibration_and_intervals(tmp_path):
    df = random_claims(9, n=900)
    data, mem = in_memory(df, "veracity_core", tmp_path)
    est = get_dask_method("veracity_core")().fit(dd.from_pandas(df, npartitions=2))
    assert est.temperature_ != 1.0
    assert est.temperature_ == pytest.approx(mem.temperature_, abs=TOL)
    order = pd.Index(data.sources.to_pylist()).get_indexer(est.source_labels_)
    np.testing.assert_allclose(est.trust_interval_, mem.trust_interval_[order], atol=TOL)
    assert_same(est, data, mem)


@pytest.mark.parametrize("cache", ["disk", "memory"])
def test_the_partitions_can_live_on_disk_or_in_memory(cache, tmp_path):
    df = random_claims(3)
    data, mem = in_memory(df, "dawid_skene", tmp_path)
    parts = partition_claims(
        dd.from_pandas(df, npartitions=2), npartitions=3, scheduler="threads", cache=cache
    )
    est = get_dask_method("dawid_skene")().fit(parts)
    assert est.mode_ == mem.mode_ == "full"
    np.testing.assert_allclose(est.confusion_, mem.confusion_, atol=TOL)
    assert_same(est, data, mem)
    folder = parts.workdir
    assert (folder is not None and folder.exists()) == (cache == "disk")
    parts.close()
    assert folder is None or not folder.exists()  # the temporary cache is removed


@pytest.mark.parametrize("cache", ["disk", "memory"])
def test_veracity_core_keeps_posteriors_between_rounds_only_on_disk(cache, tmp_path):
    # on disk each partition keeps its posteriors for the next round's stopping rule instead
    # of recomputing them; the answer (and the round count) is the in-memory one either way,
    # and no scratch file outlives the fit
    df = random_claims(4, n=900)
    data, mem = in_memory(df, "veracity_core", tmp_path)
    parts = partition_claims(
        dd.from_pandas(df, npartitions=2), npartitions=3, scheduler="threads", cache=cache
    )
    est = get_dask_method("veracity_core")().fit(parts)
    assert est.iterations_ > 2
    assert_same(est, data, mem)
    assert est.temperature_ == pytest.approx(mem.temperature_, abs=TOL)
    if cache == "disk":
        assert parts.scratch_path("em", 0) is not None
        assert not list(parts.workdir.glob("*.npy"))
    else:
        assert parts.scratch_path("em", 0) is None
    parts.close()


def test_veracity_core_temperature_reads_every_kth_claim_of_a_partition():
    from veracity.fusion.calibration import TEMPERATURE_GRID
    from veracity.fusion.claims import Claims
    from veracity.fusion.distributed.default import _temperature_ll

    c = Claims.from_records([(f"s{k % 7}", f"i{k // 4}", f"v{k % 3}") for k in range(120)])
    ell = np.full(c.n_sources, 0.5)
    acc = np.full(c.n_sources, 0.7)
    every = _temperature_ll(c, ell, acc, TEMPERATURE_GRID)
    third = _temperature_ll(c, ell, acc, TEMPERATURE_GRID, 3)
    assert every["rows"] == 120 and third["rows"] == 40


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    claims=st.lists(
        st.tuples(
            st.sampled_from("abcde"), st.sampled_from(["p", "q", "r,s"]), st.sampled_from("xyz")
        ),
        min_size=1,
        max_size=30,
    ),
    npartitions=st.integers(1, 4),
    method=st.sampled_from(["majority_vote", "dawid_skene_one_coin", "sums"]),
)
def test_any_small_claim_set_gives_the_in_memory_answer(claims, npartitions, method, tmp_path):
    df = pd.DataFrame(claims, columns=["source", "item", "value"])
    data, mem = in_memory(df, method, tmp_path)
    parts = partition_claims(
        dd.from_pandas(df, npartitions=min(2, len(df))),
        npartitions=npartitions,
        scheduler="sync",
        cache="memory",
    )
    assert_same(get_dask_method(method)().fit(parts), data, mem)


def test_the_processes_scheduler_gives_the_same_answer(tmp_path):
    df = random_claims(10)
    data, mem = in_memory(df, "sums", tmp_path)
    parts = partition_claims(dd.from_pandas(df, npartitions=2), scheduler="processes")
    assert parts._pool is not None  # one pool for all 20 rounds
    assert_same(get_dask_method("sums")().fit(parts), data, mem)
    parts.close()


def test_labels_of_any_dtype_are_read_as_strings(tmp_path):
    df = random_claims(11)
    df["value"] = df["value"].str[1:].astype(int)  # numbers, as a Parquet column may hold them
    data, mem = in_memory(df, "majority_vote", tmp_path)  # the CSV reader sees "0", "1", ...
    est = get_dask_method("majority_vote")().fit(dd.from_pandas(df, npartitions=2))
    assert_same(est, data, mem)


def test_partitions_without_items_are_harmless(tmp_path):
    df = pd.DataFrame({"source": ["a", "b", "c"], "item": ["x"] * 3, "value": ["1", "1", "2"]})
    data, mem = in_memory(df, "dawid_skene", tmp_path)
    parts = partition_claims(dd.from_pandas(df, npartitions=1), npartitions=5, cache="disk")
    assert parts.n_partitions == 5 and parts.n_items == 1
    assert_same(get_dask_method("dawid_skene")().fit(parts), data, mem)


def test_each_item_sits_in_one_partition():
    df = random_claims(4)
    parts = partition_claims(dd.from_pandas(df, npartitions=3), npartitions=5, cache="memory")
    seen = [set(p.compute()["item"]) for p in parts.parts]
    assert sum(len(s) for s in seen) == df["item"].nunique()
    assert parts.n_claims == len(df) and parts.n_items == df["item"].nunique()


def test_explain_lists_the_claims_on_one_item(tmp_path):
    df = random_claims(5)
    est = get_dask_method("majority_vote")().fit(dd.from_pandas(df, npartitions=2))
    item = df["item"].iloc[0]
    got = est.explain(item)
    mine = df[df["item"] == item]
    assert sorted(got["source"]) == sorted(mine["source"])
    shares = mine["value"].value_counts(normalize=True)
    for _, row in got.iterrows():
        assert row["probability"] == pytest.approx(shares[row["value"]])


def test_bad_input_is_a_named_error():
    with pytest.raises(InputError, match="missing column"):
        partition_claims(dd.from_pandas(pd.DataFrame({"source": ["a"], "item": ["x"]}), 1))
    bad = pd.DataFrame({"source": ["a"], "item": ["x"], "value": ["1"], "weight": [-1.0]})
    with pytest.raises(InputError, match="weights"):
        partition_claims(dd.from_pandas(bad, 1))
    with pytest.raises(UnknownMethodError, match="no Dask backend"):
        get_dask_method("accu_copy")
    with pytest.raises(UnknownMethodError, match="veracity_core"):
        get_dask_method("veracity")


# ---- veracity fuse --backend dask -----------------------------------------------------------
def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.e2e
@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_fuse_backend_dask_writes_what_the_memory_backend_writes(suffix, tmp_path):
    df = random_claims(6)
    claims = tmp_path / "claims.csv"
    df.to_csv(claims, index=False)
    mem_out, mem_trust = tmp_path / "mem.csv", tmp_path / "mem_trust.csv"
    out, trust = tmp_path / f"truth.{suffix}", tmp_path / "trust.csv"
    r = run("fuse", str(claims), "--method", "truthfinder", "--out", str(mem_out),
            "--trust", str(mem_trust))  # fmt: skip
    assert r.exit_code == 0, r.output
    r = run("fuse", str(claims), "--method", "truthfinder", "--out", str(out), "--trust",
            str(trust), "--backend", "dask", "--partitions", "3")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "3 partitions" in r.output
    got = pd.read_parquet(out) if suffix == "parquet" else pd.read_csv(out)
    want = pd.read_csv(mem_out)
    pd.testing.assert_frame_equal(by_item(got), by_item(want), check_dtype=False, atol=TOL)
    got_t, want_t = pd.read_csv(trust), pd.read_csv(mem_trust)
    pd.testing.assert_frame_equal(got_t, want_t, atol=TOL)  # sources in the same order


@pytest.mark.e2e
def test_fuse_backend_dask_reads_a_parquet_glob(tmp_path):
    df = random_claims(7)
    (tmp_path / "in").mkdir()
    df.iloc[:300].to_parquet(tmp_path / "in" / "a.parquet")
    df.iloc[300:].to_parquet(tmp_path / "in" / "b.parquet")
    frame = read_claims_frame(str(tmp_path / "in" / "*.parquet"))
    assert frame.npartitions == 2 and len(frame) == len(df)
    out = tmp_path / "truth.parquet"
    r = run("fuse", str(tmp_path / "in" / "*.parquet"), "--out", str(out),
            "--method", "dawid_skene_one_coin", "--backend", "dask")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert len(pd.read_parquet(out)) == df["item"].nunique()


@pytest.mark.e2e
def test_fuse_backend_dask_errors_are_one_line(tmp_path):
    claims = tmp_path / "claims.csv"
    claims.write_text("source,item\na,x\n")
    r = run("fuse", str(claims), "--out", str(tmp_path / "t.csv"), "--backend", "dask",
            "--method", "sums")  # fmt: skip
    assert r.exit_code == 2 and "missing column value" in r.output
    r = run("fuse", str(claims), "--out", str(tmp_path / "t.csv"), "--backend", "dask",
            "--method", "veracity")  # fmt: skip
    assert r.exit_code == 2 and "veracity_core" in r.output  # the default is not ported whole
    r = run("fuse", str(claims), "--out", str(tmp_path / "t.csv"), "--partitions", "2")
    assert r.exit_code == 2 and "--backend dask" in r.output
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.e2e
def test_fuse_backend_dask_on_a_distributed_scheduler(tmp_path):
    distributed = pytest.importorskip("distributed")
    df = random_claims(8)
    claims = tmp_path / "claims.csv"
    df.to_csv(claims, index=False)
    data, mem = in_memory(df, "dawid_skene", tmp_path)
    truth, _, _ = labelled(data, mem)
    out = tmp_path / "truth.parquet"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", dashboard_address=None
    ) as cluster:
        r = run("fuse", str(claims), "--out", str(out), "--method", "dawid_skene",
                "--backend", "dask", "--scheduler", cluster.scheduler_address)  # fmt: skip
    assert r.exit_code == 0, r.output
    got = pd.read_parquet(out)
    pd.testing.assert_frame_equal(by_item(got), by_item(truth), check_dtype=False, atol=TOL)
    r = run("fuse", str(claims), "--out", str(out), "--backend", "dask", "--method", "sums",
            "--scheduler", "nonsense")  # fmt: skip
    assert r.exit_code == 2 and "--scheduler" in r.output
