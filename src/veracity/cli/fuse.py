"""``veracity fuse``: truth discovery on a claims CSV, a thin layer over veracity.fusion.

veracity fuse claims.csv --method truthfinder --out truth.csv --trust trust.csv
"""

from __future__ import annotations

import time
from pathlib import Path

import click


@click.command("fuse")
@click.argument("claims_csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--method",
    default=None,
    metavar="NAME",
    help="Fusion method, e.g. truthfinder, accu_copy, dawid_skene (default: veracity's "
    "default); an unknown name lists them all.",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write item,value,probability (one row per item, the chosen value).",
)
@click.option(
    "--trust",
    "trust_out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write source,trust here.",
)
def fuse(claims_csv: Path, method: str | None, out: Path, trust_out: Path | None) -> None:
    """Estimate the true value of each item in CLAIMS_CSV (header: source,item,value;
    optional columns weight, origin) and each source's trust."""
    from veracity.fusion.registry import DEFAULT_METHOD, get_method
    from veracity.ingest.claims_csv import read_claims_csv, write_trust_csv, write_truth_csv

    estimator_cls = get_method(method or DEFAULT_METHOD)  # a bad name fails before reading
    t0 = time.perf_counter()
    data = read_claims_csv(claims_csv)
    t1 = time.perf_counter()
    estimator = estimator_cls().fit(data.claims)
    t2 = time.perf_counter()
    write_truth_csv(out, data, estimator)
    if trust_out is not None:
        write_trust_csv(trust_out, data, estimator)
    t3 = time.perf_counter()
    c = data.claims
    state = "converged" if estimator.converged_ else "did not converge"
    click.echo(
        f"{estimator.name}: {c.n_claims:,} claims, {c.n_items:,} items, {c.n_sources:,} sources; "
        f"{estimator.iterations_} iterations, {state}; "
        f"read {t1 - t0:.2f}s, fit {t2 - t1:.2f}s, write {t3 - t2:.2f}s -> {out}",
        err=True,
    )


def register(group: click.Group) -> None:
    group.add_command(fuse)
