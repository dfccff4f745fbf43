"""``veracity fuse``: truth discovery on a claims CSV, a thin layer over veracity.fusion.

veracity fuse claims.csv --method truthfinder -o truth.csv --trust trust.csv
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import click

from veracity.cli.output import Output, output_file_option, summary_option


@click.command("fuse")
@click.argument("claims_csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--method",
    default=None,
    metavar="NAME",
    help="Fusion method, e.g. truthfinder, accu_copy, dawid_skene (default: veracity's "
    "default); an unknown name lists them all.",
)
@output_file_option(
    required=True,
    help="Where to write item,value,probability (one row per item, the chosen value).",
)
@click.option(
    "--trust",
    "trust_out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write source,trust here.",
)
@click.option(
    "--backend",
    type=click.Choice(["memory", "dask"]),
    default="memory",
    show_default=True,
    help="dask: out of core and in parallel, for claims that do not fit in memory; CLAIMS_CSV "
    "may then also be Parquet, a folder or a glob, and --out a .parquet file (needs the dask "
    "extra; methods: veracity_core (the default's EM without copy detection, similarity and label "
    "families; the default here), majority_vote, truthfinder, sums, dawid_skene, "
    "dawid_skene_one_coin).",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="--backend dask: claims are split by item into N partitions (default: one per 2M claims).",
)
@click.option(
    "--scheduler",
    default="threads",
    show_default=True,
    metavar="NAME",
    help="--backend dask: threads, processes, synchronous, or a distributed scheduler's address "
    "(tcp://HOST:PORT).",
)
@summary_option(name="summary")
def fuse(
    claims_csv: Path,
    method: str | None,
    output: Path,
    trust_out: Path | None,
    backend: str = "memory",
    partitions: int | None = None,
    scheduler: str = "threads",
    *,
    summary: Output,
) -> None:
    """Estimate the true value of each item in CLAIMS_CSV (header: source,item,value;
    optional columns weight, origin; a .parquet file with those columns works too) and each
    source's trust."""
    out = output
    if backend == "dask":
        return fuse_with_dask(claims_csv, method, out, trust_out, partitions, scheduler, summary)
    if partitions is not None or scheduler != "threads":
        raise click.UsageError("--partitions and --scheduler need --backend dask")
    from veracity.fusion.registry import DEFAULT_METHOD, get_method
    from veracity.ingest.claims_csv import read_claims_csv, write_trust_csv, write_truth_csv

    estimator_cls = get_method(method or DEFAULT_METHOD)  # a bad name fails before reading
    t0 = time.perf_counter()
    data = read_claims_csv(claims_csv, python_labels=False)  # labels stay Arrow arrays
    t1 = time.perf_counter()
    estimator = estimator_cls().fit(data.claims)
    t2 = time.perf_counter()
    write_truth_csv(out, data, estimator)
    if trust_out is not None:
        write_trust_csv(trust_out, data, estimator)
    t3 = time.perf_counter()
    c = data.claims
    state = "converged" if estimator.converged_ else "did not converge"
    _report(
        summary,
        {
            "method": estimator.name,
            "backend": "memory",
            "claims": c.n_claims,
            "items": c.n_items,
            "sources": c.n_sources,
            "iterations": estimator.iterations_,
            "converged": bool(estimator.converged_),
            "seconds": {"read": t1 - t0, "fit": t2 - t1, "write": t3 - t2},
            "output": str(out),
            "trust": str(trust_out) if trust_out else None,
        },
        f"{estimator.name}: {c.n_claims:,} claims, {c.n_items:,} items, {c.n_sources:,} sources; "
        f"{estimator.iterations_} iterations, {state}; "
        f"read {t1 - t0:.2f}s, fit {t2 - t1:.2f}s, write {t3 - t2:.2f}s -> {out}",
    )


def _report(summary: Output, data: dict, text: str) -> None:
    """The run's figures: a line on stderr (stdout stays free), or JSON on stdout with --json."""
    if summary.format == "json":
        summary.summary(data, text)
    else:
        click.echo(text, err=True)


def fuse_with_dask(
    claims: Path,
    method: str | None,
    out: Path,
    trust_out: Path | None,
    partitions: int | None,
    scheduler: str,
    summary: Output,
) -> None:
    """``veracity fuse --backend dask``: read lazily, fit by map-reduce, write as results come."""
    from veracity.cli.options import stderr_console
    from veracity.errors import InputError
    from veracity.fusion.distributed import DEFAULT_DASK_METHOD, get_dask_method
    from veracity.fusion.distributed.partitions import partition_claims
    from veracity.fusion.distributed.scheduler import dask_scheduler
    from veracity.ingest.claims_dask import (
        read_claims_frame,
        write_result_frame,
        write_trust_frame,
    )

    with contextlib.ExitStack() as stack:
        try:  # Dask present and the scheduler known (or reached) before anything is read
            run_on = stack.enter_context(dask_scheduler(scheduler))
        except InputError as exc:
            raise click.BadParameter(
                f"{exc.message}: {exc.fix}", param_hint="--scheduler"
            ) from None
        estimator_cls = get_dask_method(method or DEFAULT_DASK_METHOD)
        t0 = time.perf_counter()
        frame = read_claims_frame(claims)
        console = stderr_console()
        status = stack.enter_context(
            console.status("reading and partitioning the claims by item…")
            if console.is_terminal
            else contextlib.nullcontext()
        )
        parts = partition_claims(frame, npartitions=partitions, scheduler=run_on)
        if status is not None:
            parts.on_pass = lambda n: status.update(
                f"{estimator_cls.name}: pass {n} over the claims"
            )
        estimator = estimator_cls().fit(parts)
        if status is not None:
            status.update("writing the results…")
        t1 = time.perf_counter()
        rows = write_result_frame(estimator.truth_, out, scheduler=run_on)
        if trust_out is not None:
            write_trust_frame(estimator.trust_frame(), trust_out)
        t2 = time.perf_counter()
        c = estimator.claims_
        state = "converged" if estimator.converged_ else "did not converge"
        _report(
            summary,
            {
                "method": estimator.name,
                "backend": "dask",
                "partitions": c.n_partitions,
                "claims": c.n_claims,
                "items": rows,
                "sources": c.n_sources,
                "iterations": estimator.iterations_,
                "converged": bool(estimator.converged_),
                "seconds": {"read_fit": t1 - t0, "write": t2 - t1},
                "output": str(out),
                "trust": str(trust_out) if trust_out else None,
            },
            f"{estimator.name} (dask, {c.n_partitions} partitions): {c.n_claims:,} claims, "
            f"{rows:,} items, {c.n_sources:,} sources; {estimator.iterations_} iterations, "
            f"{state}; read+fit {t1 - t0:.2f}s, write {t2 - t1:.2f}s -> {out}",
        )
        c.close()


def register(group: click.Group) -> None:
    group.add_command(fuse)
