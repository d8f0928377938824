"""The security audit log: sign-ins, failed sign-ins, second-factor, password, e-mail and role
changes, and personal-data exports. Rows are appended, never changed (core/append_only.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel

from .network import USER_AGENT_MAX


class SecurityEvent(AppendOnlyModel):
    """One thing that happened to an account or to people's data, with who, when and from where.

    ``details`` never holds a password, a token or a code (``security.events.clean_details``).
    The people are linked with SET_NULL: erasing a person removes the link, the event stays.
    """

    append_only_message = _("The security log cannot be changed.")
    # The admin viewset registers the model with Wagtail, whose reference index would otherwise
    # index every event (three extra queries on each logged request); events reference nothing
    # that an editor needs to find.
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        MFA_FAILED = "mfa_failed", _("Wrong second-factor code")
        MFA_ADDED = "mfa_added", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        MFA_RESET = "mfa_reset", _("Recovery codes regenerated")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        EMAIL_ADDED = "email_added", _("E-mail address added")
        EMAIL_REMOVED = "email_removed", _("E-mail address removed")
        EMAIL_CHANGED = "email_changed", _("Sign-in e-mail address changed")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_CHANGED = "role_changed", _("Role changed")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        GROUPS_CHANGED = "groups_changed", _("Admin groups changed")
        PRIVILEGES_CHANGED = "privileges_changed", _("Superuser, staff or active flag changed")
        DATA_EXPORTED = "data_exported", _("Personal data exported")
        ACCOUNT_ERASED = "account_erased", _("Account erased")

    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Who did it (empty for a failed sign-in or a background job)."),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
        help_text=_("Whose account or data it concerns (empty for an export about many people)."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_MAX, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"

    @property
    def actor_email(self) -> str:
        return self.actor.email if self.actor_id else ""

    @property
    def subject_email(self) -> str:
        return self.subject.email if self.subject_id else ""
