"""Invitations and an organisation's people."""

from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organisations import permissions

from . import selectors, services
from .forms import InvitationForm
from .models import Invitation, Organisation

# The same invitation posted again this soon by the same person is a double submission.
REPEAT_WINDOW = timedelta(minutes=10)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    found = selectors.invitation_get_by_token(token=token)
    try:
        services.invitation_check(invitation=found)
    except services.InvitationError as error:
        status = 404 if error.code == "invalid" else 410
        return render(
            request,
            "organisations/invitation_invalid.html",
            {"error": error.message},
            status=status,
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("account_login")
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(
            request,
            _("Welcome! You are now %(role)s of %(organisation)s.")
            % {"role": membership.get_role_display(), "organisation": membership.organisation},
        )
        return redirect("accounts:profile")
    if not request.user.is_authenticated:
        # Following the link proves the address: signing up with it needs no second e-mail.
        get_adapter(request).stash_verified_email(request, found.email)
    return render(request, "organisations/invitation.html", {"invitation": found})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_people(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not permissions.can_view_organisation_members(request.user, organisation):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                repeat_window=REPEAT_WINDOW,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            values = {"email": form.cleaned_data["email"]}
            if invitation.just_created:
                messages.success(request, _("An invitation has been sent to %(email)s.") % values)
            else:
                messages.info(
                    request,
                    _("An invitation was sent to %(email)s a moment ago; it is still valid.")
                    % values,
                )
            return redirect("organisations:people", pk=organisation.pk)
    return render(
        request,
        "organisations/organisation_people.html",
        {
            "organisation": organisation,
            "memberships": selectors.organisation_members(organisation=organisation),
            "invitations": selectors.organisation_pending_invitations(organisation=organisation),
            "form": form,
        },
    )


@login_required
@require_http_methods(["POST"])
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("organisations:people", pk=invitation.organisation_id)
