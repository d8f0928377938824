"""Revoking a certificate twice revokes it once and says so."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from certificates.models import Certificate
from grants.models import AuditLog

from ..factories.certificates import CertificateFactory
from ..factories.learning import course_with_lessons

pytestmark = pytest.mark.django_db


def test_revoking_twice(client, trainer_association, association_admin):
    course = course_with_lessons(association=trainer_association, lessons=0)[0]
    certificate = CertificateFactory(course=course)
    client.force_login(association_admin)
    with translation.override("en"):
        url = reverse("certificates:revoke", args=[certificate.code])
    first = client.post(url, {"reason": "Issued by mistake"})
    second = client.post(url, {"reason": "Issued by mistake"})
    assert first.status_code == second.status_code == 302
    said = list(get_messages(second.wsgi_request))[-1]
    assert (str(said), said.level_tag) == ("This certificate is already revoked.", "info")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert AuditLog.objects.filter(action="certificate.revoke").count() == 1
