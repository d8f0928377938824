"""The kinds of notification. An app above registers its own in ``AppConfig.ready()``:

    register_kind(
        "grants.request_submitted",
        subject=lambda p: _("Tranche request submitted: %(reference)s") % p,
        body_template="grants/email/request_submitted.txt",
    )

``subject`` is called, and ``body_template`` (by default a greeting, the subject and the link)
rendered, inside the recipient's language, so one
stored notification reads in Arabic for one person and in French for another. The parameters
are plain JSON (ids, references, dates as text): what the message needs, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Greets the person, repeats the subject and gives the link: enough for most kinds.
DEFAULT_BODY = "notifications/email/default.txt"


@dataclass(frozen=True)
class Kind:
    code: str
    subject: Callable[[dict], str]
    body_template: str = DEFAULT_BODY
    email: bool = True


_kinds: dict[str, Kind] = {}


def register_kind(
    code: str,
    *,
    subject: Callable[[dict], str],
    body_template: str = DEFAULT_BODY,
    email: bool = True,
) -> Kind:
    """Add (or replace) a kind. ``email=False`` keeps it on the site only. The body template
    receives ``params``, ``recipient``, ``subject``, ``url`` (absolute) and
    ``notifications_url``."""
    kind = Kind(code, subject, body_template, email)
    _kinds[code] = kind
    return kind


def get_kind(code: str) -> Kind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"unknown notification kind {code!r}") from None


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.code)
