"""allauth adapter: e-mail through Celery, language from the person's preference, look-alike
addresses refused (accounts/email_checks.py)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext

from .email_checks import validate_new_email
from .services import email_queue


@dataclass(frozen=True)
class EmailSite:
    """What allauth's e-mail templates read of ``current_site``."""

    name: str
    domain: str


def site_for_email() -> EmailSite:
    return EmailSite(name=gettext("Tamkeen"), domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Every address allauth takes in passes here: sign-up (an invitation's included), adding
        # or changing an address, password reset. An address already registered as it is goes
        # through (the reset of that account; the forms' uniqueness checks say the rest).
        email = super().clean_email(email)
        validate_new_email(email)
        return email

    def send_mail(self, template_prefix, email, context):
        # allauth's own send_mail puts the site in the context; this one replaces it, so the
        # messages ("Hello from {{ current_site.name }}!") must get it here, named from the
        # settings rather than from the request's host (e-mails also go from tasks).
        context = {"email": email, "current_site": site_for_email(), **context}
        message = self.render_mail(template_prefix, email, context)
        html = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        email_queue(
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            html=html,
            from_email=message.from_email,
            headers=message.extra_headers,
        )
