"""Demo courses, sessions and learning records."""


def seed(*, rng, context, log):
    """Nothing yet: filled by the CMS and learning issues."""
