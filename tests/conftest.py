import pytest

from organisations.models import Membership, Organisation

from .factories.accounts import UserFactory
from .factories.organisations import OrganisationFactory, member_of


@pytest.fixture
def funder(db):
    return OrganisationFactory(funder=True)


@pytest.fixture
def trainer_association(db):
    return OrganisationFactory(kind=Organisation.Kind.TRAINER)


@pytest.fixture
def other_trainer_association(db):
    return OrganisationFactory(kind=Organisation.Kind.TRAINER)


@pytest.fixture
def member_association(db):
    return OrganisationFactory(member=True)


@pytest.fixture
def officer(funder):
    return member_of(funder, Membership.Role.OFFICER)


@pytest.fixture
def association_admin(trainer_association):
    return member_of(trainer_association, Membership.Role.ADMIN)


@pytest.fixture
def trainer(trainer_association):
    return member_of(trainer_association, Membership.Role.TRAINER)


@pytest.fixture
def coordinator(member_association):
    return member_of(member_association, Membership.Role.ADMIN)


@pytest.fixture
def learner(member_association):
    return member_of(member_association, Membership.Role.MEMBER)


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def pdf_to_text():
    """Turn PDF bytes into text with poppler's pdftotext, as a reader's tools would.

    PDF rendering needs system libraries (WeasyPrint's Pango, an Arabic font) and pdftotext;
    .ci/run installs them, so these tests always run in CI. On a bare laptop they skip with
    the reason rather than fail.
    """
    import shutil
    import subprocess
    import tempfile

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        pytest.skip(f"WeasyPrint cannot load its system libraries: {error}")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed (Debian package poppler-utils)")

    def convert(pdf: bytes) -> str:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(  # noqa: S603 - our own temp file
                ["pdftotext", "-enc", "UTF-8", handle.name, "-"],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        # pdftotext wraps right-to-left runs in directional marks: drop them before comparing.
        return "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e")

    return convert
