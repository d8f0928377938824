from django import template

from ..selectors_queue import work_queue_count

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queue_waiting(context):
    """The number of items in the person's work queue, or None when they have none (the
    header shows "Work queue" and the funder dashboard to funder staff only)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return work_queue_count(user=user)
