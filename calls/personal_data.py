"""What calls hold about a person: the applications they started or submitted, the documents
they uploaded, their committee seats with declarations and scores. All are kept on erasure
(the public-money trail of a selection; the account is pseudonymised)."""

from accounts.personal_data import register_links

for _label, _fields, _section, _at in (
    ("calls.Application", ("created_by", "submitted_by"), "call_applications", "created_at"),
    ("calls.Application", ("screened_by", "decided_by"), "call_applications_decided", None),
    ("calls.ApplicationDocument", ("uploaded_by",), "call_documents_uploaded", "uploaded_at"),
    ("calls.EligibilityCheck", ("checked_by",), "call_eligibility_checks", "checked_at"),
    ("calls.Committee", ("closed_by",), "call_committees_closed", "closed_at"),
    ("calls.CommitteeMember", ("user", "added_by"), "call_committee_seats", "added_at"),
):
    register_links(_label, *_fields, section=_section, at=_at)
