"""People: one ``User`` per person, who logs in with an e-mail address."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserQuerySet(models.QuerySet):
    """Keeps the e-mail skeletons (accounts/email_checks.py) with the address when rows are
    written without ``save()``: bulk creation, and updates that set the address (erasure)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for user in objs:
            user.set_email_skeletons()
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        if isinstance(kwargs.get("email"), str):
            from .email_checks import skeletons

            kwargs["email_skeleton"], kwargs["email_domain_skeleton"] = skeletons(kwargs["email"])
        return super().update(**kwargs)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Gender and birth year are optional and feed only the funder's aggregates."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name_ar = models.CharField(_("full name in Arabic script"), max_length=150, blank=True)
    full_name_latin = models.CharField(_("full name in Latin script"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Fernet token of the national ID number (CIN): only with a CNDP authorization configured
    # (accounts/national_id.py); never shown in lists, exported to its owner only.
    national_id_encrypted = models.TextField(editable=False, blank=True, default="")
    # Set when the person erased their account: the row stays, pseudonymised, because the
    # funder's evidence (attendance, enrollments, certificates) points at it.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    # UTS #39 skeletons of the address and of its domain (accounts/email_checks.py): a new
    # address that looks like a registered one is found by an indexed lookup. Derived from the
    # address, changed with it (erasure included).
    email_skeleton = models.CharField(max_length=1024, db_index=True, editable=False, default="")
    email_domain_skeleton = models.CharField(
        max_length=1024, db_index=True, editable=False, default=""
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    def set_email_skeletons(self) -> None:
        from .email_checks import skeletons

        self.email_skeleton, self.email_domain_skeleton = skeletons(self.email)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "email" in update_fields:
            self.set_email_skeletons()
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "email_skeleton",
                    "email_domain_skeleton",
                }
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return (
            self.full_name_ar
            or self.full_name_latin
            or self.get_full_name()
            or self.email.split("@")[0]
        )

    def get_full_name(self) -> str:
        return self.full_name_latin or super().get_full_name()

    def get_short_name(self) -> str:
        return self.display_name


class ConsentRecord(models.Model):
    """One consent given or withdrawn: append-only, the latest row of a purpose is in force."""

    class Purpose(models.TextChoices):
        PROCESSING = "processing", _("Terms of use and processing of my data for the training")
        PHOTOS = "photos", _("Photos of me taken at sessions may be published")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("user"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("given"))
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    source = models.CharField(_("where"), max_length=20, default="signup")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["user", "purpose", "recorded_at", "pk"]
        indexes = [models.Index(fields=["user", "purpose", "recorded_at"])]

    def __str__(self) -> str:
        state = "given" if self.given else "withdrawn"
        return f"{self.user_id} · {self.purpose} · {state} · {self.notice_version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Consent records are never changed: record a new one.")
        super().save(*args, **kwargs)
