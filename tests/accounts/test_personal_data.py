"""Personal data (law 09-08): the registry covers every model, the export holds a person's data
and nobody else's, CSV cells are formula-safe, and erasure leaves the funder's figures alone."""

import csv
import io
import json
import re
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import personal_data
from accounts.models import ConsentRecord
from accounts.services import consent_record, user_erase
from certificates.credentials import credential_sign
from certificates.models import Certificate
from certificates.verification import credential_check
from courses.attendance.services import attendance_chain_verify, participant_claim
from courses.models import (
    AttendanceRecord,
    Enrollment,
    LessonProgress,
    Participant,
    PendingEnrollment,
    QuizAttempt,
    SessionRegistration,
)
from grants.dashboard import programme_dashboard
from grants.evidence import delivery_figures_for
from organisations.models import Invitation, Membership
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.grants import AgreementFactory, ProgrammeFactory
from tests.factories.learning import course_with_lessons
from tests.grants import evidence_data

pytestmark = pytest.mark.django_db

User = get_user_model()

# The sections a learner with a full history has rows in (the others record staff actions).
LEARNER_SECTIONS = {
    "account",
    "consents",
    "email_addresses",
    "memberships",
    "enrollments",
    "lesson_progress",
    "quiz_attempts",
    "session_registrations",
    "attendance",
    "walk_in_records",
    "certificates",
    "pending_enrollments",
    "invitations_received",
}
# What a trainer's export shows of their work.
TRAINER_SECTIONS = {"attendance_recorded", "walk_ins_added", "sessions_trained", "memberships"}


def _user_links(model):
    for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
        if field.is_relation and field.related_model is User:
            yield field.name


def test_every_model_linked_to_a_user_or_holding_personal_data_has_a_handler():
    """Adding a model (or a field) that points at a user, without saying how it is exported
    and erased, fails here: write a handler in <app>/personal_data.py."""
    covered = personal_data.covered_fields()
    missing = [
        f"{model._meta.label}.{name}"
        for model in apps.get_models()
        for name in _user_links(model)
        if (model._meta.label, name) not in covered
    ]
    assert not missing, f"no personal-data handler for: {missing}"
    models = personal_data.covered_models()
    assert models >= personal_data.PERSONAL_DATA_MODELS
    assert "accounts.User" in models
    for label in models:
        apps.get_model(label)  # every handler names a real model


@pytest.fixture
def world():
    agreement = AgreementFactory(programme=ProgrammeFactory())
    data = evidence_data.build(agreement)
    learner = data["learners"][0]  # L1: attendance, enrollments, quiz, certificate, membership
    course = data["course"]
    consent_record(user=learner, purpose=ConsentRecord.Purpose.PROCESSING, given=True)
    other, lessons = course_with_lessons(association=agreement.association, lessons=1)
    enrollment = Enrollment.objects.create(learner=learner, course=other)
    LessonProgress.objects.create(enrollment=enrollment, lesson=lessons[0])
    participant_claim(participant=data["walk_in"], user=learner, by=data["trainer"])
    PendingEnrollment.objects.create(
        email=learner.email.upper(),
        course=course,
        member_association=Membership.objects.filter(user=learner).first().organisation,
        full_name="L1",
    )
    Invitation.objects.create(
        organisation=agreement.association,
        email=learner.email,
        role=Membership.Role.TRAINER,
        token_hash="0" * 64,
        expires_at=_later(),
    )
    return {**data, "agreement": agreement, "learner": learner}


def _later():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=7)


def test_the_export_holds_every_kind_of_a_learners_data(world):
    learner = world["learner"]
    data = personal_data.personal_data_export(user=learner)
    sections = data["sections"]
    assert set(sections) == {h.section for h in personal_data.handlers()}
    empty = {name for name in LEARNER_SECTIONS if not sections[name]}
    assert not empty, f"sections without the learner's rows: {empty}"
    assert sections["account"][0]["email"] == learner.email
    assert sections["walk_in_records"][0]["name_ar"] == "زائرة"
    assert {row["status"] for row in sections["attendance"]} == {"present"}
    json.loads(personal_data.export_json(data))  # one valid JSON document

    trainer_sections = personal_data.personal_data_export(user=world["trainer"])["sections"]
    assert not {name for name in TRAINER_SECTIONS if not trainer_sections[name]}


def test_the_export_never_holds_another_persons_data(world):
    learner, others = world["learner"], world["learners"][1:]
    document = personal_data.export_json(personal_data.personal_data_export(user=learner))
    text = document.decode()
    for other in [*others, world["trainer"]]:
        for value in (other.email, other.full_name_latin, other.full_name_ar):
            assert not re.search(re.escape(value) + r"(?!\d)", text), value


def test_csv_cells_cannot_run_formulas():
    user = UserFactory(full_name_latin='=HYPERLINK("http://evil")', full_name_ar="+1+1")
    archive = zipfile.ZipFile(
        io.BytesIO(personal_data.export_csv_zip(personal_data.personal_data_export(user=user)))
    )
    assert "account.csv" in archive.namelist()
    assert "attendance.csv" in archive.namelist()
    reader = csv.DictReader(io.StringIO(archive.read("account.csv").decode("utf-8-sig")))
    row = next(reader)
    assert row["full_name_latin"] == '\'=HYPERLINK("http://evil")'
    assert row["full_name_ar"] == "'+1+1"


def _figures(world):
    agreement = world["agreement"]
    return (
        delivery_figures_for([agreement])[agreement.pk],
        {
            key: value
            for key, value in programme_dashboard(programme=agreement.programme).items()
            if key in ("totals", "charts")
        },
        Certificate.objects.count(),
        Certificate.objects.filter(status="valid").count(),
        AttendanceRecord.objects.count(),
        Enrollment.objects.count(),
        SessionRegistration.objects.count(),
        QuizAttempt.objects.count(),
        Participant.objects.count(),
        Membership.objects.count(),
    )


def test_erasing_everyone_leaves_the_funders_figures_and_the_hash_chains_unchanged(world):
    before = _figures(world)
    for person in [*world["learners"], world["trainer"]]:
        user_erase(user=person)
    assert _figures(world) == before
    assert attendance_chain_verify(session=world["s1"]) == []
    assert attendance_chain_verify(session=world["s2"]) == []


def test_erasure_removes_what_names_the_person_and_keeps_the_certificate_verifiable(
    world, client, django_capture_on_commit_callbacks
):
    learner = world["learner"]
    email = learner.email
    certificate = world["certificate"]
    certificate.credential_jwt = credential_sign(certificate, email=email)
    certificate.save(update_fields=["credential_jwt"])
    client.force_login(learner)

    with django_capture_on_commit_callbacks(execute=True):
        report = user_erase(user=learner)
    assert report.pseudonym.startswith("Participant ")
    learner.refresh_from_db()
    assert learner.email.endswith("@erased.invalid")
    assert learner.full_name_latin == report.pseudonym and learner.full_name_ar == ""
    assert not learner.is_active and not learner.has_usable_password()
    assert learner.erased_at is not None
    assert (learner.gender, learner.birth_year) == ("female", 1990)  # the anonymous breakdowns
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    certificate.refresh_from_db()
    assert certificate.holder_name_latin == report.pseudonym
    assert certificate.holder_name_ar == "" and not certificate.pdf
    assert credential_check(token=certificate.credential_jwt).valid
    walk_in = Participant.objects.get(pk=world["walk_in"].pk)
    assert walk_in.name_ar == "" and walk_in.phone == "" and walk_in.gender == "female"
    assert not PendingEnrollment.objects.filter(email__iexact=email).exists()
    assert not Invitation.objects.filter(email__iexact=email).exists()
    consents = ConsentRecord.objects.filter(user=learner).order_by("pk")
    assert [c.given for c in consents] == [True, False]
    # Signed out everywhere, and the address is free to sign up again.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert user_erase(user=learner) is None  # once only
    UserFactory(email=email)
    # The public verification page still confirms it, and says why no name is shown.
    page = client.get(
        reverse("certificates_public:verify_short", args=[certificate.code]), follow=True
    )
    html = page.content.decode()
    assert 'data-holder="erased"' in html
    assert report.pseudonym not in html


def test_erasure_copies_nothing_it_erases_into_the_logs(world, django_capture_on_commit_callbacks):
    from accounts.personal_data import account_erased

    learner = world["learner"]
    email, name = learner.email, learner.full_name_ar
    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    account_erased.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            user_erase(user=learner)
    finally:
        account_erased.disconnect(receiver)
    assert received and received[0]["user_id"] == learner.pk
    assert email not in str(received)
    assert name not in str(received)
    if apps.is_installed("security"):
        logged = json.dumps(
            list(apps.get_model("security", "SecurityEvent").objects.values("details")),
            ensure_ascii=False,
        )
        assert email not in logged and name not in logged


def test_the_erase_page_asks_for_the_password_and_signs_out(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:erase_account")
    assert client.get(url).status_code == 200
    response = client.post(url, {"password": "wrong", "understood": "on"})
    assert response.status_code == 400
    assert 'aria-describedby="id_password_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.erased_at is None
    response = client.post(url, {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.erased_at is not None
    assert "_auth_user_id" not in client.session


def test_an_account_without_password_confirms_with_its_email(client):
    user = UserFactory(password=None)
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    url = reverse("accounts:erase_account")
    assert client.post(url, {"email": "x@example.org", "understood": "on"}).status_code == 400
    response = client.post(url, {"email": user.email.upper(), "understood": "on"})
    assert response.status_code == 302


def test_my_data_downloads_are_the_signed_in_persons_and_are_logged(client):
    from accounts.signals import personal_data_exported

    me, other = UserFactory(), UserFactory()
    for name in ("accounts:my_data", "accounts:my_data_json", "accounts:my_data_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(me)
    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    personal_data_exported.connect(receiver)
    try:
        response = client.get(reverse("accounts:my_data_json") + f"?user={other.pk}")
        zipped = client.get(reverse("accounts:my_data_csv"))
    finally:
        personal_data_exported.disconnect(receiver)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["subject"]["id"] == me.pk
    assert other.email not in response.content.decode()
    assert zipfile.ZipFile(io.BytesIO(zipped.content)).testzip() is None
    assert [(r["subject"], r["scope"]) for r in received] == [
        (me, "my-data.json"),
        (me, "my-data.csv"),
    ]
    assert all(r["request"] is not None for r in received)


def test_my_data_records_the_photo_consent_as_history(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:my_data")
    assert 'name="accept_notice"' in client.get(url).content.decode()
    client.post(url, {"accept_notice": "1"})
    processing = ConsentRecord.objects.get(user=user, purpose="processing")
    assert processing.given and processing.source == "my-data"
    assert 'name="accept_notice"' not in client.get(url).content.decode()
    client.post(url, {"photos": "on"})
    client.post(url, {"photos": "on"})  # no change, no record
    client.post(url, {})
    history = list(
        ConsentRecord.objects.filter(user=user, purpose="photos").values_list("given", flat=True)
    )
    assert history == [True, False]
    record = ConsentRecord.objects.filter(user=user).first()
    record.given = True
    with pytest.raises(ValueError):
        record.save()
