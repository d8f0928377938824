"""The demo is installed by the dev and test settings only: production has no seed_demo."""

from tests.lms.test_settings import GOOD_ENV, _run


def test_production_settings_do_not_install_the_demo():
    result = _run(["seed_demo", "--force"], GOOD_ENV)
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
