"""Invitations: who may send them, and what happens to a good, used, expired or forged link."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from organisations.models import Invitation, Membership
from organisations.services import InvitationError, invitation_accept, invitation_create
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_invites_by_email_and_the_link_grants_the_role(
    trainer_association, association_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            organisation=trainer_association,
            email="New.Trainer@Example.org",
            role=Membership.Role.TRAINER,
            by=association_admin,
        )
    assert invitation.email == "new.trainer@example.org"
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert token not in invitation.token_hash  # only the hash is stored

    newcomer = UserFactory(email="new.trainer@example.org", verified=False)
    membership = invitation_accept(token=token, user=newcomer)

    assert membership.role == Membership.Role.TRAINER
    assert membership.organisation == trainer_association
    assert EmailAddress.objects.get(user=newcomer).verified


def test_a_trainer_cannot_invite(trainer_association, trainer):
    with pytest.raises(PermissionDenied):
        invitation_create(
            organisation=trainer_association,
            email="x@example.org",
            role=Membership.Role.TRAINER,
            by=trainer,
        )
    assert not Invitation.objects.exists()


def test_an_admin_cannot_invite_into_another_association(
    other_trainer_association, association_admin
):
    with pytest.raises(PermissionDenied):
        invitation_create(
            organisation=other_trainer_association,
            email="x@example.org",
            role=Membership.Role.TRAINER,
            by=association_admin,
        )


def test_an_officer_may_bring_in_a_trainer_association_admin_only(trainer_association, officer):
    invitation_create(
        organisation=trainer_association,
        email="boss@example.org",
        role=Membership.Role.ADMIN,
        by=officer,
    )
    with pytest.raises(PermissionDenied):
        invitation_create(
            organisation=trainer_association,
            email="x@example.org",
            role=Membership.Role.TRAINER,
            by=officer,
        )


def test_a_role_foreign_to_the_organisation_kind_is_refused(trainer_association, association_admin):
    with pytest.raises(ValidationError):
        invitation_create(
            organisation=trainer_association,
            email="x@example.org",
            role=Membership.Role.OFFICER,
            by=association_admin,
        )


def test_a_bad_email_is_refused(trainer_association, association_admin):
    with pytest.raises(ValidationError):
        invitation_create(
            organisation=trainer_association,
            email="not-an-email",
            role=Membership.Role.TRAINER,
            by=association_admin,
        )
    assert not Invitation.objects.exists()


def test_a_new_invitation_replaces_the_pending_one(trainer_association, association_admin):
    first, first_token = invitation_create(
        organisation=trainer_association,
        email="x@example.org",
        role=Membership.Role.TRAINER,
        by=association_admin,
    )
    invitation_create(
        organisation=trainer_association,
        email="x@example.org",
        role=Membership.Role.TRAINER,
        by=association_admin,
    )
    user = UserFactory(email="x@example.org")
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=first_token, user=user)
    assert error.value.code == "revoked"


def test_an_expired_invitation_is_refused_and_grants_nothing(
    trainer_association, association_admin
):
    invitation, token = invitation_create(
        organisation=trainer_association,
        email="late@example.org",
        role=Membership.Role.TRAINER,
        by=association_admin,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    user = UserFactory(email="late@example.org")
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=token, user=user)
    assert error.value.code == "expired"
    assert not Membership.objects.filter(user=user).exists()


def test_a_forged_token_is_refused(citizen):
    with pytest.raises(InvitationError) as error:
        invitation_accept(token="forged-token-that-was-never-issued", user=citizen)
    assert error.value.code == "invalid"


def test_an_invitation_can_be_used_once(trainer_association, association_admin):
    _, token = invitation_create(
        organisation=trainer_association,
        email="once@example.org",
        role=Membership.Role.EDITOR,
        by=association_admin,
    )
    user = UserFactory(email="once@example.org")
    invitation_accept(token=token, user=user)
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=token, user=user)
    assert error.value.code == "used"


def test_another_account_cannot_accept_someone_elses_invitation(
    trainer_association, association_admin
):
    _, token = invitation_create(
        organisation=trainer_association,
        email="intended@example.org",
        role=Membership.Role.TRAINER,
        by=association_admin,
    )
    intruder = UserFactory(email="intruder@example.org")
    with pytest.raises(InvitationError) as error:
        invitation_accept(token=token, user=intruder)
    assert error.value.code == "wrong_user"
    assert not Membership.objects.filter(user=intruder).exists()


def test_the_invitation_page_explains_a_forged_link_in_french(client):
    # Reversed under French, whatever language an earlier test left active in this worker.
    with translation.override("fr"):
        url = reverse("organisations:invitation", args=["nope"])
    response = client.get(url)
    assert response.status_code == 404
    assert "Ce lien d’invitation n’est pas valide." in response.content.decode()


def test_the_invitation_page_explains_an_expired_link(
    client, trainer_association, association_admin
):
    invitation, token = invitation_create(
        organisation=trainer_association,
        email="late@example.org",
        role=Membership.Role.TRAINER,
        by=association_admin,
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.get(reverse("organisations:invitation", args=[token]))
    assert response.status_code == 410


def test_signing_up_from_an_invitation_needs_no_second_email_and_lands_in_the_organisation(
    client, trainer_association, association_admin
):
    _, token = invitation_create(
        organisation=trainer_association,
        email="fresh@example.org",
        role=Membership.Role.TRAINER,
        by=association_admin,
    )
    invite_url = reverse("organisations:invitation", args=[token])
    assert client.get(invite_url).status_code == 200
    response = client.post(
        reverse("account_signup") + f"?next={invite_url}",
        {
            "email": "fresh@example.org",
            "full_name_latin": "Fresh Person",
            "full_name_ar": "",
            "preferred_language": "fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent_processing": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == invite_url
    response = client.post(invite_url)
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__email="fresh@example.org",
        organisation=trainer_association,
        role=Membership.Role.TRAINER,
    ).exists()


def test_admin_invites_from_the_people_page(client, trainer_association, association_admin):
    client.force_login(association_admin)
    url = reverse("organisations:people", args=[trainer_association.pk])
    response = client.post(url, {"email": "bad", "role": "trainer"})
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    response = client.post(url, {"email": "good@example.org", "role": "trainer"})
    assert response.status_code == 302
    assert Invitation.objects.filter(email="good@example.org").exists()


def test_a_trainer_cannot_open_the_people_page(client, trainer_association, trainer):
    client.force_login(trainer)
    response = client.get(reverse("organisations:people", args=[trainer_association.pk]))
    assert response.status_code == 403
