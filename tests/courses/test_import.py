"""A coordinator's file of people: parsing, the row-by-row report, the all-or-nothing import."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from courses.importing import RowStatus, parse_people_file, validate_rows
from courses.models import Enrollment, PendingEnrollment
from courses.services import (
    enrollment_claim_pending,
    enrollment_create,
    enrollment_import,
)
from organisations.models import Invitation, Membership
from organisations.services import invitation_accept

from ..factories.accounts import UserFactory
from ..factories.learning import course_with_lessons
from ..factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name="people.csv"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def course(trainer_association):
    return course_with_lessons(association=trainer_association, lessons=1)[0]


class TestParsing:
    def test_french_excel_csv_with_bom_semicolons_and_arabic_names(self):
        data = (
            "\ufeffNom;Courriel\nخديجة أيت علي;Khadija@Example.org\nYoussef Benali;y@example.org\n"
        )
        rows = parse_people_file(_upload(data.encode("utf-8")))
        assert [(r.line, r.name, r.email) for r in rows] == [
            (2, "خديجة أيت علي", "Khadija@Example.org"),
            (3, "Youssef Benali", "y@example.org"),
        ]

    def test_a_csv_without_header_and_with_commas(self):
        rows = parse_people_file(_upload(b"Amine,amine@example.org\n\nSara,sara@example.org\n"))
        assert [(r.line, r.email) for r in rows] == [
            (1, "amine@example.org"),
            (3, "sara@example.org"),
        ]

    def test_an_xlsx_file(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["الاسم", "البريد الإلكتروني"])
        sheet.append(["نادية", "nadia@example.org"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        rows = parse_people_file(_upload(buffer.getvalue(), "people.xlsx"))
        assert [(r.line, r.name, r.email) for r in rows] == [(2, "نادية", "nadia@example.org")]

    @pytest.mark.parametrize(
        "data",
        [
            b"PK\x03\x04 not really a zip",  # a zip signature is not enough: checked as text
            "Nom;Courriel\nÉlise;e@example.org\n".encode("cp1252"),  # not UTF-8
            b"\x89PNG\r\n\x1a\n\x00\x00\x00",  # an image renamed .csv
            b"",
        ],
    )
    def test_files_that_are_not_people_lists_are_refused(self, data):
        with pytest.raises(ValidationError):
            parse_people_file(_upload(data))

    def test_a_file_over_2_mb_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            parse_people_file(_upload(b"a,b@example.org\n" * 150_000))
        assert caught.value.code == "too_large"


def test_the_report_lists_every_problem_with_its_line(course, member_association, learner):
    enrollment_create(learner=learner, course=course, by=learner)
    data = f"name;email\nA;a@example.org\nB;not-an-email\nC;A@example.org\nD;{learner.email}\nE;\n"
    rows = parse_people_file(_upload(data.encode()))
    report = validate_rows(organisation=member_association, course=course, rows=rows)
    by_line = {row.line: row for row in report}
    assert by_line[2].status == RowStatus.INVITE
    assert by_line[3].status == RowStatus.ERROR
    assert by_line[4].status == RowStatus.ERROR  # duplicate of line 2, whatever the case
    assert "2" in str(by_line[4].problems[0])
    assert by_line[5].status == RowStatus.ERROR  # already enrolled
    assert by_line[6].status == RowStatus.ERROR  # no e-mail


def test_the_import_enrolls_members_and_invites_the_others(
    course, member_association, coordinator, django_capture_on_commit_callbacks
):
    member = MembershipFactory(organisation=member_association, role=Membership.Role.MEMBER).user
    outsider = UserFactory()
    data = f"name,email\nM,{member.email}\nN,new@example.org\nO,{outsider.email}\nX,bad\n"
    rows = parse_people_file(_upload(data.encode()))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = enrollment_import(
            organisation=member_association, course=course, rows=rows, by=coordinator
        )
    assert (outcome.enrolled, outcome.invited, outcome.skipped) == (1, 2, 1)
    assert Enrollment.objects.get(learner=member).member_association == member_association
    assert set(PendingEnrollment.objects.values_list("email", flat=True)) == {
        "new@example.org",
        outsider.email,
    }
    assert Invitation.objects.filter(role=Membership.Role.MEMBER).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["new@example.org", outsider.email])


def test_nothing_is_half_imported(course, member_association, coordinator, monkeypatch):
    rows = parse_people_file(_upload(b"a,a@example.org\nb,b@example.org\n"))
    from courses.services import enrollment as module

    calls = []

    def failing_get_or_create(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return original(**kwargs)

    original = PendingEnrollment.objects.get_or_create
    monkeypatch.setattr(module.PendingEnrollment.objects, "get_or_create", failing_get_or_create)
    with pytest.raises(RuntimeError):
        enrollment_import(organisation=member_association, course=course, rows=rows, by=coordinator)
    assert not PendingEnrollment.objects.exists()
    assert not Invitation.objects.exists()


def test_only_the_coordinator_imports(course, member_association, learner):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        enrollment_import(organisation=member_association, course=course, rows=[], by=learner)


def test_an_invited_person_is_enrolled_once_they_join(
    course, member_association, coordinator, django_capture_on_commit_callbacks
):
    rows = parse_people_file(_upload(b"Salma,salma@example.org\n"))
    enrollment_import(organisation=member_association, course=course, rows=rows, by=coordinator)
    person = UserFactory(email="salma@example.org")
    assert enrollment_claim_pending(user=person) == []  # not a member yet
    invitation = Invitation.objects.get(email="salma@example.org")
    from organisations.services import invitation_create

    _, token = invitation_create(
        organisation=member_association,
        email=invitation.email,
        role=Membership.Role.MEMBER,
        by=coordinator,
    )
    invitation_accept(token=token, user=person)
    [enrollment] = enrollment_claim_pending(user=person)
    assert enrollment.course == course
    assert enrollment.enrolled_by == coordinator
    assert enrollment.member_association == member_association
    assert enrollment_claim_pending(user=person) == []
