"""The agreement page's panel that calls contributes (grants/panels.py): which call and
application the agreement was selected from, with the activity plan it carries."""

from grants.panels import register_panel

from .models import Application, Question


def origin_context(request, agreement):
    application = Application.objects.filter(agreement=agreement).select_related("call").first()
    if application is None:
        return None
    activities = []
    for question in Question.objects.filter(
        section__call=application.call, kind=Question.Kind.ACTIVITIES
    ):
        activities += application.answers.get(question.key) or []
    return {"application": application, "call": application.call, "activities": activities}


def register() -> None:
    register_panel(
        "calls_origin", template="calls/panels/origin.html", context=origin_context, order=5
    )
