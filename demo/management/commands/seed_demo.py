"""Load the demo: the ministry, the 2023 call, 97 trainer associations and one account per role.

Built by calling the services, with a fixed random seed, so the demo exercises the same rules
as real use. Every step is idempotent: running the command again changes nothing.
"""

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import seed as demo


class Command(BaseCommand):
    help = "Load the demo data (refuses to run with DEBUG off unless --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never in production).",
        )
        parser.add_argument("--seed", type=int, default=2023, help="Random seed (default 2023).")
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="small",
            help="small: the demo (default); large: the demo plus the benchmark data set "
            "(20,000 learners, 150,000 attendance records; bulk inserts, a few minutes).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="With --size large: multiply its counts (e.g. 0.1 for a tenth).",
        )

    def handle(self, *args, force=False, seed=2023, size="small", scale=1.0, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates accounts with a published "
                "password. Use --force only on a throwaway database."
            )
        with transaction.atomic():
            summary = demo.seed(rng=random.Random(seed), log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for line in summary:
            self.stdout.write(line)
        if size == "large":
            from demo import large as demo_large

            # One transaction per step inside: a single one would hold 400,000 rows.
            demo_large.seed(scale=scale, seed=seed, log=self.stdout.write)
            self.stdout.write(self.style.SUCCESS("Large data set ready."))
