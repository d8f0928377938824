from django import template

from certificates.selectors import learner_certificates

register = template.Library()


@register.simple_tag
def learner_certificates_for(user):
    """The signed-in learner's certificates, for the summary on "My learning"."""
    return list(learner_certificates(user=user)[:5])
