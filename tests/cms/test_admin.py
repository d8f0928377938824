"""Editors can open the Wagtail forms of every site page type."""

import pytest

from accounts.services import user_create
from tests.factories import cms as factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    admin = user_create(email="editor-admin@example.org", is_superuser=True, email_verified=True)
    client.force_login(admin)
    return client


def test_the_admin_add_forms_open_for_each_page_type(editor_client, home_ar):
    index = factories.awareness_index(home_ar)
    for model, parent in [
        ("standardpage", home_ar),
        ("awarenessarticlepage", index),
    ]:
        response = editor_client.get(f"/admin/pages/add/cms/{model}/{parent.pk}/")
        assert response.status_code == 200, model


def test_the_admin_edit_forms_open_for_the_home_page_and_an_article(editor_client, home_ar):
    article = factories.awareness_article(
        factories.awareness_index(home_ar),
        sources=[
            (
                "legal_reference",
                {
                    "law": "Loi 09-08",
                    "article": "7",
                    "threshold": "",
                    "source_url": "https://www.cndp.ma",
                    "as_of": "2026-11-01",
                    "to_be_confirmed": False,
                },
            )
        ],
    )
    for page in (home_ar, article):
        assert editor_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
