"""Member-association coordinators: their members' learning, registering a member, bulk
enrollment from a file."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import permissions
from organisations.models import Organisation

from .. import selectors, services
from ..forms import (
    ImportConfirmForm,
    ImportUploadForm,
    MemberEnrollForm,
    MemberRegisterForm,
)
from ..importing import Row, parse_people_file, validate_rows
from ..models import (
    CoursePage,
)
from .common import flash_errors

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
            enrollment = services.enrollment_create(
                learner=form.cleaned_data["learner"],
                course=form.cleaned_data["course"],
                by=request.user,
                member_association=organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if enrollment.just_created:
                messages.success(request, _("The member is enrolled."))
            else:
                messages.info(request, _("This member is already enrolled in this course."))
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
        flash_errors(request, error)
    else:
        values = {"name": registration.learner, "status": registration.get_status_display()}
        if registration.just_created:
            messages.success(request, _("%(name)s: %(status)s.") % values)
        else:
            messages.info(
                request, _("%(name)s is already registered for this session: %(status)s.") % values
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
        flash_errors(request, error)
        return redirect("courses:import_upload", org_id=organisation.pk)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("%(enrolled)d enrolled, %(invited)d invited, %(skipped)d skipped.")
        % {"enrolled": outcome.enrolled, "invited": outcome.invited, "skipped": outcome.skipped},
    )
    return redirect("courses:coordinator", org_id=organisation.pk)
