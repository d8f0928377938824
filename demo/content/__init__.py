"""The demo's texts as data files: the public site's pages (``cms/``) and the courses
(``courses/``), in Arabic and French, one JSON file each, read by ``load``.

Stream fields are stored in Wagtail's own JSON shape, a list of ``{"type", "value"}`` blocks;
``stream`` turns them into the ``(type, value)`` pairs a page field takes from code."""

import datetime
import json
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def load(name: str):
    """The data of ``<name>.json`` in this folder, e.g. ``load("cms/home")``."""
    with (FOLDER / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)


def stream(blocks) -> list[tuple]:
    """``[{"type", "value"}, ...]`` as ``(type, value)`` pairs; a legal reference's ``as_of``
    (an ISO date in the file) becomes the date its block expects."""
    pairs = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "legal_reference":
            value = {**value, "as_of": datetime.date.fromisoformat(value["as_of"])}
        pairs.append((block["type"], value))
    return pairs
