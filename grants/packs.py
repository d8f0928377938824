"""What goes into an evidence pack: the members of the ZIP, each produced as a stream of
bytes, so the builder writes them one by one without holding the pack in memory.

A member is ``(name, chunks)``: ``chunks`` is an iterable of bytes. The builder
(``grants.services.packs``) hashes each member as it writes it and ends with ``manifest.json``
and its detached signature ``manifest.jws``. Every file is described in docs/evidence.md, and
``grants.verifier`` checks a pack with nothing but Python and ``cryptography``.

Layout: ``summary.pdf``; ``live/`` the evidence as it stands when the pack is built;
``requests/<tranche>-v<version>/`` per submitted request version, the snapshot frozen at
submission (``snapshot.json``, byte for byte what ``evidence_sha256`` hashes, and its
signature ``snapshot.jws``), what changed since (``differences.json``), the reviews, their
checklists, finance's checks, the beneficiary sample and the request's own files; at the top,
``payments.json``, ``audit.csv``, ``chains.csv`` (every attendance chain link) and
``chain_heads.json``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.exports import csv_chunks
from core.pdf import html_to_pdf
from courses.attendance.chains import chain_heads, chain_links, latest_seals
from courses.attendance.selectors import current_records, sessions_figures, sheet_scans

from .evidence import AGE_BAND_LABELS, GENDER_LABELS, agreement_sessions, labelled
from .models import (
    ExpenseLine,
    ReportSection,
    Tranche,
    TrancheRequest,
    canonical_json,
)

CHUNK = 64 * 1024
LIVE = "live"
MANIFEST = "manifest.json"
MANIFEST_SIGNATURE = "manifest.jws"


def pseudonym(key: str) -> str:
    """A stable pseudonymous id for a person key (``u12``, ``p7``): HMAC with the site's
    secret, so the same person has the same id in every file and pack, and nobody without
    the secret can go back to the account."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"grants-evidence:{key}".encode(), "sha256")
    return digest.hexdigest()[:16]


def file_chunks(field) -> Iterator[bytes]:
    with field.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def percent(value) -> str:
    """A share (0.21, "0.21") as people read it in a CSV or the PDF: "21%"; "" when there is
    none. JSON files keep the number."""
    if value is None or value == "":
        return ""
    try:
        return f"{Decimal(str(value)) * 100:.0f}%"
    except InvalidOperation:
        return str(value)


def json_chunks(data) -> Iterator[bytes]:
    """A JSON member, readable (indented, keys sorted, UTF-8)."""
    yield json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str).encode()


def sessions_member(sessions) -> tuple[str, Iterator[bytes]]:
    figures = sessions_figures(sessions=sessions) if sessions else {}
    header = [
        "session_id",
        "title",
        "kind",
        "starts_at",
        "mode",
        "region",
        "province",
        "course",
        "expected",
        "attended",
        "rate",
    ]
    rows = (
        [
            s.pk,
            s.title,
            s.kind,
            _local(s.starts_at),
            s.mode,
            s.region.code if s.region_id else "",
            s.province.code if s.province_id else "",
            s.course.title if s.course_id else "",
            figures[s.pk].expected,
            figures[s.pk].attended,
            percent(figures[s.pk].rate),
        ]
        for s in sessions
    )
    return f"{LIVE}/sessions.csv", csv_chunks(header, rows)


def attendance_member(sessions, *, with_names: bool) -> tuple[str, Iterator[bytes]]:
    """The current record of each person at each session; names only when the pack may carry
    them, otherwise a pseudonymous id."""
    header = ["session_id", "person", "kind", "status", "method", "recorded_at", "corrections"]
    if with_names:
        header += ["name_ar", "name_latin"]
    records = current_records(session_ids=[s.pk for s in sessions])

    def rows():
        for record in records.iterator(chunk_size=1000):
            row = [
                record.session_id,
                pseudonym(record.person_key),
                "account" if record.learner_id else "walk_in",
                record.status,
                record.method,
                _local(record.recorded_at),
                "yes" if record.supersedes_id else "no",
            ]
            if with_names:
                person = record.person
                if record.learner_id:
                    row += [person.full_name_ar, person.full_name_latin or person.display_name]
                else:
                    row += [person.name_ar, person.name_latin]
            yield row

    return f"{LIVE}/attendance.csv", csv_chunks(header, rows())


def certificates_member(certificates, *, with_names: bool) -> tuple[str, Iterator[bytes]]:
    header = ["code", "course", "issued_on", "status", "holder", "verification_url"]
    if with_names:
        header += ["name_ar", "name_latin"]

    def rows():
        for certificate in certificates:
            row = [
                certificate.code,
                certificate.course_title,
                certificate.issued_on.isoformat(),
                certificate.status,
                pseudonym(f"u{certificate.learner_id}") if certificate.learner_id else "",
                f"{settings.SITE_URL}/verify/{certificate.code}/",
            ]
            if with_names:
                row += [certificate.holder_name_ar, certificate.holder_name_latin]
            yield row

    return f"{LIVE}/certificates.csv", csv_chunks(header, rows())


def scan_members(sessions) -> Iterator[tuple[str, Iterator[bytes]]]:
    scans = sheet_scans(session_ids=[s.pk for s in sessions])
    for scan in scans:
        extension = scan.file.name.rsplit(".", 1)[-1] if "." in scan.file.name else "bin"
        yield (
            f"{LIVE}/scans/session-{scan.session_id}/scan-{scan.pk}.{extension}",
            file_chunks(scan.file),
        )


def latest_request(agreement) -> TrancheRequest | None:
    """The newest submitted request of the agreement (drafts are not evidence)."""
    return submitted_requests(agreement).order_by("-tranche__number", "-version").first()


def submitted_requests(agreement):
    """Every submitted version of every request of the agreement, oldest first: each one's
    snapshot was frozen, and the decisions taken on it are evidence."""
    return (
        TrancheRequest.objects.filter(tranche__agreement=agreement)
        .exclude(status=TrancheRequest.Status.DRAFT)
        .exclude(evidence_snapshot__isnull=True)
        .select_related("tranche", "submitted_by")
        .order_by("tranche__number", "version")
    )


def request_folder(request: TrancheRequest) -> str:
    return f"requests/{request.tranche.number}-v{request.version}"


def snapshot_bytes(request: TrancheRequest) -> bytes:
    """The frozen snapshot as submitted: its canonical JSON, the bytes ``evidence_sha256``
    hashes and ``evidence_signature`` signs."""
    return canonical_json(request.evidence_snapshot).encode()


def _person(user, *, with_names: bool) -> str:
    """A member of staff as the pack names them: their name, or a pseudonym."""
    if user is None:
        return ""
    return user.display_name if with_names else pseudonym(f"u{user.pk}")


def _flat(data, prefix: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(data, dict):
        for key in sorted(data):
            yield from _flat(data[key], f"{prefix}{key}.")
    elif prefix:
        yield prefix[:-1], data


def differences(*, frozen: dict, live: dict, live_heads: dict) -> dict:
    """Each figure frozen at submission beside the same figure computed now (``changed``
    when they differ), and each attendance chain whose head moved since."""
    rows = []
    for part in ("figures", "progress", "readiness"):
        before = dict(_flat(frozen.get(part) or {}, f"{part}."))
        after = dict(_flat(live.get(part) or {}, f"{part}."))
        for name in sorted(set(before) | set(after)):
            old, new = before.get(name), after.get(name)
            rows.append({"figure": name, "frozen": old, "live": new, "changed": old != new})
    chains = []
    for session, head in sorted((frozen.get("chains") or {}).items(), key=lambda i: str(i[0])):
        old = head.get("head", "") if isinstance(head, dict) else head
        old_count = head.get("records") if isinstance(head, dict) else None
        now = live_heads.get(str(session)) or {"head": "", "records": 0}
        if (old, old_count) != (now["head"], now["records"] if old_count is not None else None):
            chains.append(
                {
                    "session_id": session,
                    "frozen_head": old,
                    "frozen_records": old_count,
                    "live_head": now["head"],
                    "live_records": now["records"],
                }
            )
    return {
        "frozen_sha256": frozen_sha256(frozen),
        "frozen_at": frozen.get("computed_at"),
        "live_at": live.get("computed_at"),
        "changed": sum(r["changed"] for r in rows) + len(chains),
        "figures": rows,
        "chains_moved": chains,
    }


def frozen_sha256(snapshot) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


def _review_checklist(review) -> dict:
    return {
        "review": review.pk,
        "decision": review.decision,
        "reviewed_at": review.created_at.isoformat(),
        "checklist": review.checklist,
    }


def _review(review, *, with_names: bool) -> dict:
    return {
        "review": review.pk,
        "decision": review.decision,
        "reviewer": _person(review.reviewer, with_names=with_names),
        "reviewer_role": "programme_officer",
        "reviewed_at": review.created_at.isoformat(),
        "comment": review.comment,
    }


def _finance_check(check, *, with_names: bool) -> dict:
    return {
        "check": check.pk,
        "decision": check.decision,
        "checked_by": _person(check.checked_by, with_names=with_names),
        "checked_by_role": "finance",
        "checked_at": check.created_at.isoformat(),
        "reason": check.reason,
    }


def sample_chunks(request: TrancheRequest) -> Iterator[bytes] | None:
    """The request's beneficiary sample, its draw and outcomes
    (``grants.sampling.sample_document``: pseudonyms only), None when none was drawn."""
    from . import sampling

    document = sampling.sample_document(request)
    return None if document is None else json_chunks(document)


def request_members(
    request: TrancheRequest, *, with_names: bool
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """One request version's folder: what was frozen and signed at submission, what changed
    since, the decisions taken on it, and the request's own reports and files."""
    from . import selectors

    folder = request_folder(request)
    frozen = request.evidence_snapshot or {}
    yield f"{folder}/snapshot.json", iter([snapshot_bytes(request)])
    if request.evidence_signature:
        yield f"{folder}/snapshot.jws", iter([request.evidence_signature.encode("ascii")])
    live = selectors.tranche_evidence(tranche=request.tranche)
    heads = chain_heads(session_ids=[int(s) for s in frozen.get("chains") or {}])
    yield (
        f"{folder}/differences.json",
        json_chunks(differences(frozen=frozen, live=live, live_heads=heads)),
    )
    reviews = list(request.reviews.select_related("reviewer").order_by("created_at", "pk"))
    yield f"{folder}/checklist.json", json_chunks([_review_checklist(r) for r in reviews])
    yield (
        f"{folder}/reviews.json",
        json_chunks([_review(r, with_names=with_names) for r in reviews]),
    )
    checks = request.finance_checks.select_related("checked_by").order_by("created_at", "pk")
    yield (
        f"{folder}/finance_checks.json",
        json_chunks([_finance_check(c, with_names=with_names) for c in checks]),
    )
    sample = sample_chunks(request)
    if sample is not None:
        yield f"{folder}/sample.json", sample
    labels = dict(ReportSection.Kind.choices)
    with translation.override("fr"):
        narrative = "\n\n".join(
            f"# {labels.get(s.kind, s.kind)}\n\n{s.text}" for s in request.sections.all()
        )
    yield f"{folder}/narrative_report.md", iter([narrative.encode()])
    lines: list[ExpenseLine] = list(request.expense_lines.all())
    yield (
        f"{folder}/financial_report.csv",
        csv_chunks(
            ["category", "label", "amount_mad", "receipt"],
            (
                [line.category, line.label, line.amount, line.receipt.name.rsplit("/", 1)[-1]]
                for line in lines
            ),
        ),
    )
    for line in lines:
        if line.receipt:
            name = line.receipt.name.rsplit("/", 1)[-1]
            yield f"{folder}/receipts/{line.pk}-{name}", file_chunks(line.receipt)
    for document in request.documents.all():
        name = document.original_name.replace("/", "_") or f"document-{document.pk}"
        yield (
            f"{folder}/documents/{document.document_type}/{document.pk}-{name}",
            file_chunks(document.file),
        )


def payments_member(agreement) -> tuple[str, Iterator[bytes]]:
    """The tranches paid: amount, date, bank reference (and the share of the grant, a number
    of per cent as the agreement states it)."""
    tranches = Tranche.objects.filter(agreement=agreement, paid_on__isnull=False).order_by("number")
    return "payments.json", json_chunks(
        [
            {
                "tranche": t.number,
                "share_percent": t.share,
                "amount_mad": t.amount,
                "paid_on": t.paid_on.isoformat(),
                "reference": t.payment_reference,
                "status": t.status,
            }
            for t in tranches
        ]
    )


def audit_objects(agreement, requests) -> list:
    tranches = list(Tranche.objects.filter(agreement=agreement))
    return [agreement, *tranches, *requests]


def audit_member(agreement, requests, *, with_names: bool) -> tuple[str, Iterator[bytes]]:
    """The agreement's audit trail, oldest first: who did what to the agreement, its
    tranches and requests, with the state before and after."""
    from .selectors import audit_entries_for

    entries = audit_entries_for(objects=audit_objects(agreement, requests))
    header = ["at", "action", "object_type", "object_id", "actor", "before", "after"]

    def rows():
        for entry in entries.order_by("timestamp", "pk").iterator(chunk_size=1000):
            yield [
                _local(entry.timestamp),
                entry.action,
                entry.object_type,
                entry.object_id,
                _person(entry.actor, with_names=with_names),
                _audit_state(entry.before),
                _audit_state(entry.after),
            ]

    return "audit.csv", csv_chunks(header, rows())


def _audit_state(state) -> str:
    return json.dumps(state or {}, ensure_ascii=False, sort_keys=True) if state else ""


def chain_session_ids(sessions, requests) -> list[int]:
    """The sessions whose chains the pack carries: the agreement's held sessions and every
    session whose head a snapshot froze."""
    ids = {s.pk for s in sessions}
    for request in requests:
        ids.update(int(s) for s in (request.evidence_snapshot or {}).get("chains") or {})
    return sorted(ids)


def chains_member(session_ids) -> tuple[str, Iterator[bytes]]:
    header = ["session_id", "record_id", "key_id", "previous_hash", "content_hash"]
    rows = ([link[h] for h in header] for link in chain_links(session_ids=session_ids))
    return "chains.csv", csv_chunks(header, rows)


def chain_heads_member(session_ids) -> tuple[str, Iterator[bytes]]:
    """Each session's live head and number of links, with its latest seal (when closed)."""
    heads = chain_heads(session_ids=session_ids)
    for session_id, seal in latest_seals(session_ids=session_ids).items():
        heads[str(session_id)]["seal"] = {
            "head": seal.head,
            "records": seal.records,
            "reason": seal.reason,
            "key_id": seal.key_id,
            "mac": seal.mac,
            "sealed_at": seal.sealed_at.isoformat(),
        }
    return "chain_heads.json", json_chunks(heads)


def _as_percentages(figures: dict) -> dict:
    shown = {**figures, "women_share": percent(figures.get("women_share"))}
    if isinstance(figures.get("attendance"), dict):
        shown["attendance"] = {
            **figures["attendance"],
            "rate": percent(figures["attendance"].get("rate")),
        }
    return shown


def summary_pdf(*, agreement, evidence: dict, flags_count: int, requests=()) -> bytes:
    """The summary page in Arabic and French (WeasyPrint, with the fonts shipped with the
    install: core/pdf.py); shares printed as percentages."""
    targets = {
        **evidence["targets"],
        "women_share": percent(evidence["targets"].get("women_share")),
    }
    html = render_to_string(
        "grants/evidence_pack_summary.html",
        {
            "agreement": agreement,
            "evidence": {**evidence, "targets": targets},
            "figures": _as_percentages(evidence["figures"]),
            "progress": evidence["progress"],
            "flags_count": flags_count,
            "genders": labelled(evidence["figures"]["by_gender"], GENDER_LABELS),
            "age_bands": labelled(evidence["figures"]["by_age_band"], AGE_BAND_LABELS),
            "requests": [
                {
                    "folder": request_folder(r),
                    "request": r,
                    "shares": [
                        (key, percent(p.get("share")))
                        for key, p in (r.evidence_snapshot.get("progress") or {}).items()
                    ],
                }
                for r in requests
            ],
            "generated_at": timezone.localtime(),
        },
    )
    return html_to_pdf(html)


def evidence_members(
    *, agreement, evidence: dict, with_names: bool, certificates, requests=None
) -> list[tuple[str, Iterable[bytes]]]:
    """Every member but the manifest and its signature, in the order written; generators
    stay lazy."""
    sessions = list(agreement_sessions(agreement=agreement))
    requests = list(submitted_requests(agreement)) if requests is None else requests
    members: list = [
        ("summary.pdf", None),  # rendered by the builder, which reports progress around it
        (f"{LIVE}/evidence.json", iter([canonical_json(evidence).encode()])),
        sessions_member(sessions),
        attendance_member(sessions, with_names=with_names),
        certificates_member(certificates, with_names=with_names),
    ]
    members.extend(scan_members(sessions))
    for request in requests:
        members.extend(request_members(request, with_names=with_names))
    chained = chain_session_ids(sessions, requests)
    members += [
        payments_member(agreement),
        audit_member(agreement, requests, with_names=with_names),
        chains_member(chained),
        chain_heads_member(chained),
    ]
    return members


def manifest_bytes(
    entries: dict[str, dict], *, agreement, fingerprint: str, requests=(), with_names=False
) -> bytes:
    """The manifest: every file's SHA-256 and size, the agreement, the build time, the
    platform (and where it publishes its keys), and each request's frozen SHA-256."""
    return json.dumps(
        {
            "format": "tamkeen-evidence-pack/2",
            "agreement": agreement.reference,
            "platform": settings.SITE_URL,
            "jwks": f"{settings.SITE_URL}/.well-known/jwks.json",
            "evidence_fingerprint": fingerprint,
            "generated_at": timezone.now().isoformat(),
            "with_names": with_names,
            "algorithm": "sha256",
            "requests": [
                {
                    "folder": request_folder(r),
                    "tranche": r.tranche.number,
                    "version": r.version,
                    "status": r.status,
                    "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                    "evidence_sha256": r.evidence_sha256,
                    "signed": bool(r.evidence_signature),
                }
                for r in requests
            ],
            "files": entries,
        },
        indent=2,
        ensure_ascii=False,
        sort_keys=True,
    ).encode()


def manifest_signature(manifest: bytes) -> bytes:
    """``manifest.jws``: the detached JWS (Ed25519, the platform key) over the manifest."""
    from .signature import detached_jws

    return detached_jws(manifest).encode("ascii")


def hashed(chunks: Iterable[bytes], sink) -> dict:
    """Write ``chunks`` to ``sink``, returning their SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
        sink.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}
