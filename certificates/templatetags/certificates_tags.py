from django import template
from django.utils import translation

from certificates import sharing
from certificates.selectors import learner_certificates

register = template.Library()


@register.simple_tag
def learner_certificates_for(user):
    """The signed-in learner's certificates, for the summary on "My learning"."""
    return list(learner_certificates(user=user)[:5])


@register.simple_tag
def course_titles(certificate):
    """(title in the page's language, title in the other language or "")."""
    return sharing.course_titles_for(certificate, translation.get_language() or "ar")


@register.simple_tag
def linkedin_add_url(certificate):
    return sharing.linkedin_add_url(certificate, language=translation.get_language())
