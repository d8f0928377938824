"""Look-alike e-mail addresses (Unicode UTS #39, Unicode Security Mechanisms).

A new address is refused when

- a label of its domain mixes scripts (``tamkееn.test`` with Cyrillic ``е``): the label's
  *resolved script set* (UTS #39 section 5.1, from the Script_Extensions property) is empty;
- its domain looks like the domain of a registered address but is written with other code
  points (same *skeleton*, UTS #39 section 4, different text): ``grnail.com`` for ``gmail.com``;
- the whole address looks like a registered address (same skeleton): ``ad1min@`` for
  ``adlmin@``.

An address already registered as it is (the account itself, at a password reset) is not new and
is not refused: the uniqueness checks of its form say what there is to say.

Data: the scripts come from fontTools' copy of the Unicode Character Database (kept current with
each Unicode version; WeasyPrint already installs it); the skeleton's prototypes from Unicode's
``confusables.txt`` in ``accounts/data/`` (Unicode's file unchanged; to update it, replace it with
https://www.unicode.org/Public/security/latest/confusables.txt). Django's validator admits only
ASCII before the ``@``, so only the domain can mix scripts.

The skeleton is stored on the user (``email_skeleton``, ``email_domain_skeleton``, indexed), so a
check is one query on indexed columns whatever the number of accounts.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import idna
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from fontTools import unicodedata as ucd

CONFUSABLES = Path(__file__).resolve().parent / "data" / "confusables.txt"

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt): removed before mapping (UTS #39, 4).
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Scripts written together in one language (UTS #39, 5.1: augmented script sets).
_AUGMENT = {"Hani": {"Hanb", "Jpan", "Kore"}, "Hira": {"Jpan"}, "Kana": {"Jpan"}}
_AUGMENT |= {"Hang": {"Kore"}, "Bopo": {"Hanb"}}


@cache
def _prototypes() -> dict[str, str]:
    """confusables.txt: source character -> its prototype (one or more characters)."""
    mapping = {}
    with CONFUSABLES.open(encoding="utf-8-sig") as lines:
        for line in lines:
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            source, target, _kind = (field.strip() for field in data.split(";"))
            mapping[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in target.split())
    return mapping


def _ignorable(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _DEFAULT_IGNORABLE)


def skeleton(text: str) -> str:
    """UTS #39 skeleton, compared without case (e-mail addresses are): two strings that look
    alike have the same skeleton (``paypal`` and ``pаypаl`` with Cyrillic ``а``)."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text.casefold())
    mapped = "".join(prototypes.get(char, char) for char in decomposed if not _ignorable(char))
    return unicodedata.normalize("NFD", mapped).casefold()


def _augmented_scripts(char: str) -> set[str] | None:
    """The scripts a character may be written in; None for Common and Inherited ones (digits,
    hyphen, combining marks), which go with any script."""
    scripts = set(ucd.script_extension(char))
    if scripts & {"Zyyy", "Zinh"}:
        return None
    for script in list(scripts):
        scripts |= _AUGMENT.get(script, set())
    return scripts


def is_mixed_script(label: str) -> bool:
    """True when no single script can write every character of ``label``."""
    resolved = None
    for char in label:
        scripts = _augmented_scripts(char)
        if scripts is None:
            continue
        resolved = scripts if resolved is None else resolved & scripts
        if not resolved:
            return True
    return False


@dataclass(frozen=True)
class Address:
    """An address as typed, and the forms it is compared in."""

    email: str
    domain: str  # lower case, IDNA U-labels (``xn--`` labels decoded)
    ascii_domain: str  # the same domain in A-labels, "" when it cannot be encoded
    skeleton: str
    domain_skeleton: str


def parse(email: str) -> Address:
    """The comparison forms of ``email``; never fails (a malformed domain stays as typed)."""
    email = (email or "").strip().lower()
    local, _at, domain = email.rpartition("@")
    labels = []
    for label in domain.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(idna.IDNAError):
                label = idna.decode(label)
        labels.append(unicodedata.normalize("NFC", label))
    domain = ".".join(labels)
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        ascii_domain = ""
    return Address(
        email=email,
        domain=domain,
        ascii_domain=ascii_domain,
        skeleton=skeleton(f"{local}@{domain}"),
        domain_skeleton=skeleton(domain),
    )


def skeletons(email: str) -> tuple[str, str]:
    """What ``User`` stores: the skeletons of the whole address and of its domain."""
    address = parse(email)
    return address.skeleton, address.domain_skeleton


MESSAGES = {
    "mixed_script": _(
        "The domain of this address mixes alphabets (for example Latin letters and Cyrillic "
        "letters that look the same). Type the address again with the letters of one alphabet."
    ),
    "invalid_idn": _("The domain of this address is not a valid internationalised domain name."),
    "lookalike_domain": _(
        "The domain of this address looks like %(domain)s but is written with other "
        "characters. Check the address, or use another one."
    ),
    "lookalike_address": _(
        "This address looks like the address of an existing account but is written with other "
        "characters. Check the address, or use another one."
    ),
}


def _error(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _shape_error(address: Address) -> ValidationError | None:
    """What is wrong with the address on its own, without looking at other accounts."""
    if any(is_mixed_script(label) for label in address.domain.split(".")):
        return _error("mixed_script")
    if not address.ascii_domain and not address.domain.isascii():
        return _error("invalid_idn")
    return None


def problems(emails: Iterable[str]) -> dict[str, ValidationError]:
    """For each new address among ``emails`` (lower-cased), why it is refused; addresses not
    in the result are fine. One query whatever the number of addresses and of accounts."""
    from django.db.models import IntegerField, Value
    from django.db.models.functions import Lower, StrIndex, Substr

    from .models import User

    addresses = {address.email: address for address in map(parse, emails) if "@" in address.email}
    if not addresses:
        return {}
    # One round trip: the accounts with one of these addresses or skeletons (kind 0), and
    # each distinct registered domain spelling having one of these domain skeletons (kind 1).
    same = (
        User.objects.filter(
            Q(email__in=list(addresses))
            | Q(email_skeleton__in={a.skeleton for a in addresses.values()})
        )
        .annotate(kind=Value(0, output_field=IntegerField()))
        .values_list("kind", "email", "email_skeleton")
        .order_by()
    )
    domain = Lower(Substr("email", StrIndex("email", Value("@")) + 1))
    similar = (
        User.objects.filter(
            email_domain_skeleton__in={a.domain_skeleton for a in addresses.values()}
        )
        .annotate(kind=Value(1, output_field=IntegerField()), domain=domain)
        .values_list("kind", "domain", "email_domain_skeleton")
        .order_by()
    )
    registered, taken_skeletons, spellings = set(), set(), {}
    for kind, text, text_skeleton in same.union(similar):
        if kind == 0:
            registered.add(text.lower())
            taken_skeletons.add(text_skeleton)
        elif "@" not in text:  # a quoted local part holding an "@" would cut elsewhere
            spellings.setdefault(text_skeleton, set()).add(parse(f"x@{text}").domain)
    found: dict[str, ValidationError] = {}
    for email, address in addresses.items():
        if email in registered:
            continue  # the account itself (a password reset), or taken: its form says so
        error = _shape_error(address)
        others = spellings.get(address.domain_skeleton, set()) - {address.domain}
        if error is not None:
            found[email] = error
        elif others:
            found[email] = _error("lookalike_domain", domain=sorted(others)[0])
        elif address.skeleton in taken_skeletons:
            found[email] = _error("lookalike_address")
    return found


def validate_new_email(email: str) -> None:
    """Raise ``ValidationError`` when ``email`` is a new address that is refused."""
    error = problems([email]).get((email or "").strip().lower())
    if error is not None:
        raise error
