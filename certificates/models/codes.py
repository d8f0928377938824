"""Certificate codes: random characters from an alphabet without look-alikes, plus a check
character, so a mistyped code is refused before it reaches the database.

The check character (scheme 2, every code issued since #25) is Damm's algorithm over the 32
symbols of the alphabet, read as the elements of the field GF(32): the quasigroup
``x * y = 2x + y`` (field arithmetic, modulus x^5 + x^2 + 1) is totally anti-symmetric, so the
check detects every single-character substitution and every swap of two adjacent characters,
the check character included (tests/certificates/test_codes.py enumerates them all).

Scheme 1, used before, was a weighted sum modulo 31: it missed substitutions between symbols
31 apart (``2`` and ``Z``) and some swaps. Codes issued under it keep verifying: a certificate
records its scheme (``Certificate.code_scheme``) and a code that only satisfies the old check
is looked up among the certificates issued under the old scheme only (``code_normalize`` says
which check a code satisfies).
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0/O, 1/I/L
BODY_LENGTH = 10
CODE_LENGTH = BODY_LENGTH + 1
_SEPARATORS = re.compile(r"[\s\-]+")
_INDEX = {char: position for position, char in enumerate(ALPHABET)}

SCHEME_LEGACY = 1
SCHEME_DAMM = 2

# --- Scheme 2: Damm over GF(32) ------------------------------------------------------------
_MODULUS = 0b100101  # x^5 + x^2 + 1, irreducible (primitive) over GF(2)


def _times_two(value: int) -> int:
    value <<= 1
    return value ^ _MODULUS if value & 0b100000 else value


def _step(interim: int, symbol: int) -> int:
    """The quasigroup operation: 2·interim + symbol in GF(32) (addition is XOR)."""
    return _times_two(interim) ^ symbol


def _interim(text: str) -> int:
    interim = 0
    for char in text:
        interim = _step(interim, _INDEX[char])
    return interim


def check_character(body: str) -> str:
    """The character that brings the whole code's interim to zero: 2·interim + c = 0, so
    c = 2·interim (characteristic 2: minus is plus)."""
    return ALPHABET[_times_two(_interim(body))]


def damm_valid(code: str) -> bool:
    return _interim(code) == 0


# --- Scheme 1 (codes issued before #25): accepted, never generated ---------------------------
_LEGACY_CHECK_ALPHABET = ALPHABET[:31]


def legacy_check_character(body: str) -> str:
    """The old weighted sum modulo 31. It misses some single substitutions (``2``/``Z``);
    kept only so the codes already printed on certificates still verify."""
    total = sum((position + 1) * _INDEX[char] for position, char in enumerate(body))
    return _LEGACY_CHECK_ALPHABET[total % 31]


def code_generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def _canonical(raw) -> str | None:
    if not isinstance(raw, str):
        return None
    code = _SEPARATORS.sub("", raw).upper()
    if len(code) != CODE_LENGTH or any(char not in _INDEX for char in code):
        return None
    return code


def code_schemes(raw) -> tuple[str | None, frozenset[int]]:
    """(canonical code, the schemes whose check it satisfies); (None, {}) when it cannot be
    a code. A code satisfying only the legacy check may only name a legacy certificate."""
    code = _canonical(raw)
    if code is None:
        return None, frozenset()
    schemes = set()
    if damm_valid(code):
        schemes.add(SCHEME_DAMM)
    if legacy_check_character(code[:BODY_LENGTH]) == code[BODY_LENGTH]:
        schemes.add(SCHEME_LEGACY)
    if not schemes:
        return None, frozenset()
    return code, frozenset(schemes)


def code_normalize(raw: str) -> str | None:
    """The canonical code, or None when the text cannot be a certificate code (bad length,
    alphabet, or neither check character)."""
    return code_schemes(raw)[0]


def code_display(code: str) -> str:
    """Grouped for reading aloud or typing: ABCD-EFGH-JKL."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
