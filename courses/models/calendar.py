"""The key behind each person's calendar feed link (courses/calendar.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CalendarFeed"]


class CalendarFeed(models.Model):
    """One per person who asked for a feed link. The link carries the key signed with the
    site's secret, so the key alone (a database copy) opens nothing; a new key (the person asked
    for a new link) stops the old link at once, and the link expires
    ``CALENDAR_FEED_VALID_DAYS`` after it was made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created_at:%Y-%m-%d}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.CALENDAR_FEED_VALID_DAYS)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
