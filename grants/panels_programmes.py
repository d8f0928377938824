"""Agreement-page panels of this part of grants (grants/panels.py): the signed convention and
the amendments, each with its before and after values and its signed document."""

from __future__ import annotations

from organisations import permissions

from .models import TARGETS
from .panels import register_panel


def _changes(amendment) -> list[dict]:
    from django.utils.translation import gettext as _

    before, after = amendment.values_before, amendment.values_after
    labels = {
        "amount": _("Amount (MAD)"),
        "starts_on": _("Starts on"),
        "ends_on": _("Ends on"),
    }
    rows = [
        {"label": labels[name], "before": before.get(name), "after": after.get(name)}
        for name in ("amount", "starts_on", "ends_on")
        if before.get(name) != after.get(name)
    ]
    for key, label in TARGETS:
        old = (before.get("targets") or {}).get(key)
        new = (after.get("targets") or {}).get(key)
        if old != new:
            rows.append({"label": label, "before": old, "after": new})
    return rows


def _context(request, agreement):
    # The page shows panels only to those who may view the agreement; the roles are cached on
    # the user for the request, and an agreement at version 0 has no amendment to read.
    amendments = []
    if agreement.version:
        amendments = list(agreement.amendments.order_by("number"))
    for amendment in amendments:
        amendment.changes = _changes(amendment)
    return {
        "amendments": amendments,
        "can_manage": permissions.can_manage_programmes(request.user, agreement.programme.funder),
    }


register_panel("programmes", template="grants/programmes/panel.html", context=_context, order=10)
