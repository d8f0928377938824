"""What the offline pages' script says, translated here (the script itself holds no words)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def offline_texts() -> dict:
    return {
        "online": _("Online."),
        "offline": _("No network: marks are kept on this phone."),
        # %(count)s is replaced by the script with the number of marks.
        "waiting": _("%(count)s waiting to send."),
        "queued": _("waiting to send"),
        "refused": _("Refused."),
        "reason_needed": _("This mark was corrected with a reason: type a reason first."),
        "queued_check_in": _(
            "Your check-in is kept on this phone: it is sent when the network returns."
        ),
        "checked_in": _("You are checked in. Welcome!"),
    }
