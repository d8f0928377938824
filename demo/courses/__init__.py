"""The learning side of the demo: the catalogue and its courses, learners' progress, sessions
and their roll calls."""
