"""What grants hold about a person: only what their account did (accounts/personal_data.py).

The audit log, the requests, reviews, documents and payments are kept as they are: they are the
public-money trail, and they name the account, which erasure pseudonymises.
"""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Erasure, register, register_links

for _label, _fields, _section, _at in (
    ("grants.AuditLog", ("actor",), "audit_log_actions", "timestamp"),
    ("grants.EvidencePack", ("requested_by",), "evidence_packs_requested", "created_at"),
    ("grants.Tranche", ("approved_by", "cleared_by", "paid_by"), "tranches_decided", None),
    ("grants.FinanceCheck", ("checked_by",), "finance_checks", "created_at"),
    ("grants.AgreementAmendment", ("created_by",), "amendments_recorded", "created_at"),
    ("grants.AgreementImport", ("imported_by",), "agreement_imports", "imported_at"),
    ("grants.BankDetailsChange", ("changed_by",), "bank_details_changes", "changed_at"),
    ("grants.TrancheRequest", ("created_by", "submitted_by"), "tranche_requests", "created_at"),
    ("grants.SupportingDocument", ("uploaded_by",), "documents_uploaded", "uploaded_at"),
    ("grants.TrancheReview", ("reviewer",), "tranche_reviews", None),
):
    register_links(_label, *_fields, section=_section, at=_at)


# Verification by sampling (#18): the person sees that a programme officer contacted them about
# an agreement (when, how, what they answered, the officer's note). The contact is evidence of
# the funder's check: it is kept, pointing at the pseudonymised account.
def _sample_contacts_export(user):
    from .models import SampleContact

    contacts = SampleContact.objects.filter(learner=user).select_related(
        "sample__request__tranche__agreement"
    )
    return [
        {
            "id": contact.pk,
            "agreement": contact.sample.request.tranche.agreement.reference,
            "tranche": contact.sample.request.tranche.number,
            "contacted_on": contact.contacted_on,
            "channel": contact.get_channel_display(),
            "outcome": contact.get_outcome_display(),
            "note": contact.note,
            "recorded_at": contact.recorded_at,
        }
        for contact in contacts.order_by("pk")
    ]


register(
    "grants.SampleContact",
    section="verification_contacts",
    export=_sample_contacts_export,
    erasure=Erasure.KEEP,
    fields=("learner",),
    why=_(
        "A funder's check that you attended (the contact, its date and outcome) is kept as "
        "evidence of public spending; it points at your pseudonymised account."
    ),
)
register_links(
    "grants.SampleContact", "recorded_by", section="sample_contacts_recorded", at="recorded_at"
)
register_links("grants.BeneficiarySample", "drawn_by", section="samples_drawn", at="drawn_at")
