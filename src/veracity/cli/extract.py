"""``veracity extract``, ``veracity ingest`` and ``veracity correct``: thin wrappers over
veracity.extract and veracity.ingest."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from typing import Any

import click

from veracity.cli.options import (
    Output,
    db_option,
    open_store_from_ctx,
    output_options,
    stderr_console,
    summary_option,
)
from veracity.errors import InputError
from veracity.model import Document, Stance

TIME_BUDGET_HELP = (
    "Seconds of extraction per document before it is refused whole (exit 2); 0: no limit."
)
MAX_BYTES_HELP = "Largest file read; a larger one is refused whole (exit 2)."


def _extractor(model: str | None, time_budget: float = 0):
    """An Extractor whose pipeline is loaded when a text first needs parsing (an unknown
    ``--model`` is refused now all the same)."""
    from veracity.extract import Extractor, load_pipeline
    from veracity.extract.pipeline import check_model_name

    check_model_name(model)
    return Extractor(lambda: load_pipeline(model), time_budget=time_budget or None)


def _read(file: str, encoding: str | None, max_bytes: int) -> str:
    from veracity.ingest.documents import decode_text, read_text_file

    if file == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(f"standard input is over {max_bytes:,} bytes", file="-")
        return decode_text(data, name="-", encoding=encoding)
    return read_text_file(file, encoding=encoding, max_bytes=max_bytes)


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@click.option("--encoding", default=None, help="Text encoding of the files (default UTF-8).")
@click.option("--model", default=None, help='spaCy pipeline to use, or "blank" for rules only.')
@click.option(
    "--max-bytes",
    default=10 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1),
    help=MAX_BYTES_HELP,
)
@click.option(
    "--time-budget",
    default=600.0,
    show_default=True,
    type=click.FloatRange(0),
    help=TIME_BUDGET_HELP,
)
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Parser processes (worth it from a few dozen files).",
)
@output_options
def extract(
    files: tuple[str, ...],
    encoding: str | None,
    model: str | None,
    max_bytes: int,
    time_budget: float,
    jobs: int,
    output: Output,
) -> None:
    """Print who said what in each FILE, without touching the store: one record per
    attribution (file, speaker, cue, content, stance, cites, character spans).

    Spans are character offsets into the file's text as read (UTF-8 unless --encoding). Long
    texts are parsed in paragraph batches of 100,000 characters, so memory does not grow with
    the file; nothing is printed unless every file was read and extracted in time.
    """
    from veracity.extract.extractor import ExtractionBudgetError

    texts = [(f, _read(f, encoding, max_bytes)) for f in files]  # all readable, or none printed
    extractor = _extractor(model, time_budget)
    found = extractor.extract_many([t for _, t in texts], n_process=min(jobs, len(texts)))
    results = []
    for name, _ in texts:  # all extracted in time before anything is printed
        try:
            results.append(next(found))
        except ExtractionBudgetError as exc:
            exc.file = name
            raise
    unnamed = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal unnamed
        for (name, _), atts in zip(texts, results, strict=True):
            for a in atts:
                unnamed += a.speaker is None
                yield a.as_json(name)

    total = output.records(
        rows(),
        columns=("file", "speaker", "cue", "stance", "cites", "content"),
        title="Attributions",
        empty="No attributions found.",
    )
    _summary(total, unnamed)


def _summary(total: int, unnamed: int) -> None:
    """On stderr, so that the records on stdout stay records."""
    click.echo(
        f"{total} attributions, {unnamed} without a speaker (a pronoun or quantifier that "
        "names no one earlier in the text, or no subject found)",
        err=True,
    )


class _Named:
    """An extractor that names the document whose extraction ran past its time budget."""

    def __init__(self, extractor, names: dict[str, str]) -> None:
        self._extractor = extractor
        self.nlp = extractor.nlp
        self._names = names

    def extract(self, text: str):
        from veracity.extract.extractor import ExtractionBudgetError

        try:
            return self._extractor.extract(text)
        except ExtractionBudgetError as exc:
            exc.file = exc.file or self._names.get(text)
            raise


def _one_by_one(inputs: tuple[str, ...]) -> Iterator[str]:
    """The inputs, a directory's readable files one by one (as ``read_input`` reads them), so
    that every document can be named by its file when it is refused."""
    from pathlib import Path

    from veracity.ingest.fetch import is_url
    from veracity.ingest.inputs import READABLE_SUFFIXES

    for spec in inputs:
        path = Path(spec)
        if is_url(spec) or not path.is_dir():
            yield spec
            continue
        yield from (
            str(p)
            for p in sorted(path.rglob("*"))
            if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
        )


class _Extracted:
    """An extractor whose answers for the given texts were computed up front in ``jobs``
    processes (ingest stores documents one by one); any other text is extracted on demand."""

    def __init__(self, extractor, texts: list[str], jobs: int) -> None:
        self._extractor = extractor
        self.nlp = extractor.nlp  # ingest parses a few sentences itself (questions, clauses)
        results = extractor.extract_many(texts, n_process=min(jobs, max(1, len(texts))))
        self._done = dict(zip(texts, results, strict=True))

    def extract(self, text: str):
        found = self._done.pop(text, None)
        return found if found is not None else self._extractor.extract(text)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|FEED…")
@click.option("--encoding", default=None, help="Text encoding of files (default UTF-8).")
@click.option(
    "--timeout",
    default=15.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds per URL, redirects included.",
)
@click.option(
    "--max-bytes",
    default=10 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1),
    help="Largest file or response read; a larger one is refused whole.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Fetch loopback, private and link-local addresses too (refused by default, on every "
    "redirect and feed link).",
)
@click.option(
    "--feed-timeout",
    default=120.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds for a feed and every page it links to; a feed not read in time is refused whole.",
)
@click.option(
    "--time-budget",
    default=600.0,
    show_default=True,
    type=click.FloatRange(0),
    help=TIME_BUDGET_HELP,
)
@click.option("--no-follow", is_flag=True, help="Read feed entries' own text; fetch no links.")
@click.option(
    "--reextract",
    is_flag=True,
    help="Extract again from documents already stored (corrections are kept).",
)
@click.option("--model", default=None, help='spaCy pipeline to use, or "blank" for rules only.')
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Parser processes for the new documents (worth it from a few dozen).",
)
@click.option(
    "--grouping",
    type=click.Choice(["embeddings", "keywords"]),
    default="embeddings",
    show_default=True,
    help="How statements are grouped into propositions: the shipped sentence-embedding model "
    "(with names and dates), or content words, names and dates only.",
)
@click.option(
    "--source",
    default=None,
    metavar="NAME",
    help="Whose voice the documents' own sentences are (default: the publisher named by the "
    "page, the feed, a byline or the URL).",
)
@click.option(
    "--no-voice", is_flag=True, help="Store quoted speakers only, not the documents' own."
)
@click.option(
    "--claim",
    default=None,
    metavar="TEXT",
    help="Link each statement and each document's voice to this claim with its stance toward "
    "it (supports → asserts, refutes → denies, discusses → hedges).",
)
@click.option(
    "--proposition",
    default=None,
    metavar="ID",
    help="Like --claim, for a proposition already in the store.",
)
@click.option(
    "--stance-model",
    default=None,
    metavar="PATH",
    help="Claim-stance model (from veracity stance train) for --claim and grouping.",
)
@db_option
@summary_option
def ingest(
    inputs: tuple[str, ...],
    encoding: str | None,
    timeout: float,
    max_bytes: int,
    allow_private: bool,
    feed_timeout: float,
    time_budget: float,
    no_follow: bool,
    reextract: bool,
    model: str | None,
    jobs: int,
    grouping: str,
    source: str | None,
    no_voice: bool,
    claim: str | None,
    proposition: str | None,
    stance_model: str | None,
    db: str | None,
    output: Output,
) -> None:
    """Read texts, Markdown, HTML, URLs and RSS/Atom feeds; store them and who said what.

    Documents are deduplicated by content hash and kept verbatim. An input that cannot be read
    is named with the reason and stored not at all; the exit code is then 2. Each document's
    headline, lead and own debunks or hedges are statements by its source (--source, else the
    publisher found); --claim or --proposition links what is about that claim to it.
    """
    from veracity.ingest.inputs import deduplicate, read_input
    from veracity.ingest.statements import ingest_documents

    console = stderr_console()
    if claim is not None and proposition is not None:
        raise click.UsageError("give --claim or --proposition, not both")
    if claim is not None and not claim.strip():
        raise click.BadParameter("the claim is empty; give its text", param_hint="--claim")
    stance = None
    if stance_model:
        from veracity.stance import load_model

        stance = load_model(stance_model)
    docs: list[Document] = []
    problems: list[InputError] = []
    origin: dict[str, str] = {}  # a document's text -> where it came from, for error messages
    for spec in _one_by_one(inputs):
        got = read_input(
            spec,
            follow_links=not no_follow,
            timeout=timeout,
            max_bytes=max_bytes,
            encoding=encoding,
            allow_private=allow_private,
            feed_timeout=feed_timeout,
        )
        docs.extend(got.documents)
        problems.extend(got.problems)
        for d in got.documents:
            where = d.url or spec
            origin.setdefault(d.text, where if len(got.documents) == 1 else f"{where} ({d.id})")
    unique = deduplicate(docs)
    store = open_store_from_ctx()
    extractor = _extractor(model, time_budget)
    if jobs > 1:
        todo = [
            d.text for d in unique if reextract or store.document_by_hash(d.content_hash) is None
        ]
        extractor = _Extracted(extractor, todo, jobs)
    named: Any = _Named(extractor, origin)  # as an Extractor
    from rich.progress import (  # here: 0.05-0.15 s of start-up that extract does not need
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with bar:
        task = bar.add_task("ingest", total=len(unique))
        report = ingest_documents(
            store,
            unique,
            named,
            reextract=reextract,
            progress=lambda _d: bar.advance(task),
            embedder="auto" if grouping == "embeddings" else None,
            source=source,
            voice=not no_voice,
            claim=claim,
            proposition=proposition,
            stance_model=stance,
        )
    for p in problems:
        click.echo(f"Error: {p}", err=True)
    dup = report.duplicates + (len(docs) - len(unique))
    contradictions = list(dict.fromkeys(report.contradictions))  # once each
    lines = [
        f"{report.documents} documents stored ({dup} duplicates skipped), "
        f"{report.statements} statements, {report.sources} new sources, "
        f"{report.propositions} new propositions"
        + (f", {report.kept_corrected} corrected statements kept" if report.kept_corrected else "")
        + (
            f", {report.without_speaker} attributions without a speaker left out"
            if report.without_speaker
            else ""
        )
        + (f", {report.not_claims} not claims left out" if report.not_claims else "")
        + (f"; {report.voice} in the documents' own voice" if report.voice else "")
        + (f"; {report.linked} linked to the claim" if claim or proposition else "")
    ]
    if report.voiceless:
        lines.append(
            f"{report.voiceless} documents name no publisher (no URL, metadata or byline): their "
            "own sentences were left out; give --source NAME to count them"
        )
    lines += [
        f"contradiction: {pid} is asserted and denied — veracity statements --proposition {pid}"
        for pid in contradictions
    ]
    lines += [
        f"document {doc_id}: veracity statements --document {doc_id}"
        for doc_id in report.document_ids
    ]
    output.summary(
        {
            "documents": report.documents,
            "duplicates": dup,
            "statements": report.statements,
            "new_sources": report.sources,
            "new_propositions": report.propositions,
            "kept_corrected": report.kept_corrected,
            "without_speaker": report.without_speaker,
            "not_claims": report.not_claims,
            "own_voice": report.voice,
            "no_publisher": report.voiceless,
            "linked_to_claim": report.linked if claim or proposition else None,
            "contradictions": contradictions,
            "document_ids": list(report.document_ids),
            "problems": [str(p) for p in problems],
        },
        "\n".join(lines),
    )
    if problems:
        sys.exit(2)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container): say so, do not crash
        return "unknown"


@click.command()
@click.argument("statement_id")
@click.option("--stance", type=click.Choice([s.value for s in Stance]), default=None)
@click.option("--source", "source_id", default=None, metavar="ID", help="The right speaker.")
@click.option("--proposition", "proposition_id", default=None, metavar="ID")
@click.option(
    "--who",
    default=lambda: _login_name(),
    show_default="your login name",
    help="Who makes the correction (kept in its history).",
)
@click.option("--why", default="", help="Why (kept in the correction's history).")
@db_option
def correct(
    statement_id: str,
    stance: str | None,
    source_id: str | None,
    proposition_id: str | None,
    who: str,
    why: str,
    db: str | None,
) -> None:
    """Correct an extracted statement's speaker, stance or proposition.

    The statement is marked corrected: re-running ingest never overwrites it. Each change is
    kept with who, when, old and new value, and why.
    """
    from veracity.store.corrections import correct_statement

    given = {"stance": stance, "source_id": source_id, "proposition_id": proposition_id}
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        raise InputError("nothing to correct", fix="give --stance, --source or --proposition")
    correct_statement(open_store_from_ctx(), statement_id, who=who, why=why, **changes)
    click.echo(f"statement {statement_id} corrected")


def register(group: click.Group) -> None:
    for command in (extract, ingest, correct):
        group.add_command(command)
