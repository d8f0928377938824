"""Password validators whose messages reach the reader in their language.

Django 5.2 changed the msgid of the "too short" message (``%(min_length)d`` became ``%d``), and
its Arabic catalogue holds only the old msgid: the Arabic sign-up page said it in English (#21).
``MinimumLengthValidator`` asks the catalogues for the current msgid, then for the old one, and
says whichever is translated; the French catalogue has the new one, the Arabic the old one.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext

CURRENT = (
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
)
BEFORE_5_2 = (
    "This password is too short. It must contain at least %(min_length)d character.",
    "This password is too short. It must contain at least %(min_length)d characters.",
)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        count = self.min_length
        message = ngettext(CURRENT[0], CURRENT[1], count)
        if message in CURRENT:
            former = ngettext(BEFORE_5_2[0], BEFORE_5_2[1], count)
            if former not in BEFORE_5_2:
                return former % {"min_length": count}
        return message % count
