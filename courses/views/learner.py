"""Learner pages: enrollment, progress, quizzes, My learning, the personal calendar."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from .. import selectors, services
from ..attendance import checkin
from ..calendar import feed_of, feed_renew, feed_token, feed_user, sessions_ical
from ..forms import (
    QuizForm,
)
from ..models import (
    CoursePage,
    Enrollment,
    LessonPage,
    QuizAttempt,
    QuizPage,
    SessionRegistration,
)
from .common import flash_errors, ics_response

# --- Learner: enrollment, progress, quizzes ---------------------------------------------------


@login_required
@require_POST
def course_enroll(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrollment = services.enrollment_create(
            learner=request.user, course=course, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if enrollment.just_created:
            messages.success(request, _("You are enrolled. Welcome to the course!"))
        else:
            messages.info(request, _("You are already enrolled in this course."))
    return redirect(course.get_url(request))


@login_required
@require_POST
def enrollment_withdraw(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("course"), pk=pk, learner=request.user
    )
    try:
        services.enrollment_withdraw(enrollment=enrollment, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("You have left the course."))
    return redirect(enrollment.course.get_url(request))


@login_required
@require_POST
def lesson_done(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.get_parent().specific
    enrollment = selectors.enrollment_for(user=request.user, course=course)
    if enrollment is None:
        messages.error(request, _("Enroll in the course to record your progress."))
        return redirect(course.get_url(request))
    try:
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(lesson.get_url(request))
    following = selectors.enrollment_progress(enrollment=enrollment).resume
    following = selectors.page_in_locale(following, lesson.locale_id)
    return redirect((following or course).get_url(request))


@login_required
@require_POST
def quiz_submit(request, quiz_id):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    context = quiz.get_context(request)
    if context["enrollment"] is None:
        messages.error(request, _("Enroll in the course to take this quiz."))
        return redirect(context["course"].get_url(request))
    form = QuizForm(request.POST, questions=context["public_questions"])
    if not form.is_valid():
        context["form"] = form
        return render(request, quiz.get_template(request), context, status=400)
    try:
        attempt = services.quiz_attempt_submit(
            enrollment=context["enrollment"],
            quiz=quiz,
            answers=form.answers(),
            started_at=form.started_at(),
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(quiz.get_url(request))
    return redirect("courses:quiz_attempt", pk=attempt.pk)


@login_required
@require_GET
def quiz_attempt(request, pk):
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz", "enrollment"),
        pk=pk,
        enrollment__learner=request.user,
    )
    return render(
        request,
        "courses/learning/quiz_attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "review": selectors.quiz_attempt_review(attempt=attempt),
        },
    )


def _with_check_in(registrations) -> list:
    """Each registration, marked when its session's self check-in is open now: My learning then
    offers the typed-code check-in to whoever holds a seat (the QR code is the other way)."""
    now = timezone.now()
    registrations = list(registrations)
    for registration in registrations:
        confirmed = registration.status == SessionRegistration.Status.CONFIRMED
        registration.check_in_open = confirmed and checkin.is_open(registration.session, now)
    return registrations


@login_required
@require_GET
def my_learning(request):
    # People invited by their coordinator land here after accepting: their enrollments wait.
    claimed = services.enrollment_claim_pending(user=request.user)
    if claimed:
        messages.success(request, _("Your association enrolled you in new courses."))
    return render(
        request,
        "courses/learning/my_learning.html",
        {
            "progress": selectors.progress_in_locale(
                progress=selectors.learner_progress(
                    enrollments=selectors.my_enrollments(user=request.user)
                ),
                locale_id=Locale.get_active().pk,
            ),
            "registrations": _with_check_in(selectors.upcoming_registrations(user=request.user)),
            "coordinated": selectors.member_coordinated_organisations(user=request.user),
            "trainer_organisations": selectors.trainer_organisations(user=request.user),
            **_calendar_feed_context(request.user),
        },
    )


RENEW_REPEAT_WINDOW = timedelta(seconds=10)


def _calendar_feed_context(user) -> dict:
    feed = feed_of(user=user)
    usable = feed is not None and not feed.is_expired
    return {"calendar_feed": feed, "feed_token": feed_token(feed=feed) if usable else ""}


@login_required
@require_POST
def my_calendar_feed_renew(request):
    """A new private calendar link; the previous one stops working at once."""
    previous = feed_of(user=request.user)
    if previous is not None and previous.created_at > timezone.now() - RENEW_REPEAT_WINDOW:
        # The same button pressed twice: the link made a moment ago stays.
        messages.info(request, _("Your calendar link was just renewed; it is the one below."))
        return redirect(reverse("courses:my_learning") + "#my-calendar")
    feed_renew(user=request.user)
    if previous is not None:
        messages.success(
            request,
            _(
                "Your calendar has a new link. The previous one no longer works: "
                "replace it in your calendar application."
            ),
        )
    else:
        messages.success(request, _("Your calendar link is ready."))
    return redirect(reverse("courses:my_learning") + "#my-calendar")


@require_GET
def my_calendar_feed(request):
    # Unknown, forged, replaced and expired links all answer 404: a calendar application
    # cannot act on the difference, and the owner sees on My learning what to do.
    user = feed_user(token=request.GET.get("token", ""))
    if user is None:
        raise Http404
    sessions = [r.session for r in selectors.calendar_registrations(user=user)]
    return ics_response(sessions_ical(sessions, name=_("My Tamkeen sessions")), "tamkeen.ics")
