"""Personal data: what the platform holds about one person, how it leaves ("My data") and how
it is erased (Moroccan law 09-08, articles 7 and 8).

Every app declares, in its own ``personal_data.py``, a handler for each model that holds
personal data or points at a user: which user fields it covers, how to export one person's rows
and how to erase them. ``tests/accounts/test_personal_data_registry.py`` walks every installed
model and fails when a user link has no handler, so a new model cannot forget this.

Erasure never changes the funder's figures. The account row is kept, pseudonymised ("Participant
7f3a…", an unusable password, an ``.invalid`` e-mail address), because the evidence (attendance
records, enrollments, certificates, the audit log) points at it and is append-only or PROTECTed.
Rows that are evidence are kept as they are: they hold ids, not names (the attendance hash chain
covers ids only, so it still verifies). Gender and birth year stay on the pseudonymised row: they
were collected for the anonymous breakdowns, and removing them would move those figures. What
names a person (names, e-mail, phone, the national ID number, the certificate's printed name and
PDF) is replaced or deleted; what serves nobody else (e-mail addresses, authenticators, sessions,
admin avatars, pending invitations) is deleted.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from core.exports import csv_writer

from .conf import setting

FORMAT = "tamkeen-personal-data/1"

#: Sent once an account has been erased (after the transaction commits). Arguments: ``user_id``,
#: ``pseudonym``, ``changed`` (section -> rows changed). Never the erased values.
account_erased = Signal()


class Erasure:
    DELETE = "deleted"
    PSEUDONYMISE = "pseudonymised"
    KEEP = "kept"  # the row only points at the (pseudonymised) account: nothing names the person


@dataclass(frozen=True)
class Handler:
    label: str  # "app_label.ModelName"
    section: str  # the JSON key and the CSV file name
    export: Callable  # (user) -> list[dict]
    erasure: str
    erase: Callable | None = None  # (user, pseudonym) -> number of rows changed
    fields: tuple[str, ...] = ()  # the user links this handler covers
    why: str = ""
    order: int = 50  # erasure order: lower first; the account itself goes last


_handlers: list[Handler] = []
_discovered = False

# Models that hold personal data without a direct link to a user: each needs a handler too.
PERSONAL_DATA_MODELS = {
    "courses.Participant",
    "courses.LessonProgress",
    "courses.QuizAttempt",
    "courses.PendingEnrollment",
    "organisations.Invitation",
}


def register(
    label: str,
    *,
    section: str,
    export: Callable,
    erasure: str,
    erase: Callable | None = None,
    fields: Iterable[str] = (),
    why: str = "",
    order: int = 50,
) -> Handler:
    if erasure != Erasure.KEEP and erase is None:
        raise ValueError(f"{label}: a handler that deletes or pseudonymises needs erase()")
    handler = Handler(label, section, export, erasure, erase, tuple(fields), why, order)
    _handlers[:] = [h for h in _handlers if h.section != section] + [handler]
    return handler


def register_links(
    label: str,
    *fields: str,
    section: str,
    at: str | None = None,
    delete: bool = False,
    why: str = "",
) -> Handler:
    """A model that only records what the person did (uploaded, approved, recorded...): its rows
    are exported as ids and dates, and kept (they name the pseudonymised account) or deleted."""
    from django.apps import apps
    from django.db.models import Q

    def matching(user):
        model = apps.get_model(label)
        query = Q()
        for name in fields:
            query |= Q(**{name: user})
        return model._default_manager.filter(query)

    def export(user):
        columns = ["pk", *fields] + ([at] if at else [])
        found: dict = {}
        for row in matching(user).values(*columns).order_by("pk"):
            roles = [name for name in fields if row[name] == user.pk]
            if roles:  # a many-to-many link lists every other person too
                entry = found.setdefault(row["pk"], {"id": row["pk"], "as": set()})
                entry["as"].update(roles)
                if at:
                    entry["at"] = row[at]
        return [{**entry, "as": ", ".join(sorted(entry["as"]))} for entry in found.values()]

    def erase(user, pseudonym):
        return matching(user).delete()[0]

    return register(
        label,
        section=section,
        export=export,
        erasure=Erasure.DELETE if delete else Erasure.KEEP,
        erase=erase if delete else None,
        fields=fields,
        why=why,
    )


def handlers() -> list[Handler]:
    global _discovered
    if not _discovered:
        from . import personal_data_builtin  # noqa: F401 - accounts, allauth, Wagtail, Django

        autodiscover_modules("personal_data")
        _discovered = True
    return sorted(_handlers, key=lambda h: (h.order, h.section))


def covered_fields() -> set[tuple[str, str]]:
    return {(h.label, name) for h in handlers() for name in h.fields}


def covered_models() -> set[str]:
    return {h.label for h in handlers()}


# --- Pseudonyms -------------------------------------------------------------------------------


def pseudonym_token(kind: str, pk) -> str:
    """Stable for one row, unguessable without the secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{pk}".encode(), hashlib.sha256)
    return digest.hexdigest()[:10]


def user_pseudonym(user) -> str:
    return f"Participant {pseudonym_token('user', user.pk)}"


def erased_email(user) -> str:
    return f"erased-{pseudonym_token('user', user.pk)}@erased.invalid"


# --- Export -----------------------------------------------------------------------------------


def rows(queryset, *columns, **renamed) -> list[dict]:
    """``values()`` as plain dicts, with ``renamed={"out": "lookup"}`` for related columns."""
    lookups = [*columns, *renamed.values()]
    names = [*columns, *renamed.keys()]
    return [dict(zip(names, values, strict=True)) for values in queryset.values_list(*lookups)]


def personal_data_export(*, user) -> dict:
    """Everything the platform holds about ``user``, one section per handler (one document)."""
    sections = {}
    for handler in sorted(handlers(), key=lambda h: h.section):
        sections[handler.section] = handler.export(user)
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "subject": {"id": user.pk, "email": user.email},
        "controller": setting("PRIVACY_CONTROLLER_NAME"),
        "privacy_notice_version": setting("PRIVACY_NOTICE_VERSION"),
        "sections": sections,
    }


def export_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _cell(value):
    """A cell as text (the CSV writer of core.exports neutralises formulas)."""
    if isinstance(value, dict | list):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    elif value is None:
        value = ""
    elif not isinstance(value, str):
        value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
        value = value if isinstance(value, str) else str(value)
    return value


def section_csv(section_rows: list[dict]) -> str:
    """One CSV (UTF-8 with a byte-order mark for Excel), every cell formula-safe."""
    columns: list[str] = []
    for row in section_rows:
        columns += [key for key in row if key not in columns]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer)  # every cell formula-safe (core/exports.py)
    writer.writerow(columns or ["(empty)"])
    for row in section_rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def export_csv_zip(data: dict) -> bytes:
    """A ZIP of one CSV per section, and a README naming the format."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        about = {key: value for key, value in data.items() if key != "sections"}
        archive.writestr("about.json", export_json(about))
        for section, section_rows in data["sections"].items():
            archive.writestr(f"{section}.csv", section_csv(section_rows))
    return buffer.getvalue()


# --- Erasure ----------------------------------------------------------------------------------


@dataclass
class ErasureReport:
    user_id: int
    pseudonym: str
    changed: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def personal_data_erase(*, user) -> ErasureReport | None:
    """Erase ``user`` in one transaction (see the module docstring); None if already erased."""
    from .models import User

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return None
    report = ErasureReport(user.pk, user_pseudonym(user))
    for handler in handlers():
        if handler.erase is not None:
            report.changed[handler.section] = handler.erase(user, report.pseudonym) or 0
    transaction.on_commit(
        lambda: account_erased.send(
            sender=User, user_id=report.user_id, pseudonym=report.pseudonym, changed=report.changed
        )
    )
    return report
