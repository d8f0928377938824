"""Completion rules, certificates and credentials (built in a later issue)."""
