"""Opening a tranche request or recording a payment twice creates one of each and says so."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from grants.models import AuditLog, Tranche, TrancheRequest

pytestmark = pytest.mark.django_db


def _url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_opening_the_tranche_request_twice(client, paid_tranches, association_admin):
    tranche = paid_tranches[1]
    client.force_login(association_admin)
    url = _url("grants:request_open", tranche.pk)
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert [str(m) for m in get_messages(first.wsgi_request)] == []
    assert [str(m) for m in get_messages(second.wsgi_request)][-1:] == [
        "Your draft request is already open: continue it here."
    ]
    assert TrancheRequest.objects.filter(tranche=tranche).count() == 1


def test_recording_the_payment_twice(client, tranches, finance):
    client.force_login(finance)
    url = _url("grants:tranche_payment", tranches[0].pk)
    data = {"paid_on": "2024-01-10", "reference": "VIR-1"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 200
    assert second.context["form"].non_field_errors() == [
        "This payment has already been recorded (reference VIR-1)."
    ]
    assert Tranche.objects.get(pk=tranches[0].pk).status == Tranche.Status.PAID
    assert AuditLog.objects.filter(action="tranche.paid").count() == 1


def test_submitting_the_request_twice(client, submitted_request, association_admin):
    client.force_login(association_admin)
    response = client.post(_url("grants:request_edit", submitted_request.pk), {"action": "submit"})
    assert response["Location"] == _url("grants:request_detail", submitted_request.pk)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This request has already been submitted."
    ]
    assert TrancheRequest.objects.get(pk=submitted_request.pk).status == (
        TrancheRequest.Status.SUBMITTED
    )
