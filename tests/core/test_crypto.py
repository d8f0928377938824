"""core.crypto: one cipher for every secret column, with keys that rotate."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from core.crypto import DecryptionError, FieldCipher, derived_key

cipher = FieldCipher("TEST_FIELD_KEY")


def test_a_value_comes_back_from_its_token_and_the_token_does_not_show_it(settings):
    settings.TEST_FIELD_KEY = Fernet.generate_key().decode()
    token = cipher.encrypt("007780000123456789012345")
    assert "0123456789" not in token
    assert cipher.decrypt(token) == "007780000123456789012345"


def test_an_empty_value_stays_empty(settings):
    settings.TEST_FIELD_KEY = Fernet.generate_key().decode()
    assert cipher.encrypt("") == ""
    assert cipher.decrypt("") == ""


def test_keys_rotate_the_first_encrypts_every_one_decrypts(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TEST_FIELD_KEY = old
    token = cipher.encrypt("secret")
    settings.TEST_FIELD_KEY = f"{new}, {old}"
    assert cipher.decrypt(token) == "secret"
    rotated = cipher.rotate(token)
    settings.TEST_FIELD_KEY = new
    assert cipher.decrypt(rotated) == "secret"
    with pytest.raises(DecryptionError):
        cipher.decrypt(token)


def test_a_token_of_another_key_or_garbage_is_refused_loudly(settings):
    settings.TEST_FIELD_KEY = Fernet.generate_key().decode()
    token = cipher.encrypt("secret")
    settings.TEST_FIELD_KEY = Fernet.generate_key().decode()
    with pytest.raises(DecryptionError):
        cipher.decrypt(token)
    with pytest.raises(DecryptionError):
        cipher.decrypt("not a token")


def test_without_a_key_the_cipher_is_not_configured(settings):
    settings.TEST_FIELD_KEY = ""
    assert not cipher.configured()
    with pytest.raises(ImproperlyConfigured):
        cipher.encrypt("secret")
    settings.TEST_FIELD_KEY = "not-a-fernet-key"
    assert not cipher.configured()


def test_a_fallback_salt_derives_a_key_from_the_secret_key(settings):
    settings.TEST_FIELD_KEY = ""
    derived = FieldCipher("TEST_FIELD_KEY", fallback_salt="test")
    assert derived.configured()
    assert derived.keys() == [derived_key("test", settings.SECRET_KEY)]
    assert derived_key("test", "s") != derived_key("other", "s")
    assert derived.decrypt(derived.encrypt("secret")) == "secret"
