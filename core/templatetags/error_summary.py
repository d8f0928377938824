"""The error summary's list (templates/includes/error_summary.html): one list, which the title's
count is taken from, so the summary never announces "2 errors" above three.

It holds every error the page shows: the form's own (non-field) errors, then each field's, one
entry per message (a field may have several), for a form or a formset (its own errors, then
each form's, and the forms' of a management form left aside).
"""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    message: str
    label: str = ""
    anchor: str = ""  # the field's id, for the link; "" for an error of the whole form


def _field_anchor(field) -> str:
    # A field made of several inputs (radio buttons, checkboxes) has no id for its label: its
    # first input's id is the auto id with "_0".
    return field.id_for_label or f"{field.auto_id}_0"


def _form_items(form) -> list[SummaryItem]:
    items = [SummaryItem(str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                items.append(SummaryItem(str(error)))
            else:
                items.append(SummaryItem(str(error), str(field.label), _field_anchor(field)))
    return items


@register.simple_tag
def error_summary_items(form) -> list[SummaryItem]:
    """What the summary lists for ``form`` (a form or a formset); [] when nothing is wrong or
    the form was not submitted."""
    if form is None or not getattr(form, "is_bound", False):
        return []
    if hasattr(form, "forms") and hasattr(form, "non_form_errors"):
        items = [SummaryItem(str(error)) for error in form.non_form_errors()]
        for each in form.forms:
            items += _form_items(each)
        return items
    return _form_items(form)
