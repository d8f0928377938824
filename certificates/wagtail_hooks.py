"""Completion rules are edited in the Wagtail admin, beside the courses."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CompletionRule


class CompletionRuleViewSet(SnippetViewSet):
    model = CompletionRule
    icon = "tick-inverse"
    menu_label = _("Completion rules")
    add_to_admin_menu = True
    list_display = ["course", "min_attendance_share", "require_all_lessons", "quiz"]


register_snippet(CompletionRuleViewSet)
