"""Settings: an environment-driven ``base`` and thin ``dev``, ``test`` and ``production``."""
