"""Documents into the store with the statements extracted from them, one transaction each.

Speakers become sources through :class:`~veracity.ingest.sources.SourceResolver` (one source
per real-world speaker: name variants and aliases match stored sources), propositions come from
grouping the statements (joining stored propositions when close enough), statement ids are
``<document id>:<content start>`` so that re-extracting the same text gives the same ids — and
``add_statements(replace=True)`` then keeps every statement an analyst corrected.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from veracity.extract import Attribution, Extractor
from veracity.extract.canonical import attribution_problem, not_a_proposition
from veracity.extract.cues import word_set
from veracity.extract.embedding import Embedder
from veracity.extract.grouping import PAIRS_CHECKED, group_attributions, proposition_text
from veracity.extract.mentions import is_nameless
from veracity.extract.speaker import guess_label
from veracity.extract.voice import (
    VOICE,
    VOICE_CUE,
    document_voice,
    origin_url,
    publisher_name,
)
from veracity.ingest.linking import claim_target, link_to_claim
from veracity.ingest.sources import SourceResolver
from veracity.model import Document, Proposition, SourceKind, Stance, Statement

# Kept for the importers that name sources by a slug (ClaimReview, LIAR); extracted speakers
# go through ingest.sources.SourceResolver instead.
OUTLET_WORDS = word_set(
    """
    post times news journal herald tribune guardian telegraph press agency reuters ap afp
    bbc cnn fox msnbc nbc abc cbs npr tass ria interfax network tv radio magazine gazette
    """
)
INSTITUTION_WORDS = word_set(
    """
    kremlin ministry department office house council committee commission party campaign
    government administration court police army navy bank company senate congress parliament
    embassy agency union
    """
)
GROUP_WORDS = word_set(
    """
    people officials sources aides insiders analysts experts critics residents voters team
    """
)


def source_id(name: str) -> str:
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)  # The Kremlin = Kremlin
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60]
    return f"src-{slug or hashlib.sha1(name.encode()).hexdigest()[:8]}"


def source_kind(name: str) -> SourceKind:
    words = re.findall(r"[a-z]+", name.lower())
    if not words:
        return SourceKind.OTHER
    if words[-1] in OUTLET_WORDS or any(w in ("post", "times", "news") for w in words):
        return SourceKind.OUTLET
    if any(w in INSTITUTION_WORDS for w in words):
        return SourceKind.INSTITUTION
    if words[0] in GROUP_WORDS or words[-1] in GROUP_WORDS or "familiar" in words:
        return SourceKind.GROUP
    if name[:1].isupper():
        return SourceKind.PERSON
    return SourceKind.OTHER


def proposition_id(text: str) -> str:
    return "prop-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class IngestReport:
    """What one ``ingest`` did: counts, and the contradictions it found."""

    documents: int = 0
    duplicates: int = 0
    statements: int = 0
    kept_corrected: int = 0
    without_speaker: int = 0
    sources: int = 0
    propositions: int = 0
    contradictions: list[str] = field(default_factory=list)  # proposition ids
    document_ids: list[str] = field(default_factory=list)
    not_claims: int = 0  # attributions left out: questions, hypotheses, fragments, intentions
    voice: int = 0  # statements in a document's own voice
    linked: int = 0  # statements linked to the analyst's claim (``claim=`` / ``proposition=``)
    # documents whose own sentences were left out: no publisher, URL or byline named their voice
    voiceless: int = 0


def ingest_documents(
    store,
    documents: Iterable[Document],
    extractor: Extractor,
    *,
    reextract: bool = False,
    progress: Callable[[Document], None] | None = None,
    embedder: Embedder | None | Literal["auto"] = "auto",
    source: str | None = None,
    voice: bool = True,
    claim: str | None = None,
    proposition: str | None = None,
    stance_model=None,
) -> IngestReport:
    """Store new documents (by content hash) and their statements; re-extract known ones only
    when asked, never overwriting an analyst's correction. ``embedder`` is passed to
    :func:`group_attributions` (``None``: group by content words only).

    Attributions that are no claim (in a question or the author's hypothesis, a fragment, an
    intention) are left out. With ``voice`` the document's own claims become statements by
    its source: ``source`` if given, else the publisher found in the document
    (:func:`veracity.extract.voice.publisher_name`).

    With ``claim`` (a text) or ``proposition`` (a stored id), each statement and the document's
    voice is linked to that proposition with its stance toward it, by claim stance
    (:mod:`veracity.ingest.linking`; ``stance_model`` from ``veracity.stance.load_model``);
    what is not about it is grouped as usual."""
    report = IngestReport()
    relate = claim_relation(stance_model)
    target = None
    if claim is not None or proposition is not None:
        target = claim_target(store, claim=claim, proposition=proposition, new_id=proposition_id)
        if target.new:  # the analyst's claim is stored whether or not a document is about it
            with store.transaction() as tx:
                tx.add_propositions([Proposition(id=target.id, text=target.text)])
    # read once and kept up to date: reading every proposition and source per document made
    # ingest quadratic in the size of the store
    existing = [(p.id, p.text) for p in store.propositions()]
    known_props = {pid for pid, _ in existing}
    resolver = SourceResolver.from_store(store)
    for doc in documents:
        stored = store.document_by_hash(doc.content_hash)
        if stored is not None and not reextract:
            report.duplicates += 1
            if progress:
                progress(doc)
            continue
        doc = stored or doc
        atts = [a for a in extractor.extract(doc.text)]
        # a speaker only a pronoun or a quantifier names no source (any extractor's output)
        atts = [
            a if a.speaker and not is_nameless(a.speaker) else a.with_(speaker=None) for a in atts
        ]
        report.without_speaker += sum(1 for a in atts if not a.speaker)
        atts = [a for a in atts if a.speaker]
        nlp = getattr(extractor, "nlp", None)
        claims = [a for a in atts if not attribution_problem(a, doc.text, nlp)]
        report.not_claims += len(atts) - len(claims)
        voice_name = _voice_name(store, doc, source) if voice else None
        if voice and voice_name is None:
            report.voiceless += 1
        own = document_voice(doc.text, voice_name, claims, nlp=nlp) if voice_name else []
        # a debunk's proposition is what is left without its verdict: it too must be a claim
        own = [a for a in own if not not_a_proposition(proposition_text(a.content))]
        atts = sorted([*claims, *own], key=lambda a: a.content_span)
        linked: list[Attribution] = []
        if target is not None:
            linked, atts = link_to_claim(
                target.text, doc.text, atts, voice_name or _unnamed(doc), model=stance_model
            )
            report.linked += len(linked)
            if not voice_name and any(a.kind == VOICE for a in linked):
                voice_name = _unnamed(doc)
        groups = group_attributions(
            [(doc.id, a) for a in atts], existing=existing, embedder=embedder, relate=relate
        )
        groups, keep = _without_asides(groups, atts)
        doc = _with_outlet(_dated(doc), resolver, voice_name, stored is None)
        speakers, cited = _resolve_speakers(resolver, doc, [*atts, *linked])
        with store.transaction() as tx:
            # before the document: its outlet is one of them
            report.sources += _write_sources(tx, resolver)
            if stored is None:
                tx.add_documents([doc])
                report.documents += 1
            prop_of: dict[int, str] = {}
            new_props: list[Proposition] = []
            for g in groups:
                pid = g.id if g.existing else proposition_id(g.text)
                if not g.existing and pid not in {p.id for p in new_props}:
                    new_props.append(Proposition(id=pid, text=g.text))
                for k, i in enumerate(g.members):
                    prop_of[i] = pid
                    if g.stances and g.stances[k] is not atts[i].stance:
                        atts[i] = atts[i].with_(stance=g.stances[k])
                if g.contradiction or (
                    g.existing and _contradicts_stored(tx, pid, g, atts, speakers, relate)
                ):
                    report.contradictions.append(pid)
            if target is not None and linked:
                for k in range(len(linked)):
                    keep.add(len(atts) + k)
                    prop_of[len(atts) + k] = target.id
                sides = {
                    (speakers[len(atts) + k], a.stance)
                    for k, a in enumerate(linked)
                    if a.stance in (Stance.ASSERTS, Stance.DENIES)
                }
                before = [
                    (s.source_id, s.stance)
                    for s in tx.statements(proposition_id=target.id)
                    if s.document_id != doc.id
                ]
                if _opposed([*sides, *before]):
                    report.contradictions.append(target.id)
                atts = [*atts, *linked]
            new_props = [p for p in new_props if p.id not in known_props]
            tx.add_propositions(new_props)
            report.propositions += len(new_props)
            ids = statement_ids(doc.id, atts)
            nameless = {i for i in keep if not speakers[i]}  # the resolver found no source
            report.without_speaker += len(nameless)
            keep -= nameless
            statements = [
                _statement(doc, a, prop_of[i], ids[i], speakers[i], cited[i])
                for i, a in enumerate(atts)
                if i in keep
            ]
            statements = _not_recorded_elsewhere(tx, doc, statements)
            report.voice += sum(
                1 for i in keep if atts[i].kind == VOICE and ids[i] in {s.id for s in statements}
            )
            corrected = {s.id for s in tx.statements(document_id=doc.id) if s.corrected}
            report.kept_corrected += sum(1 for s in statements if s.id in corrected)
            tx.add_statements(statements, replace=True)
            report.statements += len(statements) - len(corrected & {s.id for s in statements})
        existing.extend((p.id, p.text) for p in new_props)  # committed: now known
        known_props.update(p.id for p in new_props)
        report.document_ids.append(doc.id)
        if progress:
            progress(doc)
    return report


def _not_recorded_elsewhere(tx, doc: Document, statements: list[Statement]) -> list[Statement]:
    """The statements, without those the store already records from this same article by
    another road: a statement by the same source on the same proposition whose reference is
    this document's address (its URL, or the one its text gives as its origin) but which is
    not this document's own — typically an analyst's hand-entered statement citing the
    article. That one wins; counting both counted one author twice, with two stances."""
    refs = {r for r in (doc.url, origin_url(doc.text)) if r}
    if not refs:
        return statements
    recorded = {
        (s.source_id, s.proposition_id)
        for pid in {st.proposition_id for st in statements}
        for s in tx.statements(proposition_id=pid)
        if s.document_id != doc.id and s.reference in refs
    }
    return [s for s in statements if (s.source_id, s.proposition_id) not in recorded]


def _opposed(sides) -> bool:
    """True when one source asserts what another denies."""
    asserting = {src for src, st in sides if st is Stance.ASSERTS}
    denying = {src for src, st in sides if st is Stance.DENIES}
    return bool(asserting and denying and (asserting | denying) != (asserting & denying))


def _unnamed(doc: Document) -> str:
    """A name for the voice of a document whose source nobody named: its title's author."""
    title = (doc.title or doc.id).strip()
    return f"author of “{title[:60]}{'…' if len(title) > 60 else ''}”"


def claim_relation(model=None, *, confidence: float = 0.5):
    """Claim stance as grouping asks for it (:data:`veracity.extract.grouping.Relate`): the
    stance of a text toward a proposition when it is about it more likely than not
    (``confidence``), else ``None``."""
    from veracity.stance import classify

    def relate(proposition: str, text: str) -> str | None:
        result = classify(proposition, text, model=model)
        if result.stance != "unrelated" and result.confidence >= confidence:
            return result.stance
        return None

    return relate


def _without_asides(groups, atts: list[Attribution]) -> tuple[list, set[int]]:
    """The groups and attribution indices to store, without the document's asides: body
    sentences asserted in its own voice that bear on no claim but their own (context,
    analysis). The headline and the lead always count; so does a body sentence that joins a
    proposition someone else states or one in the store, or that denies or hedges (a debunk,
    "reportedly": it takes a side on a claim in circulation)."""
    keep_groups, keep = [], set()
    for g in groups:
        aside = not g.existing and all(
            atts[i].kind == VOICE and atts[i].cue == VOICE_CUE and atts[i].stance is Stance.ASSERTS
            for i in g.members
        )
        if not aside:
            keep_groups.append(g)
            keep.update(g.members)
    return keep_groups, keep


def _voice_name(store, doc: Document, given: str | None) -> str | None:
    """Whose voice the document's own sentences are: ``given``, the publisher the input named,
    what the text says (byline of an opinion piece, URL), or the stored outlet's name."""
    name = publisher_name(doc.text, url=doc.url, publisher=doc.publisher, given=given)
    if name is None and doc.outlet_id:
        outlet = next((s for s in store.sources() if s.id == doc.outlet_id), None)
        name = outlet.name if outlet else None
    return name


def _with_outlet(
    doc: Document, resolver: SourceResolver, voice_name: str | None, new: bool
) -> Document:
    """The document with its outlet set: the publisher the input named, else its voice when that
    is an outlet's (not a byline's), else the outlet its URL names."""
    outlet = None
    if doc.publisher and doc.publisher.strip():
        # the publisher the input named is an outlet, whatever its name says ("USA Today")
        outlet = resolver.outlet(name=doc.publisher.strip(), url=doc.url)
    elif voice_name:
        sid = resolver.resolve(voice_name, described=False)
        if sid is not None and resolver.sources[sid].kind is SourceKind.OUTLET:
            outlet = sid
    elif doc.url:
        outlet = resolver.outlet(url=doc.url)
    if new and doc.outlet_id is None and outlet is not None:
        return dataclasses.replace(doc, outlet_id=outlet)
    return doc


def _contradicts_stored(
    tx, pid: str, group, atts: list[Attribution], speakers, relate=None
) -> bool:
    """True when the new statements on a stored proposition take the side opposite to a
    stored statement of another source (asserts vs denies) about the same claim: with
    ``relate`` (claim stance), the denial's proposition must be about the assertion, as in
    :func:`veracity.extract.grouping.opposed_about_one_claim`."""
    stored = [(s.source_id, s.stance, s.quote or "") for s in tx.statements(proposition_id=pid)]
    new = [(speakers[i], atts[i].stance, atts[i].content) for i in group.members]
    sides = {Stance.ASSERTS: Stance.DENIES, Stance.DENIES: Stance.ASSERTS}
    pairs = [
        (text, other_text) if stance is Stance.ASSERTS else (other_text, text)
        for src, stance, text in new
        for other_src, other, other_text in stored
        if src != other_src and sides.get(stance) == other
    ]
    if relate is None or not pairs:
        return bool(pairs)
    checked = PAIRS_CHECKED * PAIRS_CHECKED
    return any(
        relate(proposition_text(a), proposition_text(d)) is not None for a, d in pairs[:checked]
    )


def _resolve_speakers(
    resolver: SourceResolver, doc: Document, atts: list[Attribution]
) -> tuple[list[str], list[str | None]]:
    """Each attribution's source id and cited source id, by the resolver (one source per
    speaker across documents and the store; see ``ingest.sources``)."""
    speakers: list[str] = []
    cited: list[str | None] = []
    for a in atts:
        sid = resolver.resolve(
            a.speaker or "",
            label=a.speaker_label,
            role=a.role,
            parent=a.parent,
            document_id=doc.id,
            # the document's own voice is its publisher or author, named, not described
            described=a.speaker_label is None and a.kind != VOICE,
        )
        speakers.append(sid or resolver.resolve(a.speaker or "unnamed", described=True) or "")
        label = guess_label(a.cites) if a.cites else None
        cited.append(
            resolver.resolve(a.cites, document_id=doc.id, label=label, described=label is None)
            if a.cites
            else None
        )
    return speakers, cited


def _write_sources(tx, resolver: SourceResolver) -> int:
    """Write what the resolver found new: sources, their aliases, parents of stored sources."""
    from veracity.store.source_aliases import add_aliases, set_parents

    sources, aliases, parents = resolver.take_new()
    tx.add_sources(sources)
    add_aliases(tx, aliases)
    if parents:
        set_parents(tx, parents)
    return len(sources)


_DATELINE = re.compile(
    r"\b(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+"
    r"(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<day2>\d{1,2})\s+(?P<month2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r"\.?\s+(?P<year2>(?:19|20)\d\d)\b"
    r"|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"
)
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}


def document_date(text: str) -> datetime | None:
    """The date a text gives itself in its first lines ("November 12, 2024", "12 Nov 2024",
    "2024-11-12"), as a news article's dateline does; None when its head names no date.

    >>> document_date("# Title\\n\\nBy A. Writer\\n\\nNovember 12, 2024\\n\\nText")
    datetime.datetime(2024, 11, 12, 0, 0)
    """
    head = "\n".join(text.splitlines()[:12])[:800]
    m = _DATELINE.search(head)
    if m is None:
        return None
    try:
        if m.group("iso"):
            return datetime.fromisoformat(m.group("iso"))
        month = (m.group("month") or m.group("month2"))[:3].lower()
        day = int(m.group("day") or m.group("day2"))
        year = int(m.group("year") or m.group("year2"))
        return datetime(year, _MONTHS[month], day)
    except ValueError:
        return None


def _dated(doc: Document) -> Document:
    """The document with the date of its dateline when nothing else gave it one: each statement
    takes its document's date."""
    if doc.published is not None:
        return doc
    found = document_date(doc.text)
    return replace(doc, published=found) if found else doc


def statement_ids(document_id: str, atts: list[Attribution]) -> list[str]:
    """``document:content-start`` (stable across re-runs, so corrections find their statement);
    an attribution nested in another with the same start ("TAPPER: I think…", "according to Y"
    around "X said…") adds its cue's start."""
    ids, seen = [], set()
    for a in atts:
        sid = f"{document_id}:{a.content_span[0]}"
        if sid in seen:
            sid = f"{sid}:{a.cue_span[0]}"
        seen.add(sid)
        ids.append(sid)
    return ids


def _statement(
    doc: Document,
    a: Attribution,
    proposition: str,
    sid: str,
    source: str,
    cites: str | None,
) -> Statement:
    return Statement(
        id=sid,
        source_id=source,
        proposition_id=proposition,
        stance=a.stance,
        time=doc.published,
        quote=a.content,
        document_id=doc.id,
        span_start=a.content_span[0],
        span_end=a.content_span[1],
        cites_source_id=cites,
        reference=doc.url,
    )
