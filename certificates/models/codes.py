"""Certificate codes: random characters from an alphabet without look-alikes, plus a check
character, so a mistyped code is refused before it reaches the database."""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0/O, 1/I/L
CHECK_ALPHABET = ALPHABET[:31]
CHECK_MODULUS = 31
BODY_LENGTH = 10
CODE_LENGTH = BODY_LENGTH + 1
_SEPARATORS = re.compile(r"[\s\-]+")


def check_character(body: str) -> str:
    # Weighted sum modulo a prime: catches every single substitution and adjacent swap.
    total = sum((position + 1) * ALPHABET.index(char) for position, char in enumerate(body))
    return CHECK_ALPHABET[total % CHECK_MODULUS]


def code_generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def code_normalize(raw: str) -> str | None:
    """The canonical code, or None when the text cannot be a certificate code."""
    if not isinstance(raw, str):
        return None
    code = _SEPARATORS.sub("", raw).upper()
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    if check_character(code[:BODY_LENGTH]) != code[BODY_LENGTH]:
        return None
    return code


def code_display(code: str) -> str:
    """Grouped for reading aloud or typing: ABCD-EFGH-JKL."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
