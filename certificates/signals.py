"""What certificates tells the apps above it; they connect in their ``AppConfig.ready()``.

Sent by the services inside their transaction, synchronously: a receiver that fails undoes the
change (grants writes its audit entry so, in the same transaction as the revocation).
"""

from django.dispatch import Signal

#: ``certificate_revoke`` revoked a certificate. Arguments: ``certificate``, ``by``,
#: ``before`` and ``after`` (the status, and the reason, as the audit log records them).
certificate_revoked = Signal()

#: ``certificate_reissue`` issued ``certificate`` again, replacing the revoked ``replaces``.
#: Arguments: ``certificate`` (the new one), ``replaces``, ``by`` and ``reason``.
certificate_reissued = Signal()
