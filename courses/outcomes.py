"""What a course leads to beyond its lessons, e.g. its certificate: what earns it, where the
learner stands, and the next step once the lessons are done.

Courses knows nothing of certificates (they stand above it): an app above registers a provider
in its ``AppConfig.ready()`` (certificates: ``certificates/outcomes.py``), and the course and
lesson pages show what the providers return. Without a provider a course shows no outcome, and
the lesson page's next step after the last lesson is the course's first quiz not yet taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Requirement:
    """One condition, in words for the learner (``text``), and, for an enrolled learner,
    whether it is met and where they stand (``progress``); ``met`` is None for a visitor."""

    code: str
    text: str
    met: bool | None = None
    progress: str = ""


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str


@dataclass(frozen=True)
class Outcome:
    title: str
    requirements: list[Requirement] = field(default_factory=list)
    note: str = ""
    earned: bool = False
    # Where to go once the lessons are done: the first requirement not met, or the outcome.
    next_step: NextStep | None = None


Provider = Callable[..., "Outcome | None"]

_providers: dict[str, Provider] = {}


def register_outcome(key: str, provider: Provider) -> None:
    """``provider(*, course, user, enrollment)`` returns the ``Outcome`` of ``course`` (the
    page in the reader's language) for ``user`` (maybe anonymous; ``enrollment`` is theirs or
    None), or None when the course has none."""
    _providers[key] = provider


def course_outcomes(*, course, user, enrollment=None) -> list[Outcome]:
    found = []
    for _key, provider in sorted(_providers.items()):
        outcome = provider(course=course, user=user, enrollment=enrollment)
        if outcome is not None:
            found.append(outcome)
    return found
