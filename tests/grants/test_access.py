"""Every grants page with every role: who gets the page, who is refused, who sees nothing."""

import pytest
from django.urls import reverse

from grants import services
from grants.models import EvidencePack
from tests.factories.grants import AgreementFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "learner",
    "trainer",
    "association_admin",
    "other_association_admin",
    "officer",
    "finance",
    "auditor",
]

# Expected status per page and role: 200 shown, 302 sent elsewhere (log in, or the read-only
# page of a submitted request), 403 known but refused, 404 out of scope.
EXPECTED = {
    "agreement_list": [302, 200, 200, 200, 200, 200, 200, 200, 200],
    "agreement_detail": [302, 404, 404, 200, 200, 404, 200, 200, 200],
    "request_detail": [302, 404, 404, 200, 200, 404, 200, 200, 200],
    "request_edit": [302, 404, 404, 403, 200, 404, 403, 403, 403],
    "request_review": [302, 404, 404, 403, 403, 404, 200, 403, 403],
    "tranche_payment": [302, 404, 404, 403, 403, 404, 403, 200, 403],
    "document_download": [302, 404, 404, 200, 200, 404, 200, 200, 200],
    "evidence_sessions": [302, 404, 404, 200, 200, 404, 200, 200, 200],
    "evidence_beneficiaries": [302, 404, 404, 200, 200, 404, 200, 200, 200],
    "evidence_certificates": [302, 404, 404, 200, 200, 404, 200, 200, 200],
    "pack_detail": [302, 404, 404, 200, 200, 404, 200, 200, 200],
    "dashboard": [302, 403, 403, 403, 403, 403, 200, 200, 200],
}


@pytest.fixture
def pages(submitted_request, programme, trainer_association, association_admin, finance):
    agreement = submitted_request.tranche.agreement
    # A second agreement of the same association, whose tranche-2 request is still a draft.
    second = AgreementFactory(programme=programme, association=trainer_association)
    first_tranche, second_tranche = services.agreement_tranches_create(agreement=second)
    services.tranche_payment_record(
        tranche=first_tranche, by=finance, paid_on=agreement.signed_on, reference="V-2"
    )
    draft = services.tranche_request_create(tranche=second_tranche, by=association_admin)
    return {
        "agreement_list": [],
        "agreement_detail": [agreement.pk],
        "request_detail": [submitted_request.pk],
        "request_edit": [draft.pk],
        "request_review": [submitted_request.pk],
        "tranche_payment": [first_tranche.pk],
        "document_download": [submitted_request.documents.first().pk],
        "dashboard": [],
        "evidence_sessions": [agreement.pk],
        "evidence_beneficiaries": [agreement.pk],
        "evidence_certificates": [agreement.pk],
        "pack_detail": [
            EvidencePack.objects.create(
                agreement=agreement, requested_by=finance, evidence_fingerprint="0" * 64
            ).pk
        ],
    }


@pytest.mark.parametrize("page", EXPECTED)
def test_every_page_with_every_role(client, request, pages, page):
    for role, expected in zip(ROLES, EXPECTED[page], strict=True):
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        response = client.get(reverse(f"grants:{page}", args=pages[page]))
        assert response.status_code == expected, (page, role)
