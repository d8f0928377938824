"""Who is told what at each step, on the site and by e-mail in their own language."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from grants import services
from grants.services.finance import (
    tranche_request_finance_clear,
    tranche_request_finance_send_back,
)
from notifications.models import Notification
from organisations.models import Membership
from tests.factories.organisations import member_of

from .helpers import fill_request, passing_checklist

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _language(user, code):
    User.objects.filter(pk=user.pk).update(preferred_language=code)
    user.refresh_from_db()
    return user


def _approve(request, officer, decision="approve", comment=""):
    return services.tranche_request_review(
        request=request,
        by=officer,
        checklist=passing_checklist(request.tranche.agreement.programme, decision == "approve"),
        decision=decision,
        comment=comment,
    )


def test_a_submitted_request_tells_the_programme_officers_in_their_language(
    draft_request, association_admin, officer, funder, django_capture_on_commit_callbacks
):
    _language(officer, "fr")
    arabic_officer = _language(member_of(funder, Membership.Role.OFFICER), "ar")
    fill_request(draft_request, association_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.tranche_request_submit(request=draft_request, by=association_admin)
    assert _kinds(officer) == ["grants.request_submitted"]
    assert _kinds(arabic_officer) == ["grants.request_submitted"]
    assert _kinds(association_admin) == []
    by_address = {m.to[0]: m for m in mail.outbox}
    french, arabic = by_address[officer.email], by_address[arabic_officer.email]
    reference = draft_request.tranche.agreement.reference
    assert reference in french.subject and reference in arabic.subject
    assert f"/fr/grants/tranche-requests/{draft_request.pk}/" in french.body
    assert f"/ar/grants/tranche-requests/{draft_request.pk}/" in arabic.body


def test_an_officer_who_is_a_member_of_the_association_is_not_asked_to_review(
    draft_request, association_admin, officer, trainer_association
):
    Membership.objects.create(
        user=officer, organisation=trainer_association, role=Membership.Role.TRAINER
    )
    fill_request(draft_request, association_admin)
    services.tranche_request_submit(request=draft_request, by=association_admin)
    assert _kinds(officer) == []


def test_changes_requested_tell_the_association_admins_with_the_comment(
    submitted_request, officer, association_admin, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _approve(submitted_request, officer, "request_changes", "Missing March receipts.")
    assert _kinds(association_admin) == ["grants.request_changes_requested"]
    assert _kinds(trainer) == []
    (message,) = [m for m in mail.outbox if m.to == [association_admin.email]]
    assert "Missing March receipts." in message.body


def test_an_approval_tells_the_association_and_finance(
    submitted_request, officer, association_admin, finance
):
    _approve(submitted_request, officer)
    assert _kinds(association_admin) == ["grants.request_approved"]
    (notification,) = Notification.objects.filter(recipient=finance)
    assert notification.kind == "grants.request_to_check"
    path = f"/tranche-requests/{submitted_request.pk}/finance-check/"
    assert notification.target_url().endswith(path)


def test_a_rejection_tells_the_association(submitted_request, officer, association_admin):
    _approve(submitted_request, officer, "reject", "Out of scope.")
    assert _kinds(association_admin) == ["grants.request_rejected"]


def test_sent_back_by_finance_tells_the_officers(
    submitted_request, officer, finance, association_admin
):
    _approve(submitted_request, officer)
    tranche_request_finance_send_back(request=submitted_request, by=finance, reason="RIB.")
    assert "grants.request_sent_back" in _kinds(officer)
    assert "grants.request_sent_back" not in _kinds(association_admin)


def test_a_payment_tells_the_association_admins(
    submitted_request, officer, finance, other_finance, association_admin, trainer
):
    _approve(submitted_request, officer)
    tranche_request_finance_clear(request=submitted_request, by=finance)
    services.tranche_payment_record(
        tranche=submitted_request.tranche,
        by=other_finance,
        paid_on=timezone.localdate(),
        reference="VIR-2",
    )
    paid = Notification.objects.filter(recipient=association_admin, kind="grants.payment_recorded")
    assert 2 in [n.params["number"] for n in paid]
    assert "grants.payment_recorded" not in _kinds(trainer)


def test_each_person_reads_their_own_notifications(
    client, submitted_request, officer, association_admin
):
    _approve(submitted_request, officer)
    client.force_login(association_admin)
    content = client.get(reverse("notifications:list")).content.decode()
    assert submitted_request.tranche.agreement.reference in content
    # The officer's own list never has the association's approval notice.
    client.force_login(officer)
    assert client.get(reverse("notifications:list")).status_code == 200
    assert "grants.request_approved" not in _kinds(officer)
