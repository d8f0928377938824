"""Ed25519 keys that sign the credentials. Old keys stay published after a rotation so the
credentials they signed still verify."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    kid = models.CharField(_("key id"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    # Fernet token of the raw private key; the Fernet key is derived from SECRET_KEY.
    private_key_encrypted = models.TextField(editable=False)
    active = models.BooleanField(_("active"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True),
                name="signing_key_one_active",
            ),
        ]

    def __str__(self) -> str:
        return self.kid
