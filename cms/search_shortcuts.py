"""Things the site search finds that are not pages. An app above cms registers a function in its
``AppConfig.ready()``; the search page lists what each returns for the query above the pages it
found (e.g. certificates: the verification page for "attestation" or for a typed code)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Shortcut:
    title: str
    url: str
    text: str = ""


_providers: dict[str, Callable[[str], list[Shortcut]]] = {}


def register_shortcut(key: str, provider: Callable[[str], list[Shortcut]]) -> None:
    """``provider(query)`` returns the shortcuts for that query (an empty list for none)."""
    _providers[key] = provider


def shortcuts_for(query: str) -> list[Shortcut]:
    found: list[Shortcut] = []
    for _key, provider in sorted(_providers.items()):
        found += provider(query)
    return found
