"""The signed-in person's own pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organisations.selectors import memberships_for_user

from .forms import ProfileForm
from .services import user_update_profile


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user_update_profile(
                user=request.user,
                data={name: form.cleaned_data[name] for name in form.changed_data},
            )
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=request.user)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships_for_user(user=request.user)},
    )
