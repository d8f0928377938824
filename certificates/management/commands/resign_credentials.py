"""Sign issued credentials again in the current Open Badges 3.0 format, on request."""

from django.core.management.base import BaseCommand, CommandError

from certificates.credentials import FORMAT_OB3, credential_format
from certificates.models import Certificate, code_normalize
from certificates.services import certificate_resign


class Command(BaseCommand):
    help = (
        "Re-sign credentials issued in the format before #25 (typ vc+jwt, no JWT claims) as OB 3.0 "
        "VC-JWTs with the active key. The holder's identifier, code and status are kept; the old "
        "token keeps verifying here. --all re-signs current ones too (after a key rotation)."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="certificate codes (default: every one)")
        parser.add_argument(
            "--all", action="store_true", help="also re-sign credentials already in the format"
        )
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, codes, **options):
        certificates = Certificate.objects.exclude(credential_jwt="").select_related(
            "course", "association"
        )
        if codes:
            normalized = [code_normalize(code) for code in codes]
            if None in normalized:
                bad = [code for code, norm in zip(codes, normalized, strict=True) if norm is None]
                raise CommandError(f"Not a certificate code: {', '.join(bad)}")
            certificates = certificates.filter(code__in=normalized)
            missing = set(normalized) - set(certificates.values_list("code", flat=True))
            if missing:
                raise CommandError(f"No certificate with code: {', '.join(sorted(missing))}")
        changed = skipped = 0
        for certificate in certificates.order_by("pk").iterator(chunk_size=500):
            current = credential_format(certificate.credential_jwt) == FORMAT_OB3
            if current and not options["all"]:
                continue
            if options["dry_run"] or certificate_resign(
                certificate=certificate, force=options["all"]
            ):
                changed += 1
            else:
                skipped += 1
        verb = "Would re-sign" if options["dry_run"] else "Re-signed"
        self.stdout.write(f"{verb} {changed} credential(s); {skipped} could not be re-signed.")
        if skipped:
            raise CommandError(
                f"{skipped} credential(s) did not verify and were left as they were."
            )
