"""The scopes an API client may hold: each names what its token may read or write."""

from django.utils.translation import gettext_lazy as _

PROGRAMMES_READ = "programmes:read"
AGREEMENTS_READ = "agreements:read"
EVIDENCE_READ = "evidence:read"
PAYMENTS_WRITE = "payments:write"
NAMES_READ = "names:read"
WEBHOOKS_MANAGE = "webhooks:manage"

SCOPES = {
    PROGRAMMES_READ: _("Programmes and the portfolio figures of the funder dashboard"),
    AGREEMENTS_READ: _("Agreements: amounts, targets, tranches and their states"),
    EVIDENCE_READ: _("Evidence: figures, readiness and sessions as aggregates"),
    PAYMENTS_WRITE: _("Record a payment made in the finance system"),
    NAMES_READ: _("Names of the beneficiaries behind the evidence (funder roles only)"),
    WEBHOOKS_MANAGE: _("Subscribe to events and read the deliveries"),
}

# Only a funder's client may hold these: names of learners never leave otherwise.
FUNDER_ONLY = frozenset({NAMES_READ, PAYMENTS_WRITE})
