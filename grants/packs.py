"""What goes into an evidence pack: the members of the ZIP, each produced as a stream of
bytes, so the builder writes them one by one without holding the pack in memory.

A member is ``(name, chunks)``: ``chunks`` is an iterable of bytes. The builder
(``grants.services.packs``) hashes each member as it writes it and ends with ``manifest.json``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.exports import csv_chunks
from core.pdf import html_to_pdf
from courses.attendance.selectors import current_records, sessions_figures, sheet_scans

from .evidence import AGE_BAND_LABELS, GENDER_LABELS, agreement_sessions, labelled
from .models import ExpenseLine, ReportSection, TrancheRequest, canonical_json

CHUNK = 64 * 1024


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
            figures[s.pk].rate if figures[s.pk].rate is not None else "",
        ]
        for s in sessions
    )
    return "sessions.csv", csv_chunks(header, rows)


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

    return "attendance.csv", csv_chunks(header, rows())


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

    return "certificates.csv", csv_chunks(header, rows())


def scan_members(sessions) -> Iterator[tuple[str, Iterator[bytes]]]:
    scans = sheet_scans(session_ids=[s.pk for s in sessions])
    for scan in scans:
        extension = scan.file.name.rsplit(".", 1)[-1] if "." in scan.file.name else "bin"
        yield f"scans/session-{scan.session_id}/scan-{scan.pk}.{extension}", file_chunks(scan.file)


def latest_request(agreement) -> TrancheRequest | None:
    """The newest submitted request of the agreement (drafts are not evidence)."""
    return (
        TrancheRequest.objects.filter(tranche__agreement=agreement)
        .exclude(status=TrancheRequest.Status.DRAFT)
        .order_by("-tranche__number", "-version")
        .first()
    )


def request_members(request: TrancheRequest | None) -> Iterator[tuple[str, Iterator[bytes]]]:
    if request is None:
        return
    folder = f"request/tranche-{request.tranche.number}-v{request.version}"
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


def summary_pdf(*, agreement, evidence: dict, flags_count: int) -> bytes:
    """The summary page in Arabic and French (WeasyPrint, with the fonts shipped with the
    install: core/pdf.py)."""

    html = render_to_string(
        "grants/evidence_pack_summary.html",
        {
            "agreement": agreement,
            "evidence": evidence,
            "figures": evidence["figures"],
            "progress": evidence["progress"],
            "flags_count": flags_count,
            "genders": labelled(evidence["figures"]["by_gender"], GENDER_LABELS),
            "age_bands": labelled(evidence["figures"]["by_age_band"], AGE_BAND_LABELS),
            "generated_at": timezone.localtime(),
        },
    )
    return html_to_pdf(html)


def evidence_members(
    *, agreement, evidence: dict, with_names: bool, certificates
) -> list[tuple[str, Iterable[bytes]]]:
    """Every member but the manifest, in the order written; generators stay lazy."""
    sessions = list(agreement_sessions(agreement=agreement))
    members: list = [
        ("summary.pdf", None),  # rendered by the builder, which reports progress around it
        ("evidence.json", iter([canonical_json(evidence).encode()])),
        sessions_member(sessions),
        attendance_member(sessions, with_names=with_names),
        certificates_member(certificates, with_names=with_names),
    ]
    members.extend(scan_members(sessions))
    members.extend(request_members(latest_request(agreement)))
    return members


def manifest_bytes(entries: dict[str, dict], *, agreement, fingerprint: str) -> bytes:
    return json.dumps(
        {
            "agreement": agreement.reference,
            "evidence_fingerprint": fingerprint,
            "generated_at": timezone.now().isoformat(),
            "algorithm": "sha256",
            "files": entries,
        },
        indent=2,
        ensure_ascii=False,
        sort_keys=True,
    ).encode()


def hashed(chunks: Iterable[bytes], sink) -> dict:
    """Write ``chunks`` to ``sink``, returning their SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
        sink.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}
