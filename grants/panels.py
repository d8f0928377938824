"""Sections of the agreement page contributed by the parts of grants that own them (the
convention and amendments, the budget and bank details, the report deadlines). Each module
registers its panel at import (grants/apps.py imports them); the page renders, in order, every
panel whose context function returns something for this person and agreement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable  # (request, agreement) -> dict | None (None: not shown to this person)
    order: int = 50


_panels: dict[str, Panel] = {}


def register_panel(key: str, *, template: str, context: Callable, order: int = 50) -> Panel:
    panel = Panel(key, template, context, order)
    _panels[key] = panel
    return panel


def agreement_panels(request, agreement) -> list[dict]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        data = panel.context(request, agreement)
        if data is not None:
            shown.append({"key": panel.key, "template": panel.template, "data": data})
    return shown
