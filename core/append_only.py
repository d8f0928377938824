"""Records that are written once and never changed: the evidence behind public money.

The grants audit log and attendance records share this: ``save`` on an existing row,
``delete``, and the bulk ``update``/``delete``/``bulk_update`` paths all refuse, so no ORM path
rewrites history. (Raw SQL still can; that is what the attendance hash chain detects.)
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(ValidationError):
    """Raised when code tries to change or delete an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    def _refuse(self):
        raise AppendOnlyError(self.model.append_only_message, code="append_only")

    def update(self, **kwargs):
        self._refuse()

    def delete(self):
        self._refuse()

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse()


class AppendOnlyModel(models.Model):
    """Abstract base: rows can be added, never changed or deleted."""

    append_only_message = _("This record cannot be changed or deleted.")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(self.append_only_message, code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(self.append_only_message, code="append_only")
