"""Associations, the funder, who belongs to which with what role, and Morocco's territories."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (French serves the Latin-script languages)."""
        return self.name_ar if (get_language() or "ar").startswith("ar") else self.name_fr


class Region(BilingualNameMixin):
    """One of Morocco's 12 regions (2015 division)."""

    code = models.CharField(_("code"), max_length=2, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class Province(BilingualNameMixin):
    """A province or a prefecture of a region."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region")
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PROVINCE)

    class Meta:
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")
        ordering = ["region__code", "code"]


class Commune(BilingualNameMixin):
    """A commune; added as they are needed (venues, addresses), not preloaded."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["province__code", "name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_fr"], name="commune_unique_name"),
        ]


class Organisation(BilingualNameMixin):
    """The funder, a trainer association or a member association."""

    class Kind(models.TextChoices):
        FUNDER = "funder", _("Funder")
        TRAINER = "trainer", _("Trainer association")
        MEMBER = "member", _("Member association")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    registration_number = models.CharField(
        _("registration number"),
        max_length=50,
        unique=True,
        help_text=_("The receipt number of the association's legal declaration."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("commune"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_fr"]

    def clean(self):
        if self.province_id and self.region_id and self.province.region_id != self.region_id:
            raise ValidationError({"province": _("This province is not in the chosen region.")})
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            raise ValidationError({"commune": _("This commune is not in the chosen province.")})


class Membership(models.Model):
    """A person's role in an organisation. One person may hold several roles."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        TRAINER = "trainer", _("Trainer")
        EDITOR = "editor", _("Editor")
        MEMBER = "member", _("Member")
        OFFICER = "officer", _("Programme officer")
        FINANCE = "finance", _("Finance")
        AUDITOR = "auditor", _("Auditor")

    ROLES_BY_KIND = {
        Organisation.Kind.FUNDER: {Role.ADMIN, Role.OFFICER, Role.FINANCE, Role.AUDITOR},
        Organisation.Kind.TRAINER: {Role.ADMIN, Role.TRAINER, Role.EDITOR},
        Organisation.Kind.MEMBER: {Role.ADMIN, Role.MEMBER},
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self):
        validate_role_for_kind(self.role, self.organisation.kind)


def validate_role_for_kind(role: str, kind: str) -> None:
    if role not in Membership.ROLES_BY_KIND[kind]:
        raise ValidationError(
            {"role": _("This role does not exist in this kind of organisation.")},
            code="role_kind",
        )


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An e-mailed invitation to join an organisation with a role.

    Only the SHA-256 of the token is stored: a database leak does not leak usable links.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
