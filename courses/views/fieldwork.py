"""The trainer's day (My sessions, editing and rescheduling a session) and the learner's own
attendance history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisations import permissions

from .. import selectors, services
from ..attendance.history import learner_attendance_history
from ..forms import SessionForm
from ..models import TrainingSession


@login_required
@require_GET
def my_sessions(request):
    return render(
        request, "courses/learning/my_sessions.html", selectors.my_sessions(user=request.user)
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("association"), pk=pk)
    if not permissions.can_manage_session(request.user, session):
        raise PermissionDenied
    # The form works on its own copy: the service decides, on the row it locks.
    copy = TrainingSession.objects.get(pk=session.pk)
    form = SessionForm(request.POST or None, instance=copy, organisation=session.association)
    editable = session.status == TrainingSession.Status.SCHEDULED
    if request.method == "POST" and editable and form.is_valid():
        try:
            updated = services.session_update(
                session=session,
                by=request.user,
                trainers=form.cleaned_data["trainers"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add(form, error)
        else:
            if updated.changes:
                messages.success(
                    request, _("The session is changed; the people registered are told.")
                )
            else:
                messages.success(request, _("The session is saved."))
            return redirect("courses:session_detail", pk=session.pk)
    return render(
        request,
        "courses/learning/session_edit.html",
        {
            "session": session,
            "form": form,
            "editable": editable,
            "seats": selectors.session_seats(session=session),
        },
        status=400 if form.errors else 200,
    )


def _add(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
@require_GET
def my_attendance(request):
    return render(
        request,
        "courses/learning/my_attendance.html",
        {"rows": learner_attendance_history(user=request.user)},
    )
