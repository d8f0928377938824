"""Calls for proposals: the call and its form, the applications, the committee."""

from .applications import Application, ApplicationDocument, EligibilityCheck
from .calls import (
    DEFAULT_CRITERIA,
    DEFAULT_DOCUMENTS,
    DEFAULT_SECTIONS,
    SCALE_MAX,
    SCALE_MIN,
    Call,
    Criterion,
    FormSection,
    ManualRule,
    Question,
    RequiredDocument,
)
from .committee import Committee, CommitteeMember, ConflictDeclaration, Score

__all__ = [
    "DEFAULT_CRITERIA",
    "DEFAULT_DOCUMENTS",
    "DEFAULT_SECTIONS",
    "SCALE_MAX",
    "SCALE_MIN",
    "Application",
    "ApplicationDocument",
    "Call",
    "Committee",
    "CommitteeMember",
    "ConflictDeclaration",
    "Criterion",
    "EligibilityCheck",
    "FormSection",
    "ManualRule",
    "Question",
    "RequiredDocument",
    "Score",
]
