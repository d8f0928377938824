"""Agreement-page panels of this part of grants (grants/panels.py)."""
