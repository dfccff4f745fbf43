"""Where a Dask fit runs: a scheduler name or address turned into what ``fit`` and the
writers take, with whatever it needs (a client, a process pool) closed when the run ends.

``veracity fuse --backend dask --scheduler NAME`` calls :func:`dask_scheduler`; so can a notebook.

>>> with dask_scheduler("synchronous") as run_on:
...     run_on
'synchronous'
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from veracity.errors import ConfigError, InputError

#: the local schedulers Dask knows by name; anything with ``://`` is a distributed scheduler
LOCAL_SCHEDULERS = ("threads", "processes", "synchronous")


@contextlib.contextmanager
def dask_scheduler(scheduler: str = "threads") -> Iterator[object]:
    """Yield what to pass as ``scheduler=`` for ``scheduler``: a local scheduler's name or a
    ``distributed.Client`` for ``tcp://HOST:PORT``.

    ``processes`` gets one pool of spawned processes for the whole run (each pass over the
    claims would otherwise start its own). Raises InputError for an unknown name and
    ConfigError when Dask is missing or the scheduler cannot be reached.
    """
    try:
        import dask
    except ImportError:
        raise ConfigError("--backend dask needs Dask: pip install 'veracity[dask]'") from None
    if "://" not in scheduler and scheduler not in LOCAL_SCHEDULERS:
        raise InputError(
            f"unknown Dask scheduler {scheduler!r}",
            field="scheduler",
            fix=f"use {', '.join(LOCAL_SCHEDULERS)} or a distributed scheduler's tcp://HOST:PORT",
        )
    with contextlib.ExitStack() as stack:
        run_on: object = scheduler
        if "://" in scheduler:
            try:
                from distributed import Client

                client = Client(scheduler, timeout="10s")
            except (ImportError, OSError) as exc:
                raise ConfigError(f"cannot use the Dask scheduler {scheduler}: {exc}") from None
            stack.callback(client.close)
            run_on = client
        elif scheduler == "processes":
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            pool = stack.enter_context(
                ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn"))
            )
            stack.enter_context(dask.config.set(pool=pool))
        yield run_on
