import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "a-Strong-passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name_ar = factory.Sequence(lambda n: f"مشارك {n}")
    full_name_latin = factory.Sequence(lambda n: f"Participant {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)
