"""The site answers in Arabic by default, in French and English on request, and the admin,
allauth pages and language switcher work."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_root_opens_the_arabic_site(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_the_root_follows_a_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/")["Location"] == "/fr/"


def test_the_arabic_home_page_is_right_to_left(client):
    response = client.get("/ar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تمكين" in html


def test_the_french_interface_is_left_to_right(client):
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Aller au contenu principal" in html


def test_the_language_switcher_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/ar/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/"


@pytest.mark.parametrize(
    "path", ["/ar/accounts/login/", "/fr/accounts/signup/", "/ar/accounts/password/reset/"]
)
def test_account_pages_answer(client, path):
    assert client.get(path).status_code == 200


def test_the_wagtail_admin_asks_for_a_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    # allauth's login, the one way in (second factor, lockout), coming back to the admin.
    assert response["Location"] == "/ar/accounts/login/?next=/admin/"


def test_the_wagtail_admin_opens_for_the_platform_admin(client):
    from accounts.services import user_create

    admin = user_create(email="root@example.org", is_superuser=True, email_verified=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def test_no_asset_comes_from_another_host(client):
    html = client.get("/ar/").content.decode()
    assert "https://" not in html.split("<body", 1)[0]
    assert "//cdn" not in html
