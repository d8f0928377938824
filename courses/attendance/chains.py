"""Reading the attendance chains as data: every link in chain order, and each session's head,
for the tranche request's snapshot (grants freezes and signs the heads) and the evidence pack
(which carries the links so a verifier without the database checks their order)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Max

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
