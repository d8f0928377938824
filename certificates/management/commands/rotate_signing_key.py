from django.core.management.base import BaseCommand

from certificates.signing import signing_key_rotate


class Command(BaseCommand):
    help = "Make a new Ed25519 key sign the credentials; old keys stay published."

    def handle(self, *args, **options):
        key = signing_key_rotate()
        self.stdout.write(f"New active signing key: {key.kid}")
