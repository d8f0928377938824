"""One notification to one person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The link: a URL name and its arguments, reversed in the reader's language (so the
    # e-mail to an Arabic reader and the French reader's list each open their own language),
    # or a plain path on this site.
    url_name = models.CharField(_("link name"), max_length=100, blank=True)
    url_args = models.JSONField(_("link arguments"), default=list, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Optional: the same key for the same person is one notification however often the sender
    # runs (a daily reminder, a retried task).
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_unique_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    def target_url(self) -> str:
        """The link's path, in the language now active."""
        if self.url_name:
            from django.urls import NoReverseMatch, reverse

            try:
                return reverse(self.url_name, args=self.url_args)
            except NoReverseMatch:
                return ""
        return self.url

    @property
    def subject(self) -> str:
        """In the language now active (the reader's)."""
        from .registry import get_kind

        try:
            return str(get_kind(self.kind).subject(self.params))
        except (LookupError, KeyError, TypeError, ValueError):
            return self.kind
