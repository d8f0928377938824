"""What other apps add to the profile page ("My account"), above the profile form.

An app registers a section in its ``AppConfig.ready()``: a template and a function giving, for
the signed-in person, the data it shows (organisations lists the person's memberships). The page
includes each section's template with that data as ``data``, in ``order`` (lower first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    name: str
    template: str
    data: Callable  # (user) -> dict
    order: int = 50


_sections: list[ProfileSection] = []


def register(name: str, *, template: str, data: Callable, order: int = 50) -> ProfileSection:
    """Add a section; registering the same name again replaces it."""
    section = ProfileSection(name, template, data, order)
    _sections[:] = [s for s in _sections if s.name != name] + [section]
    return section


def profile_sections(*, user) -> list[dict]:
    """The sections for ``user``'s profile page: ``{"name", "template", "data"}`` each."""
    return [
        {"name": s.name, "template": s.template, "data": s.data(user)}
        for s in sorted(_sections, key=lambda s: (s.order, s.name))
    ]
