"""Read queries on certificates."""

from django.db.models import Count, Q, QuerySet

from .models import Certificate
from .models.codes import SCHEME_DAMM, SCHEME_LEGACY, code_schemes


def certificates_for_agreement(*, agreement) -> QuerySet[Certificate]:
    """Valid and revoked certificates of the agreement's association's courses, issued
    within the agreement's period (both ends included). A certificate revoked by mistake and
    issued again counts once: the revoked one that has a successor is left out (the successor
    keeps its day of issue)."""
    return Certificate.objects.filter(
        association_id=agreement.association_id,
        issued_on__gte=agreement.starts_on,
        issued_on__lte=agreement.ends_on,
        replaced_by__isnull=True,
    ).order_by("issued_on", "pk")


def certificate_counts_by_agreement(*, agreements) -> dict[int, int]:
    """Agreement id → how many ``certificates_for_agreement`` holds, in one query whatever the
    number of agreements (one conditional count per agreement)."""
    querysets = {a.pk: certificates_for_agreement(agreement=a) for a in agreements}
    if not querysets:
        return {}
    counts = Certificate.objects.aggregate(
        **{
            f"a{pk}": Count("pk", filter=Q(pk__in=queryset.values("pk")))
            for pk, queryset in querysets.items()
        }
    )
    return {pk: counts[f"a{pk}"] for pk in querysets}


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with this code. A malformed code (bad length, alphabet or check
    character) is refused before any query; a code that satisfies only the legacy check
    character names only a certificate issued under it (models/codes.py)."""
    code, schemes = code_schemes(code)
    if code is None:
        return None
    certificates = Certificate.objects.select_related(
        "association", "course", "learner", "replaces", "replaced_by"
    )
    if SCHEME_DAMM not in schemes:
        certificates = certificates.filter(code_scheme=SCHEME_LEGACY)
    return certificates.filter(code=code).first()


def learner_certificates(*, user) -> QuerySet[Certificate]:
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(learner=user).select_related("course").order_by("-issued_at")


def association_certificates(*, association) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(association=association)
        .select_related("course", "revoked_by", "replaced_by")
        .order_by("-issued_at")
    )


MAX_HISTORY = 20


def certificate_history(*, certificate: Certificate) -> list[Certificate]:
    """Every certificate of the same award, oldest first: the ones ``certificate`` replaced
    (issued again after a revocation made in error) and the ones that replaced it."""
    chain = [certificate]
    earlier = certificate
    while earlier.replaces_id and len(chain) < MAX_HISTORY:
        earlier = earlier.replaces
        chain.insert(0, earlier)
    later = certificate
    while len(chain) < MAX_HISTORY:
        try:
            later = later.replaced_by
        except Certificate.DoesNotExist:
            break
        chain.append(later)
    return chain


def _history_entry(certificate: Certificate) -> dict:
    return {
        "code": certificate.code,
        "status": certificate.status,
        "issued_at": certificate.issued_at.isoformat(),
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
        "revoked_reason": certificate.revoked_reason or None,
    }


def certificate_public_record(*, certificate: Certificate, history=None) -> dict:
    """What the public verification page shows, as plain data (also served as JSON)."""
    if history is None:
        history = certificate_history(certificate=certificate)
    return {
        "code": certificate.code,
        "status": certificate.status,
        "expired": certificate.is_expired,
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "course_titles": certificate.course_titles or {},
        "first_awarded_at": (certificate.awarded_at or certificate.issued_at).isoformat(),
        "history": [_history_entry(entry) for entry in history] if len(history) > 1 else [],
        "holder_name_ar": certificate.holder_name_ar,
        "holder_name_latin": certificate.holder_name_latin,
        "course": certificate.course_title,
        "association_name_ar": certificate.association_name_ar,
        "association_name_fr": certificate.association_name_fr,
        "funder_name_ar": certificate.funder_name_ar,
        "funder_name_fr": certificate.funder_name_fr,
        "issued_on": certificate.issued_on.isoformat(),
        "hours": str(certificate.hours),
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
        "revoked_reason": certificate.revoked_reason or None,
        "pdf_sha256": certificate.pdf_sha256 or None,
    }
