"""Background work measured in a process of its own, like a Celery worker process, so its
peak memory (ru_maxrss) is its own: ``python -m bench.tasks pdf SECONDS`` draws and stores
certificate PDFs (the issuance task's work) for up to SECONDS; ``python -m bench.tasks pack``
builds the evidence pack of the agreement with the most attendance records. Prints one line
``BENCH {json}``. Run with the bench's environment (``bench.run`` sets it)."""

from __future__ import annotations

import json
import resource
import sys
import time


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pdfs(seconds: float) -> dict:
    from cryptography.fernet import InvalidToken

    from certificates import signing
    from certificates.models import Certificate
    from certificates.services import certificate_documents_make

    note = ""
    try:
        signing._private_key(signing.active_signing_key())
    except InvalidToken:
        # The data set was seeded under another SECRET_KEY: sign with a key of this run
        # (same work), kept out of the database.
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = signing.SigningKey(kid="bench", public_jwk={}, private_key_encrypted="")
        private = Ed25519PrivateKey.generate()
        signing._private_key = lambda _key: private
        signing.active_signing_key = lambda: key
        note = "signed with a throwaway key (seeded under another SECRET_KEY)"
    pending = (
        Certificate.objects.filter(pdf="")
        .select_related("learner", "course", "association")
        .order_by("pk")
    )
    baseline = _rss_mb()
    # The first one loads WeasyPrint and the fonts: a worker pays it once, not per PDF.
    first = pending.first()
    if first is None:
        return {"error": "no certificate without a PDF left"}
    certificate_documents_make(certificate=first)
    done, started = 0, time.monotonic()
    for certificate in pending[:1000].iterator():
        certificate_documents_make(certificate=certificate)
        done += 1
        if time.monotonic() - started >= seconds:
            break
    elapsed = time.monotonic() - started
    return {
        "count": done,
        "seconds": elapsed,
        "rate": done / elapsed if elapsed else 0,
        "baseline_mb": baseline,
        "peak_mb": _rss_mb(),
        "note": note,
    }


def pack() -> dict:
    from django.db.models import Count

    from accounts.models import User
    from courses.models import AttendanceRecord
    from grants.models import Agreement, EvidencePack
    from grants.services.packs import evidence_pack_build

    busiest = (
        AttendanceRecord.objects.filter(session__status="held")
        .values("session__association_id")
        .annotate(records=Count("pk"))
        .order_by("-records")
        .first()
    )
    agreement = Agreement.objects.filter(association_id=busiest["session__association_id"])
    agreement = agreement.order_by("-starts_on").first()
    auditor = User.objects.get(email="auditor@tamkeen.test")
    # Created here rather than through evidence_pack_request, which would also queue it for
    # a worker: the build below is the work measured.
    pack = EvidencePack.objects.create(
        agreement=agreement, requested_by=auditor, with_names=True, evidence_fingerprint="bench"
    )
    baseline = _rss_mb()
    started = time.monotonic()
    built = evidence_pack_build(pack_id=pack.pk)
    elapsed = time.monotonic() - started
    return {
        "agreement": agreement.reference,
        "records": busiest["records"],
        "seconds": elapsed,
        "status": built.status,
        "size_mb": built.size / 1e6,
        "baseline_mb": baseline,
        "peak_mb": _rss_mb(),
    }


def main(argv) -> None:
    import django

    django.setup()
    if argv[1] == "pdf":
        result = pdfs(float(argv[2]) if len(argv) > 2 else 10)
    elif argv[1] == "pack":
        result = pack()
    else:
        raise SystemExit(f"unknown task {argv[1]}")
    print("BENCH " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv)
