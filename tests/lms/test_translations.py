"""The interface catalogues stay whole: every message translated into Arabic and French, no
guess left fuzzy, placeholders kept, and the committed .mo files compiled from the .po files
(a fresh clone needs no gettext)."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("ar", "fr")
msgfmt = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(msgfmt is None, reason="msgfmt (Debian package gettext) missing")


@needs_msgfmt
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603 - msgfmt on our own catalogue
        [msgfmt, "--statistics", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, result.stderr


@needs_msgfmt
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_po_file(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "-o", str(fresh), str(folder / "django.po")], check=True)  # noqa: S603
    with open(folder / "django.mo", "rb") as committed, open(fresh, "rb") as compiled:
        shipped = gettext.GNUTranslations(committed)._catalog
        expected = gettext.GNUTranslations(compiled)._catalog
    assert shipped == expected, "run `make messages` and commit locale/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_named_placeholders_are_kept_in_every_translation(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for msgid, translated in catalog.items():
        # Plural forms are keyed (singular, n) without their plural msgid: msgfmt's
        # --check-format above checks those.
        if isinstance(msgid, tuple) or not msgid:
            continue
        if set(placeholder.findall(translated)) - set(placeholder.findall(msgid)):
            wrong.append((msgid, translated))
    assert wrong == []
