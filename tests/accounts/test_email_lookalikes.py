"""Look-alike e-mail addresses (UTS #39) are refused wherever an address comes in: sign-up,
adding an address, invitations and a coordinator's file; registered addresses still work."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.email_checks import is_mixed_script, parse, problems, skeleton
from accounts.models import User
from courses.importing import RowStatus, parse_people_file, validate_rows
from organisations.models import Invitation, Membership
from organisations.services import invitation_create
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.learning import course_with_lessons

pytestmark = pytest.mark.django_db

CYRILLIC_E = "\u0435"  # looks like Latin "e"
LOOKALIKE = f"learner@tamk{CYRILLIC_E}{CYRILLIC_E}n.test"

MIXED = "The domain of this address mixes alphabets"
LOOKS_LIKE_ACCOUNT = "This address looks like the address of an existing account"


def _signup(client, email, language="en"):
    data = {
        "email": email,
        "full_name_ar": "",
        "full_name_latin": "Someone",
        "preferred_language": "fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_processing": "on",
    }
    with translation.override(language):
        url = reverse("account_signup")
    return client.post(url, data)


class TestScripts:
    @pytest.mark.parametrize(
        "label",
        [
            f"tamk{CYRILLIC_E}{CYRILLIC_E}n",  # Latin and Cyrillic
            "p\u03b1ypal",  # Latin and Greek alpha
            "تمكينa",  # Arabic and Latin
        ],
    )
    def test_labels_mixing_scripts(self, label):
        assert is_mixed_script(label)

    @pytest.mark.parametrize(
        "label",
        [
            "tamkeen-2026",  # digits and hyphen go with any script
            "مثال",
            "مَدْرَسَة",  # Arabic with its vowel marks (script Inherited)
            "تمكين٢٠٢٦",  # Arabic-Indic digits
            "пример",  # all Cyrillic
            "日本語ひらがなカタカナ",  # Han with kana: one writing system (Japanese)
            "école",
        ],
    )
    def test_labels_in_one_script(self, label):
        assert not is_mixed_script(label)

    def test_skeletons_of_lookalikes_are_equal_and_of_different_text_are_not(self):
        assert skeleton(f"tamk{CYRILLIC_E}{CYRILLIC_E}n") == skeleton("tamkeen")
        assert skeleton("ad1min") == skeleton("adlmin") == skeleton("AD1MIN")
        assert skeleton("grnail") == skeleton("gmail")
        assert skeleton("tamkeen") != skeleton("tamkin")

    def test_a_punycode_domain_is_compared_in_unicode(self):
        encoded = parse("learner@xn--tamkn-2wea.test")
        assert encoded.domain == f"tamk{CYRILLIC_E}{CYRILLIC_E}n.test"
        assert encoded.skeleton == parse(LOOKALIKE).skeleton


class TestSignup:
    def test_the_lookalike_signup_is_refused_with_a_clear_message(self, client):
        UserFactory(email="learner@tamkeen.test")
        response = _signup(client, LOOKALIKE)
        assert response.status_code == 200
        assert MIXED in response.content.decode()
        assert not User.objects.filter(email=LOOKALIKE).exists()

    def test_a_mixed_script_domain_is_refused_even_with_no_account_like_it(self, client):
        response = _signup(client, f"someone@{CYRILLIC_E}xample.org")
        assert response.status_code == 200
        assert MIXED in response.content.decode()
        assert User.objects.count() == 0

    def test_the_punycode_spelling_is_refused_too(self, client):
        response = _signup(client, "learner@xn--tamkn-2wea.test")
        assert response.status_code == 200
        assert MIXED in response.content.decode()
        assert User.objects.count() == 0

    def test_the_message_is_translated(self, client):
        response = _signup(client, LOOKALIKE, language="fr")
        assert response.status_code == 200
        assert not User.objects.exists()
        with translation.override("fr"):
            from accounts.email_checks import MESSAGES

            assert str(MESSAGES["mixed_script"]) in response.content.decode()

    def test_a_lookalike_of_a_registered_address_is_refused(self, client):
        UserFactory(email="adlmin@example.org")
        response = _signup(client, "ad1min@example.org")
        assert response.status_code == 200
        assert LOOKS_LIKE_ACCOUNT in response.content.decode()
        assert not User.objects.filter(email="ad1min@example.org").exists()

    def test_a_domain_looking_like_a_registered_one_is_refused_and_named(self, client):
        UserFactory(email="someone@gmail.com")
        response = _signup(client, "other@grnail.com")
        assert response.status_code == 200
        body = response.content.decode()
        assert "looks like gmail.com but is written with other characters" in body
        assert not User.objects.filter(email="other@grnail.com").exists()

    def test_a_whole_script_lookalike_domain_is_refused(self, client):
        UserFactory(email="ana@cop.ma")
        response = _signup(client, "sara@\u0441\u043e\u0440.ma")  # Cyrillic "сор"
        assert response.status_code == 200
        assert "looks like cop.ma" in response.content.decode()

    def test_an_arabic_domain_is_accepted(self, client):
        response = _signup(client, "citizen@مثال.المغرب")
        assert response.status_code == 302
        assert User.objects.filter(email="citizen@مثال.المغرب").exists()

    def test_other_addresses_of_a_registered_domain_are_accepted(self, client):
        UserFactory(email="first@tamkeen.test")
        response = _signup(client, "second@tamkeen.test")
        assert response.status_code == 302


class TestOtherWaysIn:
    def test_adding_a_lookalike_address_is_refused(self, client):
        UserFactory(email="learner@tamkeen.test")
        user = UserFactory(email="me@example.org")
        client.force_login(user)
        with translation.override("en"):
            url = reverse("account_email")
        response = client.post(url, {"action_add": "", "email": LOOKALIKE})
        assert response.status_code == 200
        assert MIXED in response.content.decode()
        assert not user.emailaddress_set.filter(email=LOOKALIKE).exists()

    def test_an_existing_lookalike_account_can_still_reset_its_password(self, client, mailoutbox):
        # Registered before the check: its own address is not "new", so it is not refused.
        UserFactory(email=LOOKALIKE)
        with translation.override("en"):
            url = reverse("account_reset_password")
        response = client.post(url, {"email": LOOKALIKE})
        assert response.status_code == 302

    def test_an_invitation_to_a_lookalike_is_refused(self, trainer_association, association_admin):
        UserFactory(email="trainer@tamkeen.test")
        with pytest.raises(ValidationError) as error:
            invitation_create(
                organisation=trainer_association,
                email=f"trainer@tamk{CYRILLIC_E}{CYRILLIC_E}n.test",
                role=Membership.Role.TRAINER,
                by=association_admin,
            )
        assert error.value.code == "mixed_script"
        assert not Invitation.objects.exists()

    def test_the_people_page_shows_the_refusal(
        self, client, trainer_association, association_admin
    ):
        UserFactory(email="adlmin@example.org")
        client.force_login(association_admin)
        with translation.override("en"):
            url = reverse("organisations:people", kwargs={"pk": trainer_association.pk})
        response = client.post(url, {"email": "ad1min@example.org", "role": "trainer"})
        assert response.status_code == 200
        assert LOOKS_LIKE_ACCOUNT in response.content.decode()
        assert not Invitation.objects.exists()

    def test_a_coordinators_file_flags_lookalikes(self, trainer_association, member_association):
        course = course_with_lessons(association=trainer_association, lessons=1)[0]
        UserFactory(email="adlmin@example.org")
        data = (
            "name;email\n"
            f"A;{LOOKALIKE}\n"
            "B;ad1min@example.org\n"
            "C;fresh1@example.org\n"
            "D;freshl@example.org\n"  # looks like line 4 ("1" and "l")
            "E;adlmin@example.org\n"
        )
        rows = parse_people_file(SimpleUploadedFile("people.csv", data.encode()))
        with translation.override("en"):
            report = {
                row.line: row
                for row in validate_rows(organisation=member_association, course=course, rows=rows)
            }
            assert report[2].status == RowStatus.ERROR
            assert MIXED in str(report[2].problems[0])
            assert report[3].status == RowStatus.ERROR
            assert LOOKS_LIKE_ACCOUNT in str(report[3].problems[0])
            assert report[4].status == RowStatus.INVITE
            assert report[5].status == RowStatus.ERROR
            assert "looks like the one on line 4" in str(report[5].problems[0])
            assert report[6].status == RowStatus.INVITE  # the registered address itself


class TestStoredSkeletons:
    def test_saving_bulk_creating_and_updating_keep_them_with_the_address(self):
        user = UserFactory(email="adlmin@example.org")
        assert user.email_skeleton == skeleton("adlmin@example.org")
        assert user.email_domain_skeleton == skeleton("example.org")

        user.email = "new@tamkeen.test"
        user.save(update_fields=["email"])
        user.refresh_from_db()
        assert user.email_skeleton == skeleton("new@tamkeen.test")

        User.objects.filter(pk=user.pk).update(email="erased-1@erased.invalid")
        user.refresh_from_db()
        assert user.email_skeleton == skeleton("erased-1@erased.invalid")

        (bulk,) = User.objects.bulk_create([User(email="bulk@example.org")])
        assert User.objects.get(pk=bulk.pk).email_skeleton == skeleton("bulk@example.org")

    def test_the_migration_fills_existing_rows(self):
        from importlib import import_module

        migration = import_module("accounts.migrations.0003_email_skeletons")
        user = UserFactory(email="adlmin@example.org")
        User.objects.filter(pk=user.pk).update(email_skeleton="", email_domain_skeleton="")
        migration.fill_skeletons(apps, None)
        user.refresh_from_db()
        assert (user.email_skeleton, user.email_domain_skeleton) == (
            skeleton("adlmin@example.org"),
            skeleton("example.org"),
        )

    def test_a_batch_of_addresses_costs_a_fixed_number_of_queries(
        self, django_assert_max_num_queries
    ):
        UserFactory(email="adlmin@example.org")
        emails = [f"person{n}@example.org" for n in range(200)] + ["ad1min@example.org"]
        with django_assert_max_num_queries(1):
            found = problems(emails)
        assert list(found) == ["ad1min@example.org"]
