from django.conf.locale.fr.formats import *  # noqa: F403

# Keep Django's French formats; the hook exists so Moroccan usage can differ where needed.
