"""What certificates hold about a person, for "My data" and erasure (accounts/personal_data.py).

An erased holder's certificates stay counted and verifiable: the printed name is replaced by the
pseudonym and the PDF (which shows the name) is deleted. The signed credential cannot be edited,
and need not be: it names nobody (a salted hash of the e-mail address), so its signature stays
valid and the verification page shows the pseudonym instead of a name.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Erasure, register, register_links, rows

from .models import Certificate, CertificateBundle


def _certificates_export(user):
    return rows(
        Certificate.objects.filter(learner=user).order_by("issued_at"),
        "code",
        "holder_name_ar",
        "holder_name_latin",
        "course_title",
        "association_name_ar",
        "association_name_fr",
        "hours",
        "issued_on",
        "valid_until",
        "status",
        "revoked_reason",
        "pdf_sha256",
        "credential_jwt",
    )


def _certificates_erase(user, pseudonym):
    certificates = Certificate.objects.filter(learner=user)
    storage = Certificate._meta.get_field("pdf").storage
    files = [name for name in certificates.values_list("pdf", flat=True) if name]
    changed = certificates.update(holder_name_ar="", holder_name_latin=pseudonym, pdf="")
    # The files go once the transaction holds: a rolled-back erasure keeps them.
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return changed


register(
    "certificates.Certificate",
    section="certificates",
    fields=["learner"],
    export=_certificates_export,
    erasure=Erasure.PSEUDONYMISE,
    erase=_certificates_erase,
    why=_(
        "Certificates: still counted and verifiable; the printed name is replaced and the PDF "
        "deleted."
    ),
)
register_links("certificates.Certificate", "revoked_by", section="certificates_revoked")


def _bundles_erase(user, pseudonym):
    bundles = list(CertificateBundle.objects.filter(requested_by=user))
    for bundle in bundles:
        if bundle.file:
            bundle.file.delete(save=False)
        bundle.delete()
    return len(bundles)


register(
    "certificates.CertificateBundle",
    section="certificate_bundles_requested",
    fields=["requested_by"],
    export=lambda user: rows(
        CertificateBundle.objects.filter(requested_by=user), "status", "created_at"
    ),
    erasure=Erasure.DELETE,
    erase=_bundles_erase,
    why=_("Certificate bundles you requested: deleted."),
)
