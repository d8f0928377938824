"""Dated events a trainer association delivers (training sessions, awareness campaign events,
territorial dialogue meetings) and the people registered for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bilingual import bilingual
from organisations.models import Organisation

__all__ = ["SessionRegistration", "TrainingSession"]


class TrainingSession(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training session")
        AWARENESS = "awareness", _("Awareness campaign event")
        DIALOGUE = "dialogue", _("Territorial dialogue meeting")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.TRAINING, db_index=True
    )
    # Optional: a dialogue meeting or a campaign event need not belong to a course.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("course"),
    )
    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        limit_choices_to={"kind": Organisation.Kind.TRAINER},
        verbose_name=_("delivering association"),
    )
    # Typed in Arabic, in French or both (at least one title); pages show the reader's
    # language, else the other one marked with its lang and dir (core/bilingual.py).
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue_ar = models.CharField(_("venue (Arabic)"), max_length=255, blank=True)
    venue_fr = models.CharField(_("venue (French)"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "organisations.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    province = models.ForeignKey(
        "organisations.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trained_sessions",
        verbose_name=_("trainers"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    title = bilingual("title")
    description = bilingual("description")
    venue = bilingual("venue")

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_ar="") | ~Q(title_fr=""), name="session_has_a_title"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("courses:session_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if not (self.title_ar.strip() or self.title_fr.strip()):
            # Shown beside the first of the two fields; either one answers it.
            errors["title_ar"] = ValidationError(
                _("Enter the title in Arabic, in French or in both."), code="no_title"
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if self.capacity is not None and self.capacity <= 0:
            errors["capacity"] = _("Enter a number greater than zero.")
        if self.mode == self.Mode.IN_PERSON:
            if not (self.venue_ar.strip() or self.venue_fr.strip()):
                errors["venue_ar"] = _("An in-person session needs a venue.")
            if not self.province_id:
                errors["province"] = _("An in-person session needs a province.")
        elif self.mode == self.Mode.ONLINE and not self.online_url:
            errors["online_url"] = _("An online session needs a meeting link.")
        if self.province_id:
            # The region follows the province: filled in, or checked when given.
            if not self.region_id:
                self.region_id = self.province.region_id
            elif self.province.region_id != self.region_id:
                errors["province"] = _("This province is not in the chosen region.")
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            errors["commune"] = _("This commune is not in the chosen province.")
        if self.association_id and self.association.kind != Organisation.Kind.TRAINER:
            errors["association"] = _("Only trainer associations deliver sessions.")
        if (
            self.course_id
            and self.association_id
            and self.course.association_id not in (None, self.association_id)
        ):
            errors["course"] = _("This course belongs to another association.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()


class SessionRegistration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("session"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_registrations",
        verbose_name=_("learner"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    # The order on the waiting list: a ticket number, kept as people ahead leave.
    position = models.PositiveIntegerField(_("waiting-list position"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved off the waiting list at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["session", "status", "position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"],
                condition=~Q(status="cancelled"),
                name="registration_unique_active",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.session} ({self.get_status_display()})"
