"""Course and lesson pages, enrollment, progress, sessions and attendance."""
