"""``make bench``: the app under gunicorn with production settings, driven from 127.0.0.1."""
