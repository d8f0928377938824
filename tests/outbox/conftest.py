import pytest
from kombu.exceptions import OperationalError

from outbox import services


@pytest.fixture(autouse=True)
def _broker_up_again():
    """Each test starts and ends with the broker believed up, so no other test skips a
    publish because of a refusal simulated here."""
    services._mark_broker_up()
    yield
    services._mark_broker_up()


@pytest.fixture
def broker_down(monkeypatch):
    """Every publish is refused as kombu refuses it when Redis is unreachable."""
    attempts = []

    def refuse(message):
        attempts.append(message.pk)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(services, "_send", refuse)
    return attempts


@pytest.fixture
def broker_recorder(monkeypatch):
    """A broker that takes every message and remembers it."""
    published = []
    monkeypatch.setattr(services, "_send", lambda message: published.append(message.task_id))
    return published
