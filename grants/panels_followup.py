"""Agreement-page panels of this part of grants (grants/panels.py): the reports due."""

from organisations import permissions

from .panels import register_panel


def _reports_due(request, agreement):
    from .services.deadlines import deadline_flag, report_deadlines

    # The association's staff and the funder's staff: whoever sees the agreement.
    if not permissions.can_view_agreement(request.user, agreement):
        return None
    deadlines = report_deadlines(agreement=agreement)
    if not deadlines:
        return None
    return {
        "deadlines": deadlines,
        "flag": deadline_flag(deadlines),
        "programme": agreement.programme,
    }


register_panel(
    "reports_due", template="grants/followup/reports_due.html", context=_reports_due, order=30
)
