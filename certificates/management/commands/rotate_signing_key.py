from django.core.management.base import BaseCommand

from certificates.signing import ALGORITHMS, signing_key_rotate


class Command(BaseCommand):
    help = (
        "Make new keys sign the credentials (RS256 and EdDSA, or the one given); old keys stay "
        "published, so what they signed still verifies."
    )

    def add_arguments(self, parser):
        parser.add_argument("--algorithm", choices=ALGORITHMS, help="rotate only this key")

    def handle(self, *args, **options):
        for algorithm in [options["algorithm"]] if options["algorithm"] else ALGORITHMS:
            key = signing_key_rotate(algorithm)
            self.stdout.write(f"New active {algorithm} signing key: {key.kid}")
