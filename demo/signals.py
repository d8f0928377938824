"""What the demo tells the layers above it (the project: lms/apps.py connects it).

``data_seeded``: sent once a ``seed_demo`` run is committed, with no arguments; the seeding
ran against in-memory caches (demo/seed.py), so the project drops its anonymous page cache's
generation and the next visitor's page is computed afresh.
"""

from django.dispatch import Signal

data_seeded = Signal()
