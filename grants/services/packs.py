"""Evidence packs: asked for by a person, built in the background, downloaded through a
permission-checked view; and the log of funder staff reading names behind the evidence."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import outbox
from core.storage import get_private_storage
from organisations import permissions

from ..audit import audit_record
from ..models import EvidencePack

logger = logging.getLogger(__name__)

LIVE = (EvidencePack.Status.QUEUED, EvidencePack.Status.BUILDING, EvidencePack.Status.READY)


@transaction.atomic
def evidence_names_access_record(*, agreement, by, scope: str) -> None:
    """Funder staff saw names behind the evidence: one audit entry per page they opened."""
    if permissions.is_logged_evidence_reader(by, agreement):
        audit_record(
            actor=by, action="evidence.names_viewed", obj=agreement, after={"scope": scope}
        )


@transaction.atomic
def evidence_pack_request(*, agreement, by) -> EvidencePack:
    """The pack for the current evidence: an existing one (queued, building or ready) when
    the evidence has not changed since, otherwise a new one queued for building."""
    from .. import selectors
    from ..tasks import build_evidence_pack

    if not permissions.can_download_evidence_pack(by, agreement):
        raise PermissionDenied(_("You may not download this agreement's evidence pack."))
    with_names = permissions.can_see_evidence_names(by, agreement)
    fingerprint = pack_fingerprint(
        agreement, selectors.evidence_fingerprint(selectors.agreement_evidence(agreement=agreement))
    )
    existing = (
        EvidencePack.objects.select_for_update()
        .filter(
            agreement=agreement,
            with_names=with_names,
            evidence_fingerprint=fingerprint,
            status__in=LIVE,
        )
        .first()
    )
    if existing is not None:
        return existing
    pack = EvidencePack.objects.create(
        agreement=agreement,
        requested_by=by,
        with_names=with_names,
        evidence_fingerprint=fingerprint,
    )
    audit_record(
        actor=by,
        action="evidence_pack.requested",
        obj=agreement,
        after={"pack": pack.pk, "with_names": with_names, "fingerprint": fingerprint},
    )
    outbox.enqueue(build_evidence_pack, args=[pack.pk])
    return pack


@transaction.atomic
def evidence_pack_download_record(*, pack: EvidencePack, by) -> None:
    if not permissions.can_download_evidence_pack(by, pack.agreement):
        raise PermissionDenied
    if pack.with_names and not permissions.can_see_evidence_names(by, pack.agreement):
        raise PermissionDenied
    audit_record(
        actor=by, action="evidence_pack.downloaded", obj=pack.agreement, after={"pack": pack.pk}
    )


# Reading the evidence (or the pack) leaves an audit entry that changes nothing in a pack.
_NOT_IN_PACK = ("evidence.", "evidence_pack.")


def pack_fingerprint(agreement, evidence_fingerprint: str) -> str:
    """What a pack's content depends on: the live evidence, and the decision trail the pack
    carries (reviews, checklists, samples and their contacts, finance's checks, payments,
    new request versions), each of which leaves an audit entry; equal while neither changed,
    so the same pack is served again."""
    from .. import packs, selectors

    requests = list(packs.submitted_requests(agreement))
    latest = (
        selectors.audit_entries_for(objects=packs.audit_objects(agreement, requests))
        .exclude(action__startswith=_NOT_IN_PACK[0])
        .exclude(action__startswith=_NOT_IN_PACK[1])
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    trail = ",".join(f"{r.pk}:{r.evidence_sha256}" for r in requests)
    return hashlib.sha256(f"{evidence_fingerprint}|{latest}|{trail}".encode()).hexdigest()


def _progress(pack: EvidencePack, value: int, **fields) -> None:
    EvidencePack.objects.filter(pk=pack.pk).update(progress=value, **fields)


def _write_zip(path: Path, *, pack, agreement, evidence, fingerprint) -> None:
    """Every member, streamed into the ZIP and hashed on the way; then the manifest of their
    hashes and its detached signature (``manifest.jws``, the platform's Ed25519 key)."""
    from certificates.selectors import certificates_for_agreement

    from .. import packs, selectors

    requests = list(packs.submitted_requests(agreement))
    members = packs.evidence_members(
        agreement=agreement,
        evidence=evidence,
        with_names=pack.with_names,
        certificates=certificates_for_agreement(agreement=agreement),
        requests=requests,
    )
    entries: dict[str, dict] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, (member, chunks) in enumerate(members):
            if chunks is None:  # the summary, rendered when its turn comes
                flags = len(selectors.agreement_flags(agreement=agreement))
                pdf = packs.summary_pdf(
                    agreement=agreement, evidence=evidence, flags_count=flags, requests=requests
                )
                chunks = [pdf]
            with archive.open(member, "w", force_zip64=True) as sink:
                entries[member] = packs.hashed(chunks, sink)
            _progress(pack, 5 + int(90 * (index + 1) / len(members)))
        manifest = packs.manifest_bytes(
            entries,
            agreement=agreement,
            fingerprint=fingerprint,
            requests=requests,
            with_names=pack.with_names,
        )
        with archive.open(packs.MANIFEST, "w") as sink:
            sink.write(manifest)
        with archive.open(packs.MANIFEST_SIGNATURE, "w") as sink:
            sink.write(packs.manifest_signature(manifest))


def _move_into_place(temporary: Path, name: str) -> str:
    """On disk, an atomic rename beside the final file; elsewhere (S3), an upload of the
    finished file. Either way the pack names its file only once it is complete."""
    storage = get_private_storage()
    try:
        final = Path(storage.path(name))
    except NotImplementedError:
        with temporary.open("rb") as handle:
            return storage.save(name, File(handle))
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temporary, final)
    return name


def evidence_pack_build(*, pack_id: int) -> EvidencePack | None:
    """Build the ZIP of a pack, member by member, into a temporary file moved into place
    when complete: nobody ever sees a half-written pack. Running it twice is harmless."""
    from .. import packs, selectors

    pack = EvidencePack.objects.select_related("agreement__programme").filter(pk=pack_id).first()
    if pack is None:
        return None
    storage = get_private_storage()
    if pack.status == EvidencePack.Status.READY and pack.file and storage.exists(pack.file.name):
        return pack
    _progress(pack, 1, status=EvidencePack.Status.BUILDING, error="")
    agreement = pack.agreement
    name = f"grants/packs/{agreement.pk}/evidence-{agreement.reference}-{pack.pk}.zip"
    try:
        local = Path(storage.path(name)).parent
        local.mkdir(parents=True, exist_ok=True)
    except NotImplementedError:
        local = None
    if local is not None:
        _sweep_leftovers(local, pack.pk)
    handle, path = tempfile.mkstemp(prefix=f".pack-{pack.pk}-", suffix=".part", dir=local)
    # Held until the build ends, released by the kernel if the worker is killed: the next
    # build of this pack knows a temporary file nobody holds is a leftover.
    fcntl.flock(handle, fcntl.LOCK_EX)
    temporary = Path(path)
    try:
        evidence = selectors.agreement_evidence(agreement=agreement)
        fingerprint = pack_fingerprint(agreement, selectors.evidence_fingerprint(evidence))
        _write_zip(
            temporary, pack=pack, agreement=agreement, evidence=evidence, fingerprint=fingerprint
        )
        with temporary.open("rb") as zipped:
            digest = packs.hashed(iter(lambda: zipped.read(packs.CHUNK), b""), _Null())
        name = _move_into_place(temporary, name)
    except Exception as error:
        logger.exception("Evidence pack %s failed", pack.pk)
        _progress(
            pack,
            0,
            status=EvidencePack.Status.FAILED,
            error=str(error)[:500],
            finished_at=timezone.now(),
        )
        raise
    finally:
        temporary.unlink(missing_ok=True)
        os.close(handle)
    _progress(
        pack,
        100,
        status=EvidencePack.Status.READY,
        file=name,
        sha256=digest["sha256"],
        size=digest["size"],
        evidence_fingerprint=fingerprint,
        finished_at=timezone.now(),
    )
    pack.refresh_from_db()
    return pack


def _sweep_leftovers(folder: Path, pack_pk: int) -> None:
    """Remove the temporary files of this pack left by a worker killed mid-build (SIGKILL runs
    no ``finally``); one still locked belongs to a build in progress and stays."""
    for leftover in folder.glob(f".pack-{pack_pk}-*.part"):
        try:
            with leftover.open("rb") as probe:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, FileNotFoundError):
            continue
        leftover.unlink(missing_ok=True)


class _Null:
    def write(self, chunk) -> None:
        pass
