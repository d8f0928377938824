import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The verification rate limit counts per IP in the cache; every test starts at zero."""
    cache.clear()
    yield
    cache.clear()
