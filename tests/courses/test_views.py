"""The learning pages, by role: what each person may see and do, and how many queries it takes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    Enrollment,
    LessonProgress,
    QuizAttempt,
    SessionRegistration,
    TrainingSession,
)
from courses.services import enrollment_create, lesson_complete, registration_create
from organisations.models import Membership

from ..factories.accounts import UserFactory
from ..factories.learning import (
    QuizPageFactory,
    TrainingSessionFactory,
    course_with_lessons,
    right_answers,
)
from ..factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_and_lessons(trainer_association):
    return course_with_lessons(association=trainer_association, lessons=3)


@pytest.fixture
def course(course_and_lessons):
    return course_and_lessons[0]


@pytest.fixture
def lessons(course_and_lessons):
    return course_and_lessons[1]


@pytest.fixture
def session(trainer_association, course):
    return TrainingSessionFactory(association=trainer_association, course=course, capacity=2)


class TestLearner:
    def test_the_course_page_offers_to_enroll_then_to_resume(
        self, client, citizen, course, lessons, django_assert_max_num_queries
    ):
        client.force_login(citizen)
        response = client.get(course.url)
        assert reverse("courses:course_enroll", args=[course.pk]).encode() in response.content
        response = client.post(reverse("courses:course_enroll", args=[course.pk]))
        assert response.status_code == 302
        enrollment = Enrollment.objects.get(learner=citizen, course=course)
        lesson_complete(enrollment=enrollment, lesson=lessons[0])
        # 26 since the page states the certificate's conditions and the learner's progress
        # against them (#21); #24 brings the header's share down.
        with django_assert_max_num_queries(26):
            response = client.get(course.url)
        assert lessons[1].url.encode() in response.content  # resume at the first lesson not done
        assert b'value="33"' in response.content  # the progress bar

    def test_enroll_takes_few_queries(self, client, citizen, course, django_assert_max_num_queries):
        client.force_login(citizen)
        with django_assert_max_num_queries(20):
            client.post(reverse("courses:course_enroll", args=[course.pk]))
        assert Enrollment.objects.filter(learner=citizen).exists()

    def test_the_lesson_done_button_records_and_moves_on(
        self, client, citizen, course, lessons, django_assert_max_num_queries
    ):
        enrollment_create(learner=citizen, course=course, by=citizen)
        client.force_login(citizen)
        client.get(lessons[0].url)
        with django_assert_max_num_queries(25):
            response = client.get(lessons[0].url)
        assert reverse("courses:lesson_done", args=[lessons[0].pk]).encode() in response.content
        with django_assert_max_num_queries(20):
            response = client.post(reverse("courses:lesson_done", args=[lessons[0].pk]))
        assert response.status_code == 302
        assert response["Location"] == lessons[1].url
        assert LessonProgress.objects.count() == 1

    def test_withdraw_is_only_for_ones_own_enrollment(
        self, client, citizen, learner, course, django_assert_max_num_queries
    ):
        mine = enrollment_create(learner=citizen, course=course, by=citizen)
        theirs = enrollment_create(learner=learner, course=course, by=learner)
        client.force_login(citizen)
        url = reverse("courses:enrollment_withdraw", args=[theirs.pk])
        assert client.post(url).status_code == 404
        with django_assert_max_num_queries(15):
            client.post(reverse("courses:enrollment_withdraw", args=[mine.pk]))
        mine.refresh_from_db()
        assert mine.status == Enrollment.Status.WITHDRAWN

    def test_quiz_submission_and_result(
        self, client, citizen, course, django_assert_max_num_queries
    ):
        quiz = QuizPageFactory(parent=course, attempt_limit=1)
        enrollment_create(learner=citizen, course=course, by=citizen)
        client.force_login(citizen)
        client.get(quiz.url)
        with django_assert_max_num_queries(25):
            form = client.get(quiz.url).context["form"]
        data = {"started": form.initial["started"]}
        for question_id, choices in right_answers(quiz).items():
            data[f"q_{question_id}"] = [str(c) for c in choices]
        with django_assert_max_num_queries(20):
            response = client.post(reverse("courses:quiz_submit", args=[quiz.pk]), data)
        attempt = QuizAttempt.objects.get()
        assert response["Location"] == reverse("courses:quiz_attempt", args=[attempt.pk])
        assert attempt.passed and attempt.started_at is not None
        with django_assert_max_num_queries(12):
            response = client.get(response["Location"])
        assert response.status_code == 200
        # The limit is reached: a second submission is refused, no attempt is added.
        client.post(reverse("courses:quiz_submit", args=[quiz.pk]), data)
        assert QuizAttempt.objects.count() == 1

    def test_an_incomplete_quiz_form_is_shown_again(self, client, citizen, course):
        quiz = QuizPageFactory(parent=course)
        enrollment_create(learner=citizen, course=course, by=citizen)
        client.force_login(citizen)
        response = client.post(reverse("courses:quiz_submit", args=[quiz.pk]), {})
        assert response.status_code == 400
        assert not QuizAttempt.objects.exists()

    def test_someone_elses_quiz_attempt_is_not_found(self, client, citizen, learner, course):
        quiz = QuizPageFactory(parent=course)
        enrollment = enrollment_create(learner=learner, course=course, by=learner)
        attempt = QuizAttempt.objects.create(enrollment=enrollment, quiz=quiz, score=0)
        client.force_login(citizen)
        assert client.get(reverse("courses:quiz_attempt", args=[attempt.pk])).status_code == 404

    def test_my_learning(
        self, client, citizen, course, lessons, session, django_assert_max_num_queries
    ):
        enrollment = enrollment_create(learner=citizen, course=course, by=citizen)
        lesson_complete(enrollment=enrollment, lesson=lessons[0])
        registration_create(session=session, learner=citizen, by=citizen)
        client.force_login(citizen)
        with django_assert_max_num_queries(20):
            response = client.get(reverse("courses:my_learning"))
        assert response.status_code == 200
        assert course.title in response.content.decode()
        assert session.title in response.content.decode()
        assert response.context["progress"][0].resume == lessons[1]

    def test_my_learning_offers_check_in_only_while_a_held_seat_can_check_in(
        self, client, citizen, trainer_association
    ):
        now = timezone.now()
        starting = TrainingSessionFactory(
            association=trainer_association,
            starts_at=now + timedelta(minutes=10),
            ends_at=now + timedelta(hours=2),
        )
        later = TrainingSessionFactory(
            association=trainer_association,
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=2),
        )
        for session in (starting, later):
            registration_create(session=session, learner=citizen, by=citizen)
        client.force_login(citizen)
        response = client.get(reverse("courses:my_learning"))
        marks = {r.session_id: r.check_in_open for r in response.context["registrations"]}
        assert marks == {starting.pk: True, later.pk: False}
        assert response.content.decode().count(reverse("attendance:check_in")) == 1

    def test_my_learning_needs_a_login(self, client):
        response = client.get(reverse("courses:my_learning"))
        assert response.status_code == 302

    def test_my_calendar_feed_query_count(self, client, citizen, django_assert_max_num_queries):
        from courses.calendar import feed_renew, feed_token

        url = (
            reverse("courses:my_calendar_feed")
            + "?token="
            + feed_token(feed=feed_renew(user=citizen))
        )
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


class TestSessions:
    def test_list_detail_and_calendar_are_public(
        self, client, session, django_assert_max_num_queries
    ):
        TrainingSessionFactory.create_batch(3)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("courses:session_list"))
        assert session.title in response.content.decode()
        with django_assert_max_num_queries(8):
            assert (
                client.get(reverse("courses:session_detail", args=[session.pk])).status_code == 200
            )
        with django_assert_max_num_queries(3):
            response = client.get(reverse("courses:session_calendar", args=[session.pk]))
        assert response.status_code == 200

    def test_list_filters_by_region(self, client, session):
        other_region = session.region.__class__.objects.exclude(pk=session.region_id).first()
        response = client.get(reverse("courses:session_list"), {"region": other_region.pk})
        assert session.title not in response.content.decode()

    def test_register_then_cancel(self, client, citizen, session, django_assert_max_num_queries):
        client.force_login(citizen)
        with django_assert_max_num_queries(15):
            client.post(reverse("courses:session_register", args=[session.pk]))
        registration = SessionRegistration.objects.get(learner=citizen)
        assert registration.status == SessionRegistration.Status.CONFIRMED
        with django_assert_max_num_queries(20):
            client.post(reverse("courses:registration_cancel", args=[registration.pk]))
        registration.refresh_from_db()
        assert registration.status == SessionRegistration.Status.CANCELLED

    def test_someone_elses_registration_cannot_be_cancelled(
        self, client, citizen, learner, session
    ):
        registration = registration_create(session=session, learner=learner, by=learner)
        client.force_login(citizen)
        url = reverse("courses:registration_cancel", args=[registration.pk])
        assert client.post(url).status_code == 404
        registration.refresh_from_db()
        assert registration.status == SessionRegistration.Status.CONFIRMED

    def test_cancel_never_redirects_to_another_site(self, client, citizen, session):
        registration = registration_create(session=session, learner=citizen, by=citizen)
        client.force_login(citizen)
        url = reverse("courses:registration_cancel", args=[registration.pk])
        response = client.post(url, {"next": "https://evil.example.com/"})
        assert response["Location"] == reverse("courses:session_detail", args=[session.pk])


class TestTrainerStaff:
    def test_their_sessions_and_rosters(
        self, client, trainer, trainer_association, session, learner, django_assert_max_num_queries
    ):
        registration_create(session=session, learner=learner, by=learner)
        client.force_login(trainer)
        # One visit first, so per-process caches (content types, the site) are as in a running
        # server and the budgets below count what each visit costs.
        client.get(reverse("courses:association_sessions", args=[trainer_association.pk]))
        with django_assert_max_num_queries(10):
            response = client.get(
                reverse("courses:association_sessions", args=[trainer_association.pk])
            )
        assert session.title in response.content.decode()
        with django_assert_max_num_queries(12):
            response = client.get(reverse("courses:session_roster", args=[session.pk]))
        assert learner.email in response.content.decode()

    def test_the_trainer_cancels_a_session(self, client, trainer, learner, session):
        client.force_login(learner)
        assert client.post(reverse("courses:session_cancel", args=[session.pk])).status_code == 403
        client.force_login(trainer)
        response = client.post(reverse("courses:session_cancel", args=[session.pk]))
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.status == TrainingSession.Status.CANCELLED

    def test_other_roles_cannot_see_a_roster(
        self, client, learner, coordinator, other_trainer_association, session
    ):
        outsider = MembershipFactory(
            organisation=other_trainer_association, role=Membership.Role.TRAINER
        ).user
        for person in (learner, coordinator, outsider):
            client.force_login(person)
            assert (
                client.get(reverse("courses:session_roster", args=[session.pk])).status_code == 403
            )
        client.force_login(learner)
        url = reverse("courses:association_sessions", args=[session.association_id])
        assert client.get(url).status_code == 403

    def test_an_officer_may_read_a_roster(self, client, officer, session):
        client.force_login(officer)
        assert client.get(reverse("courses:session_roster", args=[session.pk])).status_code == 200


class TestScheduling:
    def test_a_trainer_schedules_a_session(
        self, client, trainer, trainer_association, course, django_assert_max_num_queries
    ):
        from organisations.models import Province

        province = Province.objects.order_by("code").first()
        client.force_login(trainer)
        url = reverse("courses:session_new", args=[trainer_association.pk])
        # 15 since the menu counts the work queue and the language switcher reads the
        # translations (#18, #21); #24 brings the header's share down.
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
        data = {
            "kind": "training",
            "course": course.pk,
            "title_ar": "ورشة الأمن الرقمي",
            "starts_at": "2031-03-02T09:00",
            "ends_at": "2031-03-02T12:00",
            "mode": "in_person",
            "venue_ar": "دار الشباب",
            "province": province.pk,
            "capacity": "30",
            "trainers": [trainer.pk],
        }
        with django_assert_max_num_queries(36):
            response = client.post(url, data)
        assert response.status_code == 302
        session = TrainingSession.objects.get()
        assert session.association == trainer_association
        assert session.region == province.region
        assert list(session.trainers.all()) == [trainer]
        # Morocco time: 09:00 in Casablanca.
        assert timezone.localtime(session.starts_at).hour == 9

    def test_a_session_ending_before_it_starts_is_refused(
        self, client, trainer, trainer_association
    ):
        client.force_login(trainer)
        url = reverse("courses:session_new", args=[trainer_association.pk])
        response = client.post(
            url,
            {
                "kind": "dialogue",
                "title_ar": "لقاء",
                "starts_at": "2031-03-02T09:00",
                "ends_at": "2031-03-02T08:00",
                "mode": "online",
                "online_url": "https://meet.example.org/a",
                "capacity": "10",
            },
        )
        assert response.status_code == 200
        assert "ends_at" in response.context["form"].errors
        assert not TrainingSession.objects.exists()

    def test_other_roles_cannot_schedule(
        self, client, learner, officer, trainer_association, other_trainer_association
    ):
        editor = MembershipFactory(
            organisation=trainer_association, role=Membership.Role.EDITOR
        ).user
        outsider = MembershipFactory(
            organisation=other_trainer_association, role=Membership.Role.ADMIN
        ).user
        url = reverse("courses:session_new", args=[trainer_association.pk])
        for person in (learner, officer, editor, outsider):
            client.force_login(person)
            assert client.get(url).status_code == 403


class TestCoordinator:
    def test_the_members_page(
        self,
        client,
        coordinator,
        learner,
        member_association,
        course,
        session,
        django_assert_max_num_queries,
    ):
        enrollment_create(learner=learner, course=course, by=learner)
        registration_create(session=session, learner=learner, by=learner)
        client.force_login(coordinator)
        url = reverse("courses:coordinator", args=[member_association.pk])
        with django_assert_max_num_queries(18):
            response = client.get(url)
        assert course.title in response.content.decode()
        assert session.title in response.content.decode()

    def test_enrolls_one_member(self, client, coordinator, learner, member_association, course):
        client.force_login(coordinator)
        url = reverse("courses:coordinator", args=[member_association.pk])
        response = client.post(url, {"learner": learner.pk, "course": course.pk})
        assert response.status_code == 302
        assert Enrollment.objects.get(learner=learner).enrolled_by == coordinator

    def test_registers_a_member_for_a_session(
        self, client, coordinator, learner, citizen, member_association, session
    ):
        client.force_login(coordinator)
        url = reverse("courses:coordinator_register", args=[member_association.pk])
        response = client.post(
            url, {"register-learner": learner.pk, "register-session": session.pk}
        )
        assert response.status_code == 302
        registration = SessionRegistration.objects.get(learner=learner)
        assert registration.registered_by == coordinator
        # Someone outside the association is not in the choices.
        client.post(url, {"register-learner": citizen.pk, "register-session": session.pk})
        assert not SessionRegistration.objects.filter(learner=citizen).exists()

    def test_other_roles_get_403(self, client, learner, trainer, member_association):
        for person in (learner, trainer):
            client.force_login(person)
            for name in ("courses:coordinator", "courses:import_upload"):
                assert client.get(reverse(name, args=[member_association.pk])).status_code == 403
            for name in ("courses:coordinator_register", "courses:import_confirm"):
                assert client.post(reverse(name, args=[member_association.pk])).status_code == 403

    def test_bulk_import_in_two_steps(
        self, client, coordinator, member_association, course, django_assert_max_num_queries
    ):
        member = MembershipFactory(organisation=member_association, role=Membership.Role.MEMBER)
        data = f"\ufeffNom;Courriel\nعضو;{member.user.email}\nجديد;new@example.org\nخطأ;bad\n"
        client.force_login(coordinator)
        url = reverse("courses:import_upload", args=[member_association.pk])
        upload = SimpleUploadedFile("people.csv", data.encode("utf-8"), "text/csv")
        # 15, the look-alike address check, the menu's unread-notifications count, and three
        # Wagtail look-ups (site, page, content type) the page grew this round: #24 removes
        # per-request Wagtail look-ups; lower the bound again then.
        with django_assert_max_num_queries(20):
            response = client.post(url, {"course": course.pk, "file": upload})
        report = response.context["report"]
        assert [(row.line, row.ok) for row in report] == [(2, True), (3, True), (4, False)]
        assert not Enrollment.objects.exists()  # nothing imported before confirmation
        batch = response.context["confirm_form"].initial["batch"]
        confirm = reverse("courses:import_confirm", args=[member_association.pk])
        with django_assert_max_num_queries(40):
            response = client.post(confirm, {"batch": batch})
        assert response.status_code == 302
        assert Enrollment.objects.get().learner == member.user
        # The same batch cannot be imported twice.
        response = client.post(confirm, {"batch": batch})
        assert response["Location"].endswith(url)

    def test_a_file_that_is_not_a_list_is_refused(
        self, client, coordinator, member_association, course
    ):
        client.force_login(coordinator)
        url = reverse("courses:import_upload", args=[member_association.pk])
        upload = SimpleUploadedFile("people.xlsx", b"PK\x03\x04garbage", "application/zip")
        response = client.post(url, {"course": course.pk, "file": upload})
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert response.context.get("report") is None


def test_a_user_without_any_role_sees_my_learning_without_association_links(client):
    person = UserFactory()
    client.force_login(person)
    response = client.get(reverse("courses:my_learning"))
    assert not response.context["coordinated"]
    assert not response.context["trainer_organisations"]


def test_my_learning_links_to_the_course_in_the_readers_language(client, citizen, course):
    from wagtail.models import Locale

    french = Locale.objects.get_or_create(language_code="fr")[0]
    french_course = course.copy_for_translation(french, copy_parents=True)
    french_course.save_revision().publish()
    french_course.refresh_from_db()
    enrollment_create(learner=citizen, course=course, by=citizen)
    client.force_login(citizen)
    response = client.get(reverse("courses:my_learning").replace("/ar/", "/fr/", 1))
    assert french_course.url.encode() in response.content
