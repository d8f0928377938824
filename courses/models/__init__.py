"""Courses: Wagtail course and lesson pages (``pages``), and the learning records around them
(``learning``: enrollment, progress, quizzes; ``sessions``: training sessions, registration)."""

from .attendance import *  # noqa: F403
from .calendar import *  # noqa: F403
from .learning import *  # noqa: F403
from .pages import *  # noqa: F403
from .sessions import *  # noqa: F403
