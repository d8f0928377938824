"""Locale formats as used in Morocco, overriding Django's generic ones where they differ."""
