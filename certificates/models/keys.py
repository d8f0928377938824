"""Keys that sign the credentials: RSA (RS256, which every Open Badges 3.0 verifier supports)
and Ed25519 (EdDSA), in one table. Old keys stay published after a rotation so the credentials
they signed still verify."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    class Algorithm(models.TextChoices):
        RS256 = "RS256", "RS256 (RSA)"
        EDDSA = "EdDSA", "EdDSA (Ed25519)"

    kid = models.CharField(_("key id"), max_length=64, unique=True)
    # Keys made before #25 are all Ed25519.
    algorithm = models.CharField(
        _("algorithm"), max_length=8, choices=Algorithm.choices, default=Algorithm.EDDSA
    )
    public_jwk = models.JSONField(_("public key (JWK)"))
    # Fernet token of the private key (Ed25519: raw bytes; RSA: PKCS#8 DER); the Fernet key is
    # derived from SECRET_KEY.
    private_key_encrypted = models.TextField(editable=False)
    active = models.BooleanField(_("active"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm"],
                condition=models.Q(active=True),
                name="signing_key_one_active_per_algorithm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.algorithm} {self.kid}"
