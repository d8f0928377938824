"""The funder staff's work queue: what waits for a programme officer's review, for finance's
check and for payment, oldest first (grants.selectors_queue)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors_queue import work_queue


@login_required
@require_GET
def queue(request):
    data = work_queue(user=request.user)
    if not data.scope.any:
        raise PermissionDenied
    scope = data.scope
    context = {
        "queue": data,
        # Auditors and the platform admin read the lists; only officers and finance act.
        "read_only": not (scope.reviews or scope.checks),
    }
    return render(request, "grants/queue/queue.html", context)
