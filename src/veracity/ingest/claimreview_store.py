"""ClaimReviews into the store as track records, in one transaction: claimants become sources
(matched through the ingest resolver), claims propositions (one per distinct claim text), each
claimant's assertion a statement, and each verdict a resolution whose source is the
fact-checker. Ids come from the content (``cr-…``), so a second import of a feed adds nothing.
Reading the JSON-LD is ``claimreview.py``; the module docstring there says what becomes what.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from veracity.errors import InputError
from veracity.ingest.claimreview import NAME_LIMIT, ClaimReview, ClaimReviewReader, Party
from veracity.ingest.claimreview_jsonld import (
    JsonLdProblem,
    check_size,
    check_text,
)
from veracity.ingest.sources import SourceResolver
from veracity.model import Proposition, Resolution, SourceKind, Stance, Statement
from veracity.store import RecordError, Store
from veracity.store.source_aliases import add_aliases, set_parents


@dataclass(slots=True)
class ClaimReviewImport:
    """What one import did, for the CLI's summary and for tests."""

    reviews: int = 0
    resolutions: int = 0
    true: int = 0
    false: int = 0
    unresolved: Counter[str] = field(default_factory=Counter)  # verdict kind -> reviews
    estimates: int = 0
    incomplete: Counter[str] = field(default_factory=Counter)  # reason -> reviews left out
    sources_new: int = 0
    sources_matched: int = 0
    propositions_new: int = 0
    propositions_matched: int = 0
    statements: int = 0
    already_stored: int = 0  # records the store held from an earlier import
    nameless_claimants: int = 0  # a claimant named only by a pronoun ("he"): no statement

    def summary(self) -> str:
        parts = [
            f"{self.reviews} reviews",
            f"{self.resolutions} resolutions ({self.true} true, {self.false} false)",
        ]
        if self.unresolved:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.unresolved.items()))
            parts.append(f"{sum(self.unresolved.values())} without a verdict ({kinds})")
        if self.estimates:
            parts.append(f"{self.estimates} model estimates (no resolution)")
        if self.incomplete:
            parts.append(f"{sum(self.incomplete.values())} incomplete reviews left out")
        parts.append(
            f"{self.statements} statements, {self.propositions_new} new propositions "
            f"({self.propositions_matched} already stored), {self.sources_new} new sources "
            f"({self.sources_matched} matched)"
        )
        if self.already_stored:
            parts.append(f"{self.already_stored} records already in the store")
        if self.nameless_claimants:
            parts.append(f"{self.nameless_claimants} claimants named only by a pronoun (skipped)")
        return "; ".join(parts)


def import_claimreviews(
    store: Store, path: str | Path, *, skip_incomplete: bool = False
) -> ClaimReviewImport:
    """Import a ClaimReview page or feed into ``store`` in one transaction (see the module
    docstring); an ``InputError`` names the file and the JSON-pointer path of a bad field, and
    the store is left as it was."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", file=str(path), fix="check the path")
    reader = ClaimReviewReader(skip_incomplete)
    try:
        check_size(p.stat().st_size)  # before the file is read into memory
        reviews = list(reader.read(p.read_bytes()))
    except JsonLdProblem as problem:
        raise problem.error(str(path)) from None
    report = write_claimreviews(store, reviews)
    report.incomplete.update(reader.incomplete)
    return report


def write_claimreviews(store: Store, reviews: Iterable[ClaimReview]) -> ClaimReviewImport:
    """Write reviews already read (or built by hand, as the LIAR benchmark does) in one
    transaction; ids come from the content, and records already stored are left alone."""
    reviews = list(reviews)
    report = ClaimReviewImport(reviews=len(reviews))
    with store.transaction() as tx:
        sources = _SourceMatcher(SourceResolver.from_store(tx))
        propositions = _PropositionMatcher((p.id, p.text) for p in tx.stream("propositions"))
        new_props: dict[str, Proposition] = {}
        statements: dict[str, Statement] = {}
        resolutions: dict[str, Resolution] = {}
        for review in reviews:
            prop_id, is_new = propositions.match(review.claim)
            if is_new and prop_id not in new_props:
                new_props[prop_id] = Proposition(id=prop_id, text=review.claim)
            for claimant in review.claimants:
                sid = sources.match(claimant)
                if sid is None:  # only a pronoun or a quantifier: names no source
                    report.nameless_claimants += 1
                    continue
                st_id = _content_id("st", sid, prop_id)
                earlier = statements.get(st_id)
                if earlier is None or _earlier(review.claim_date, earlier.time):
                    statements[st_id] = Statement(
                        id=st_id,
                        source_id=sid,
                        proposition_id=prop_id,
                        stance=Stance.ASSERTS,
                        time=review.claim_date,
                        quote=review.claim,
                        reference=review.appearance or review.url,
                    )
            verdict = review.verdict
            if review.estimate:
                report.estimates += 1
                continue
            if verdict.value is None:
                report.unresolved[verdict.kind] += 1
                continue
            checker = None
            if review.checker is not None:
                checker = sources.match(review.checker, checker=True)
            res_id = _content_id("res", review.url or "", checker or "", prop_id, verdict.value)
            when = review.date.date() if isinstance(review.date, datetime) else review.date
            who = review.checker.name if review.checker is not None else "a fact-checker"
            resolutions[res_id] = Resolution(
                id=res_id,
                proposition_id=prop_id,
                value=verdict.value,
                reference=review.url,
                resolved_on=when,
                note=f"{who}: {verdict.reason}",
                source_id=checker,
            )
        new_sources, aliases, parents = sources.resolver.take_new()
        report.sources_new = len(new_sources)
        report.sources_matched = len(sources.matched)
        report.propositions_new = len(new_props)
        report.propositions_matched = len(propositions.matched)
        fresh_st = _fresh(tx, "statements", statements, propositions.matched)
        fresh_res = _fresh(tx, "resolutions", resolutions, propositions.matched)
        report.already_stored = len(statements) - len(fresh_st) + len(resolutions) - len(fresh_res)
        # The latest verdict on a proposition is the one track records use: write in date order.
        ordered = sorted(fresh_res, key=lambda r: (r.resolved_on is not None, r.resolved_on or 0))
        try:
            tx.add_sources(new_sources)
            add_aliases(tx, aliases)
            if parents:
                set_parents(tx, parents)
            tx.add_propositions(new_props.values())
            tx.add_statements(fresh_st)
            tx.add_resolutions(ordered)
        except RecordError as exc:  # the checks above should make this unreachable
            raise InputError(exc.message, field=exc.field, fix=exc.fix) from None
        report.statements = len(fresh_st)
        report.resolutions = len(fresh_res)
        report.true = sum(r.value == "true" for r in fresh_res)
        report.false = len(fresh_res) - report.true
    return report


def _fresh(tx: Any, kind: str, records: dict[str, Any], stored_props: set[str]) -> list[Any]:
    """The records the store does not hold yet. Only those on a stored proposition can be
    there (their ids hang on the proposition's), so a first import asks the store nothing."""
    maybe = [rid for rid, r in records.items() if r.proposition_id in stored_props]
    stored = tx.existing_ids(kind, maybe) if maybe else set()
    return [r for rid, r in records.items() if rid not in stored]


def _earlier(a: date | datetime | None, b: date | datetime | None) -> bool:
    if a is None:
        return False
    if b is None:
        return True
    return _day(a) < _day(b)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _content_id(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"cr-{kind}-{digest}"


def normalise_claim(text: str) -> str:
    """Claim text as matched against stored propositions: case, quotes and spacing folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[\"'\u201c\u201d\u2018\u2019\u00ab\u00bb]", "", folded)
    return " ".join(folded.split()).rstrip(".")


def normalise_name(name: str) -> str:
    """A source name as matched: accents, case, punctuation and a leading "the" folded."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words) or name.casefold()


class _PropositionMatcher:
    """One proposition per distinct claim text, joining a stored one with the same text."""

    def __init__(self, stored: Iterable[tuple[str, str]]) -> None:
        self.by_text: dict[str, str] = {}
        for pid, text in stored:
            self.by_text.setdefault(normalise_claim(text), pid)
        self.stored = set(self.by_text.values())
        self.matched: set[str] = set()

    def match(self, claim: str) -> tuple[str, bool]:
        key = normalise_claim(claim)
        found = self.by_text.get(key)
        if found is not None:
            if found in self.stored:
                self.matched.add(found)
            return found, found not in self.stored
        pid = _content_id("prop", key)
        self.by_text[key] = pid
        return pid, True


class _SourceMatcher:
    """Claimants and fact-checkers to source ids through the ingest resolver
    (``ingest.sources.SourceResolver``): one source per real-world speaker, so "Dmitri Peskov"
    in a review joins the "Dmitry Peskov" that ingest stored, and the name as written becomes an
    alias. A fact-checker is matched as an outlet (by its site first). A source this import
    creates keeps the kind its JSON-LD ``@type`` gave (a fact-checker is an outlet) and its URL.
    """

    def __init__(self, resolver: SourceResolver) -> None:
        self.resolver = resolver
        self.stored = frozenset(resolver.sources)
        self.matched: set[str] = set()
        self.seen: dict[tuple[str, SourceKind, bool], str | None] = {}

    def match(self, party: Party, *, checker: bool = False) -> str | None:
        key = (party.name, party.kind, checker)
        if key in self.seen:
            return self.seen[key]
        check_text(party.name, "", what="name", limit=NAME_LIMIT)
        r = self.resolver
        if checker:
            sid = r.outlet(name=party.name, url=party.url)
        else:
            label = "PERSON" if party.kind is SourceKind.PERSON else "ORG"
            sid = r.resolve(party.name, label=label, described=False)
        if sid is not None:
            if sid in self.stored:
                self.matched.add(sid)
            else:
                self._keep_kind(sid, party)
        self.seen[key] = sid
        return sid

    def _keep_kind(self, sid: str, party: Party) -> None:
        r = self.resolver
        for i, s in enumerate(r.new_sources):
            if s.id == sid and (s.kind is not party.kind or (party.url and not s.url)):
                updated = replace(s, kind=party.kind, url=s.url or party.url)
                r.new_sources[i] = updated
                r.sources[sid] = updated
