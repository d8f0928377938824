"""Reading the attendance chains as data: every link in chain order, and each session's head,
for the tranche request's snapshot (grants freezes and signs the heads) and the evidence pack
(which carries the links so a verifier without the database checks their order); checking a
chain (``verify_chain``, behind ``attendance_chain_verify``) and checking frozen heads against
the live chains (``chain_verify_against``).

A link is an HMAC-SHA-256 under an evidence key (``core.evidence_keys``); a link written before
keyed chains (``key_id`` empty) is a plain SHA-256, still checked, and counted apart as legacy:
someone who can write to the database could recompute such links, so they are shown, not
trusted as much. A legacy link after a keyed one cannot come from the platform (it writes keyed
links only, once it has them): that is a downgrade, a break.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.db.models import Count, Max

from core.evidence_keys import UnknownEvidenceKey, evidence_keys

from ..models import AttendanceRecord, ChainSeal


def chain_links(*, session_ids) -> Iterator[dict]:
    """Each link of the sessions' chains, session by session in chain order: ``session_id``,
    ``record_id``, ``key_id``, ``previous_hash``, ``content_hash``."""
    rows = (
        AttendanceRecord.objects.filter(session_id__in=list(session_ids))
        .order_by("session_id", "pk")
        .values_list("session_id", "pk", "key_id", "previous_hash", "content_hash")
    )
    for session_id, pk, key_id, previous_hash, content_hash in rows.iterator(chunk_size=2000):
        yield {
            "session_id": session_id,
            "record_id": pk,
            "key_id": key_id,
            "previous_hash": previous_hash,
            "content_hash": content_hash,
        }


def chain_heads(*, session_ids) -> dict[str, dict]:
    """Session id (as a string, for JSON) → ``{"head", "records"}``: the hash of the chain's
    last link and the number of links (two queries in all, whatever the number of records).
    A session with no record has the head ``""`` and 0 records."""
    session_ids = sorted(set(session_ids))
    heads = {str(pk): {"head": "", "records": 0} for pk in session_ids}
    per_session = (
        AttendanceRecord.objects.filter(session_id__in=session_ids)
        .values("session_id")
        .annotate(records=Count("pk"), last=Max("pk"))
        .order_by()
    )
    last_ids = {}
    for row in per_session:
        heads[str(row["session_id"])]["records"] = row["records"]
        last_ids[row["last"]] = str(row["session_id"])
    for pk, content_hash in AttendanceRecord.objects.filter(pk__in=list(last_ids)).values_list(
        "pk", "content_hash"
    ):
        heads[last_ids[pk]]["head"] = content_hash
    return heads


def latest_seals(*, session_ids) -> dict[int, ChainSeal]:
    """Session id → its latest seal (sessions never closed have none)."""
    seals: dict[int, ChainSeal] = {}
    for seal in ChainSeal.objects.filter(session_id__in=list(session_ids)).order_by("pk"):
        seals[seal.session_id] = seal
    return seals


# --- Checking a chain ------------------------------------------------------------------------

#: The codes of a break, in the order a reader meets them.
BREAK_CODES = (
    "content_mismatch",  # the link's HMAC (or legacy hash) is not that of the record's content
    "broken_link",  # previous_hash is not the previous record's hash: a record deleted/inserted
    "downgraded",  # a legacy (unkeyed) link after a keyed one
    "unknown_key",  # a link or seal under a key this deployment does not hold
    "seal_forged",  # a seal's mac is wrong
    "head_missing",  # the latest seal's head (or the closing report's) is not the chain's end
    "records_missing",  # the latest seal counts another number of records than the chain has
    "chain_deleted",  # a seal exists and the session has no record left
    "seal_missing",  # a closed session with keyed links and no seal: its seals were deleted
)


@dataclass(frozen=True)
class ChainBreak:
    """One problem of a chain: the record it names (None for the session's end), its code
    (``BREAK_CODES``), and the seal it concerns, if any."""

    record_id: int | None
    code: str
    seal_id: int | None = None


class ChainVerification(list):
    """The breaks of one session's chain (a list of ``ChainBreak``, links in chain order, then
    the seals' and the session end's), empty when the chain is intact, so ``== []`` and
    ``if breaks`` keep working; with what was checked beside them:

    ``session_id``; ``records`` (links in the chain); ``legacy_links`` (links with no key, plain
    SHA-256: they verify, they do not fail the chain, but a database writer could have
    recomputed them, so they are shown); ``head`` (the last link's hash, ``""`` if none);
    ``seal`` (the latest ``ChainSeal`` or None); ``first_broken`` (the record id of the first
    broken link, in chain order, or None)."""

    def __init__(self, *, session_id: int):
        super().__init__()
        self.session_id = session_id
        self.records = 0
        self.legacy_links = 0
        self.head = ""
        self.seal: ChainSeal | None = None

    @property
    def ok(self) -> bool:
        return not self

    @property
    def first_break(self) -> ChainBreak | None:
        return self[0] if self else None

    @property
    def first_broken(self) -> int | None:
        return next((b.record_id for b in self if b.record_id is not None), None)

    @property
    def codes(self) -> list[str]:
        return [b.code for b in self]

    def as_dict(self) -> dict:
        """JSON-ready: ``session_id``, ``ok``, ``records``, ``legacy_links``, ``head``,
        ``first_broken``, ``breaks`` (``record_id``, ``code``, ``seal_id``)."""
        return {
            "session_id": self.session_id,
            "ok": self.ok,
            "records": self.records,
            "legacy_links": self.legacy_links,
            "head": self.head,
            "first_broken": self.first_broken,
            "breaks": [
                {"record_id": b.record_id, "code": b.code, "seal_id": b.seal_id} for b in self
            ],
        }


def _link_breaks(record, *, keys, expected_previous: str, keyed_before: bool) -> list[ChainBreak]:
    breaks = []
    if record.key_id:
        try:
            if record.compute_hash(keys=keys) != record.content_hash:
                breaks.append(ChainBreak(record.pk, "content_mismatch"))
        except UnknownEvidenceKey:
            breaks.append(ChainBreak(record.pk, "unknown_key"))
    else:
        if record.compute_hash() != record.content_hash:
            breaks.append(ChainBreak(record.pk, "content_mismatch"))
        if keyed_before:
            breaks.append(ChainBreak(record.pk, "downgraded"))
    if record.previous_hash != expected_previous:
        breaks.append(ChainBreak(record.pk, "broken_link"))
    return breaks


def verify_chain(
    *,
    session_id: int,
    records: Iterable[AttendanceRecord],
    seals: Iterable[ChainSeal],
    closing_head: str | None = None,
    keys: Mapping[str, bytes] | None = None,
) -> ChainVerification:
    """Check one session's chain: ``records`` in primary-key order (read once), its ``seals``
    in order, and ``closing_head`` (``SessionReport.chain_head``; None if never closed).

    Every link's HMAC (or legacy hash) and its ``previous_hash``; every seal's mac; then the
    chain's end against the latest seal (its head must be the last link, its count the chain's
    length) or, for a session closed before seals, against the closing report's head (which
    must still be in the chain: that report does not follow later corrections)."""
    keys = dict(keys) if keys is not None else evidence_keys()
    result = ChainVerification(session_id=session_id)
    expected_previous, keyed_before = "", False
    seen: set[str] = set()
    for record in records:
        result.records += 1
        result.extend(
            _link_breaks(
                record, keys=keys, expected_previous=expected_previous, keyed_before=keyed_before
            )
        )
        if record.key_id:
            keyed_before = True
        else:
            result.legacy_links += 1
        expected_previous = record.content_hash
        seen.add(record.content_hash)
    result.head = expected_previous
    latest = None
    for seal in seals:
        latest = seal
        try:
            if seal.compute_mac(keys=keys) != seal.mac:
                result.append(ChainBreak(None, "seal_forged", seal.pk))
        except UnknownEvidenceKey:
            result.append(ChainBreak(None, "unknown_key", seal.pk))
    result.seal = latest
    if latest is not None:
        if result.records == 0 and latest.records:
            result.append(ChainBreak(None, "chain_deleted", latest.pk))
        else:
            if latest.head != result.head:
                result.append(ChainBreak(None, "head_missing", latest.pk))
            if latest.records != result.records:
                result.append(ChainBreak(None, "records_missing", latest.pk))
    elif closing_head is not None:
        if closing_head and closing_head not in seen:
            result.append(ChainBreak(None, "head_missing"))
        if keyed_before:
            result.append(ChainBreak(None, "seal_missing"))
    return result


def chain_verify_against(heads: Mapping[str, Mapping], *, content: bool = False) -> dict:
    """Check frozen heads (the shape ``chain_heads`` returns, ``{str(session_id): {"head",
    "records"}}``, e.g. a tranche request's signed snapshot) against the live chains, in a
    fixed number of queries.

    A frozen session is intact when its live chain still holds the frozen head as its
    ``records``-th link and every link up to it follows the one before (links added after the
    head, such as a later correction, are allowed and counted). With ``content``, the links up
    to the head are also recomputed (HMAC, key held), which reads whole records.

    Returns ``{"ok": bool, "checked": int, "problems": [...], "added": {...}}``: ``problems``
    lists ``{"session_id": str, "code": str, "record_id": int | None}`` sorted by session, the
    codes being ``chain_deleted`` (the frozen chain had links, the live one has none),
    ``head_missing`` (the frozen head is no longer in the chain: a record changed or deleted
    at or before it), ``records_missing`` (the head is there but at another position: links
    before it deleted or inserted), ``broken_link`` (a link up to the head does not follow
    the previous one; ``record_id`` names it) and, with ``content``, ``content_mismatch`` and
    ``unknown_key``; ``added`` maps a session id to the number of links after its frozen head
    (sessions with none are left out)."""
    frozen = {
        str(k): (str(v.get("head") or ""), int(v.get("records") or 0)) for k, v in heads.items()
    }
    session_ids = sorted(int(k) for k in frozen)
    problems: list[dict] = []
    added: dict[str, int] = {}
    keys = evidence_keys() if content else None
    if content:
        rows = AttendanceRecord.objects.filter(session_id__in=session_ids).order_by(
            "session_id", "pk"
        )
        rows = rows.iterator(chunk_size=2000)
    else:
        rows = (_LinkRow(**link) for link in chain_links(session_ids=session_ids))
    live: dict[str, list] = {str(pk): [] for pk in session_ids}
    for row in rows:
        live[str(row.session_id)].append(row)

    def problem(session_id, code, record_id=None):
        problems.append({"session_id": session_id, "code": code, "record_id": record_id})

    for session_id in sorted(frozen, key=int):
        head, count = frozen[session_id]
        links = live.get(session_id, [])
        if count and not links:
            problem(session_id, "chain_deleted")
            continue
        position = next((i for i, link in enumerate(links, 1) if link.content_hash == head), None)
        if count and position is None:
            problem(session_id, "head_missing")
        elif count and position != count:
            problem(session_id, "records_missing")
        upto = position if position is not None and count else 0
        expected_previous = ""
        for link in links[:upto]:
            if content:
                for item in _link_breaks(
                    link, keys=keys, expected_previous=expected_previous, keyed_before=False
                ):
                    if item.code != "broken_link":
                        problem(session_id, item.code, link.pk)
            if link.previous_hash != expected_previous:
                problem(session_id, "broken_link", link.pk)
            expected_previous = link.content_hash
        if (position is not None or not count) and len(links) > upto:
            added[session_id] = len(links) - upto
    return {"ok": not problems, "checked": len(frozen), "problems": problems, "added": added}


@dataclass(frozen=True)
class _LinkRow:
    session_id: int
    record_id: int
    key_id: str
    previous_hash: str
    content_hash: str

    @property
    def pk(self) -> int:
        return self.record_id
