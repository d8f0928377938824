"""Who supports the course a certificate is issued for: the funder it names, and the agreement
and programme it counts for. The grants app knows; it fills this in its ``AppConfig.ready()``.

A certificate keeps no foreign key to grants: the funder's names are snapshots taken at issue
(``sponsor_snapshot``), and the agreement and programme it counts for are asked of the hook
from its association and day of issue (``certificate_sponsor``).

Without a resolver (no grants app), a certificate names no funder and counts for no agreement.
"""

from __future__ import annotations

from collections.abc import Callable

NO_SPONSOR = {"agreement": None, "programme": None, "funder_name_ar": "", "funder_name_fr": ""}

_resolver: Callable | None = None


def register(resolver: Callable | None) -> None:
    """``resolver(*, association, on)`` returns the keys of ``NO_SPONSOR`` for ``association``'s
    certificates issued on the day ``on``."""
    global _resolver
    _resolver = resolver


def sponsor_snapshot(*, association, on) -> dict:
    """The certificate's sponsor fields, as they stand on ``on`` (stored, never recomputed)."""
    if _resolver is None:
        return dict(NO_SPONSOR)
    return {**NO_SPONSOR, **_resolver(association=association, on=on)}


def certificate_sponsor(certificate) -> dict:
    """The agreement and programme ``certificate`` counts for (and its funder's names as they
    stand now): those of its association on the day it was issued."""
    return sponsor_snapshot(association=certificate.association, on=certificate.issued_on)


def certificate_funder(certificate):
    """The funder of the programme ``certificate`` counts for, or None (it counts for none)."""
    programme = certificate_sponsor(certificate)["programme"]
    return programme.funder if programme is not None else None
