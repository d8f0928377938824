"""Create an API client and print its token (shown once): for operators and CI."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from api.scopes import SCOPES
from api.services import api_client_create
from organisations.models import Organisation


class Command(BaseCommand):
    help = "Create an API client for an organisation and print its token (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            required=True,
            help="Its id or registration number.",
        )
        parser.add_argument(
            "--scope", action="append", required=True, choices=sorted(SCOPES), dest="scopes"
        )
        parser.add_argument("--acting-user", help="E-mail of the person the client acts as.")
        parser.add_argument(
            "--by", help="E-mail of the admin creating it (default: the first platform admin)."
        )
        parser.add_argument("--name", default="", help="The client's name.")
        parser.add_argument("--expires-days", type=int, default=None)

    def handle(self, *args, **options):
        key = options["organisation"]
        query = Q(registration_number=key) | (Q(pk=int(key)) if key.isdigit() else Q(pk=None))
        organisation = Organisation.objects.filter(query).first()
        if organisation is None:
            raise CommandError(f"No organisation {key!r}.")
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"]).first()
        else:
            by = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if by is None:
            raise CommandError("No admin to create the client as (--by).")
        acting = by
        if options["acting_user"]:
            acting = User.objects.filter(email__iexact=options["acting_user"]).first()
            if acting is None:
                raise CommandError(f"No user {options['acting_user']!r}.")
        expires_at = None
        if options["expires_days"] is not None:
            expires_at = timezone.now() + datetime.timedelta(days=options["expires_days"])
        try:
            _client, token = api_client_create(
                organisation=organisation,
                name=options["name"] or ", ".join(options["scopes"]),
                scopes=options["scopes"],
                by=by,
                acting_user=acting,
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(token)
