"""Certificate codes: the check character detects every single substitution and every adjacent
transposition (enumerated), and codes issued under the old scheme still verify."""

import random

import pytest

from certificates.models import Certificate, code_generate, code_normalize
from certificates.models.codes import (
    ALPHABET,
    BODY_LENGTH,
    CODE_LENGTH,
    SCHEME_DAMM,
    SCHEME_LEGACY,
    _step,
    check_character,
    code_schemes,
    legacy_check_character,
)
from certificates.selectors import certificate_by_code

from ..factories.certificates import CertificateFactory


def _codes(count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        body = "".join(rng.choice(ALPHABET) for _ in range(BODY_LENGTH))
        yield body + check_character(body)


def test_the_operation_is_a_totally_anti_symmetric_quasigroup_over_all_32_symbols():
    """Exhaustive over every interim value and every pair of symbols, hence every code."""
    symbols = range(len(ALPHABET))
    for interim in symbols:
        row = {_step(interim, a) for a in symbols}
        assert len(row) == 32  # a different symbol always gives a different interim
        for a in symbols:
            for b in symbols:
                if a != b:
                    assert _step(_step(interim, a), b) != _step(_step(interim, b), a)
    for a in symbols:  # and a changed interim stays changed through every later character
        assert len({_step(i, a) for i in symbols}) == 32


@pytest.mark.parametrize("code", list(_codes(40, seed=25)))
def test_every_single_substitution_of_a_code_is_refused(code):
    assert code_normalize(code) == code
    for position in range(CODE_LENGTH):
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert SCHEME_DAMM not in code_schemes(typo)[1], (code, position, char)


@pytest.mark.parametrize("code", list(_codes(40, seed=52)))
def test_every_adjacent_transposition_of_a_code_is_refused(code):
    for position in range(CODE_LENGTH - 1):
        first, second = code[position], code[position + 1]
        if first != second:
            typo = code[:position] + second + first + code[position + 2 :]
            assert SCHEME_DAMM not in code_schemes(typo)[1], (code, position)


def test_the_two_and_z_substitution_the_old_scheme_missed_is_caught():
    body = "2" + "A" * (BODY_LENGTH - 1)
    code = body + check_character(body)
    typo = "Z" + code[1:]
    assert legacy_check_character(typo[:BODY_LENGTH]) == legacy_check_character(body)
    assert SCHEME_DAMM not in code_schemes(typo)[1]


def test_new_codes_use_the_new_scheme_and_are_grouped_and_case_insensitive():
    code = code_generate()
    assert len(code) == CODE_LENGTH and SCHEME_DAMM in code_schemes(code)[1]
    assert code_normalize(f"{code[:4]}-{code[4:8]} {code[8:]}".lower()) == code


@pytest.mark.parametrize("raw", ["", "O0I1L", "ABC", None, 42, "2" * 12, "AAAA-AAAA-AA!"])
def test_text_that_cannot_be_a_code_is_refused(raw):
    assert code_normalize(raw) is None


@pytest.mark.django_db
def test_a_code_issued_under_the_old_scheme_still_finds_its_certificate():
    body = "ABCDEFGH23"
    legacy = body + legacy_check_character(body)
    assert SCHEME_DAMM not in code_schemes(legacy)[1]
    old = CertificateFactory(code=legacy, code_scheme=SCHEME_LEGACY)
    assert certificate_by_code(code=legacy) == old
    assert certificate_by_code(code=legacy.lower()) == old


@pytest.mark.django_db
def test_a_legacy_looking_code_never_names_a_certificate_of_the_new_scheme():
    body = "ABCDEFGH23"
    legacy = body + legacy_check_character(body)
    CertificateFactory(code=legacy, code_scheme=SCHEME_DAMM)  # impossible in practice
    assert certificate_by_code(code=legacy) is None


@pytest.mark.django_db
def test_new_certificates_record_the_new_scheme():
    assert CertificateFactory().code_scheme == Certificate._meta.get_field("code_scheme").default
    assert CertificateFactory().code_scheme == SCHEME_DAMM
