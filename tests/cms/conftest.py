import pytest

from tests.factories import cms as factories


@pytest.fixture
def home_ar(db):
    return factories.arabic_home()


@pytest.fixture
def home_fr(home_ar):
    """The French home page: not created by the migrations, so built here as a translation."""
    return factories.translate(home_ar, "fr", title="Tamkeen")
