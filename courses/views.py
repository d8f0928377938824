"""Learning pages by role: learners (enroll, progress, quizzes, sessions), coordinators (their
members, bulk enrollment) and trainer association staff (their sessions and rosters).

Each view parses input with a form, calls one service or selector and renders. Other people's
records answer 404; a page for a role the person does not hold answers 403.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from accounts.models import User
from lms import permissions
from organisations.models import Organisation

from . import selectors, services
from .calendar import feed_token, feed_user_id, session_ical, sessions_ical
from .forms import (
    ImportConfirmForm,
    ImportUploadForm,
    MemberEnrollForm,
    MemberRegisterForm,
    QuizForm,
    SessionFilterForm,
    SessionForm,
)
from .importing import Row, parse_people_file, validate_rows
from .models import (
    CoursePage,
    Enrollment,
    LessonPage,
    QuizAttempt,
    QuizPage,
    SessionRegistration,
    TrainingSession,
)


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Learner: enrollment, progress, quizzes ---------------------------------------------------


@login_required
@require_POST
def course_enroll(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        services.enrollment_create(learner=request.user, course=course, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("You are enrolled. Welcome to the course!"))
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
        _error(request, error)
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
        _error(request, error)
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
        _error(request, error)
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
            "registrations": selectors.upcoming_registrations(user=request.user),
            "coordinated": selectors.member_coordinated_organisations(user=request.user),
            "trainer_organisations": selectors.trainer_organisations(user=request.user),
            "feed_token": feed_token(user=request.user),
        },
    )


@require_GET
def my_calendar_feed(request):
    user_id = feed_user_id(token=request.GET.get("token", ""))
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    sessions = [r.session for r in selectors.calendar_registrations(user=user)]
    return _ics(sessions_ical(sessions, name=_("My Tamkeen sessions")), "tamkeen.ics")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Sessions and registration ----------------------------------------------------------------


@require_GET
def session_list(request):
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sessions = selectors.upcoming_sessions(
        region=filters.get("region"),
        kind=filters.get("kind") or None,
        course=filters.get("course"),
    )
    return render(
        request,
        "courses/learning/session_list.html",
        {"form": form, "sessions": Paginator(sessions, 20).get_page(request.GET.get("page"))},
    )


@require_GET
def session_detail(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.select_related(
            "association", "course", "province", "region", "commune"
        ),
        pk=pk,
    )
    registration = selectors.registration_for(user=request.user, session=session)
    return render(
        request,
        "courses/learning/session_detail.html",
        {
            "session": session,
            "seats": selectors.session_seats(session=session),
            "registration": registration,
            "waiting_rank": registration and selectors.waiting_rank(registration=registration),
            "can_manage": permissions.can_view_session_roster(request.user, session),
        },
    )


@login_required
@require_POST
def session_register(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    try:
        registration = services.registration_create(
            session=session, learner=request.user, by=request.user
        )
    except ValidationError as error:
        _error(request, error)
    else:
        if registration.status == SessionRegistration.Status.CONFIRMED:
            messages.success(request, _("Your seat is confirmed."))
        else:
            messages.info(
                request, _("The session is full: you are on the waiting list. We will e-mail you.")
            )
    return redirect("courses:session_detail", pk=session.pk)


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = get_object_or_404(
        SessionRegistration.objects.select_related("session", "learner"), pk=pk
    )
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except PermissionDenied:
        raise Http404 from None  # someone else's registration: not even its existence
    messages.success(request, _("The registration is cancelled."))
    following = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(following)
    return redirect("courses:session_detail", pk=registration.session_id)


@require_GET
def session_calendar(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.select_related("province", "commune"), pk=pk
    )
    return _ics(session_ical(session), f"session-{session.pk}.ics")


# --- Trainer association staff ----------------------------------------------------------------


@login_required
@require_GET
def association_sessions(request, org_id):
    organisation = get_object_or_404(Organisation, pk=org_id, kind=Organisation.Kind.TRAINER)
    if not (request.user.is_superuser or permissions.is_trainer_staff(request.user, organisation)):
        raise PermissionDenied
    return render(
        request,
        "courses/learning/association_sessions.html",
        {
            "organisation": organisation,
            "sessions": selectors.association_sessions(association=organisation),
            "can_schedule": permissions.can_schedule_sessions(request.user, organisation),
        },
    )


@login_required
def session_new(request, org_id):
    organisation = get_object_or_404(Organisation, pk=org_id, kind=Organisation.Kind.TRAINER)
    if not permissions.can_schedule_sessions(request.user, organisation):
        raise PermissionDenied
    form = SessionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                association=organisation,
                by=request.user,
                trainers=form.cleaned_data["trainers"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session is scheduled."))
            return redirect("courses:session_roster", pk=session.pk)
    return render(
        request, "courses/learning/session_form.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("association"), pk=pk)
    if not permissions.can_manage_session(request.user, session):
        raise PermissionDenied
    try:
        services.session_cancel(session=session, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The session is cancelled; the people registered are told."))
    return redirect("courses:session_roster", pk=session.pk)


@login_required
@require_GET
def session_roster(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.select_related("association", "course"), pk=pk
    )
    if not permissions.can_view_session_roster(request.user, session):
        raise PermissionDenied
    return render(
        request,
        "courses/learning/session_roster.html",
        {
            "session": session,
            "roster": selectors.session_roster(session=session),
            "seats": selectors.session_seats(session=session),
            "can_manage": permissions.can_manage_session(request.user, session),
        },
    )


# --- Member association coordinators --------------------------------------------------------


def _coordinated(request, org_id) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_id, kind=Organisation.Kind.MEMBER)
    if not permissions.is_member_coordinator(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def coordinator_dashboard(request, org_id):
    organisation = _coordinated(request, org_id)
    form = MemberEnrollForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_create(
                learner=form.cleaned_data["learner"],
                course=form.cleaned_data["course"],
                by=request.user,
                member_association=organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member is enrolled."))
            return redirect("courses:coordinator", org_id=organisation.pk)
    return render(
        request,
        "courses/learning/coordinator.html",
        {
            "organisation": organisation,
            "form": form,
            "register_form": MemberRegisterForm(organisation=organisation, prefix="register"),
            **selectors.coordinator_members_learning(organisation=organisation),
        },
    )


@login_required
@require_POST
def coordinator_register(request, org_id):
    organisation = _coordinated(request, org_id)
    form = MemberRegisterForm(request.POST, organisation=organisation, prefix="register")
    if not form.is_valid():
        messages.error(request, _("Choose a member and an upcoming session."))
        return redirect("courses:coordinator", org_id=organisation.pk)
    try:
        registration = services.registration_create(
            session=form.cleaned_data["session"],
            learner=form.cleaned_data["learner"],
            by=request.user,
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": registration.learner, "status": registration.get_status_display()},
        )
    return redirect("courses:coordinator", org_id=organisation.pk)


# Between the upload and the confirmation the rows wait in the session (server side): the
# confirmation checks them again and imports only the rows that are still valid.
IMPORT_SESSION_KEY = "courses.import"


@login_required
def import_upload(request, org_id):
    organisation = _coordinated(request, org_id)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"organisation": organisation, "form": form}
    if request.method == "POST" and form.is_valid():
        course = form.cleaned_data["course"]
        try:
            rows = parse_people_file(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            report = validate_rows(organisation=organisation, course=course, rows=rows)
            batch = secrets.token_urlsafe(12)
            request.session[IMPORT_SESSION_KEY] = {
                "batch": batch,
                "organisation": organisation.pk,
                "course": course.pk,
                "rows": [[row.line, row.name, row.email] for row in rows],
            }
            context.update(
                course=course,
                report=report,
                confirm_form=ImportConfirmForm(initial={"batch": batch}),
                valid_count=sum(1 for row in report if row.ok),
                problem_count=sum(1 for row in report if not row.ok),
            )
    return render(request, "courses/learning/import.html", context)


@login_required
@require_POST
def import_confirm(request, org_id):
    organisation = _coordinated(request, org_id)
    form = ImportConfirmForm(request.POST)
    stored = request.session.get(IMPORT_SESSION_KEY) or {}
    if (
        not form.is_valid()
        or stored.get("batch") != form.cleaned_data["batch"]
        or stored.get("organisation") != organisation.pk
    ):
        messages.error(request, _("This import is no longer available: upload the file again."))
        return redirect("courses:import_upload", org_id=organisation.pk)
    course = get_object_or_404(CoursePage, pk=stored["course"])
    rows = [Row(line=line, name=name, email=email) for line, name, email in stored["rows"]]
    try:
        outcome = services.enrollment_import(
            organisation=organisation, course=course, rows=rows, by=request.user
        )
    except ValidationError as error:
        _error(request, error)
        return redirect("courses:import_upload", org_id=organisation.pk)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("%(enrolled)d enrolled, %(invited)d invited, %(skipped)d skipped.")
        % {"enrolled": outcome.enrolled, "invited": outcome.invited, "skipped": outcome.skipped},
    )
    return redirect("courses:coordinator", org_id=organisation.pk)
