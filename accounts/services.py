"""Operations on people."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

import outbox

from .conf import setting
from .models import User
from .tasks import send_email


def email_queue(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    from_email: str | None = None,
    headers: dict | None = None,
) -> None:
    """Send an e-mail from the worker once the current transaction has committed (kept in the
    outbox if the broker is down, see outbox/services.py)."""
    outbox.enqueue(
        send_email,
        kwargs={
            "subject": str(subject),
            "body": str(body),
            "to": list(to),
            "html": html,
            "from_email": from_email,
            "headers": headers,
        },
    )


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None = None,
    full_name_ar: str = "",
    full_name_latin: str = "",
    preferred_language: str | None = None,
    gender: str = "",
    birth_year: int | None = None,
    email_verified: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a person with a validated profile and their allauth e-mail record."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        full_name_ar=full_name_ar,
        full_name_latin=full_name_latin,
        gender=gender,
        birth_year=birth_year,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if preferred_language:
        user.preferred_language = preferred_language
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


def user_mark_email_verified(*, user: User, email: str) -> None:
    """The person proved they read ``email`` (e.g. by following an invitation sent to it)."""
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    allowed = {"full_name_ar", "full_name_latin", "preferred_language", "gender", "birth_year"}
    for field, value in data.items():
        if field not in allowed:
            raise ValueError(f"{field} is not a profile field")
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=sorted(data))
    return user


# --- Consent ----------------------------------------------------------------------------------


def consent_record(*, user: User, purpose: str, given: bool, source: str = "my-data"):
    """Append one consent (or withdrawal) for the current privacy notice version."""
    from .models import ConsentRecord

    if purpose not in ConsentRecord.Purpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    return ConsentRecord.objects.create(
        user=user,
        purpose=purpose,
        given=given,
        notice_version=setting("PRIVACY_NOTICE_VERSION"),
        source=source,
    )


def consents_current(*, user: User) -> dict[str, bool]:
    """purpose → in force (the latest record of each purpose; absent means never given)."""
    from .models import ConsentRecord

    current = dict.fromkeys(ConsentRecord.Purpose.values, False)
    for purpose, given in (
        ConsentRecord.objects.filter(user=user)
        .order_by("recorded_at", "pk")
        .values_list("purpose", "given")
    ):
        current[purpose] = given
    return current


def consent_update(*, user: User, wanted: dict[str, bool], source: str = "my-data") -> list:
    """Record only what changed, all of it or nothing."""
    with transaction.atomic():
        current = consents_current(user=user)
        return [
            consent_record(user=user, purpose=purpose, given=given, source=source)
            for purpose, given in wanted.items()
            if current.get(purpose) != given
        ]


# --- National ID and erasure ------------------------------------------------------------------


def user_set_national_id(*, user: User, value: str) -> User:
    from .national_id import national_id_encrypt

    user.national_id_encrypted = national_id_encrypt(value)
    user.save(update_fields=["national_id_encrypted"])
    return user


def user_erase(*, user: User):
    """The person's own erasure request (or the retention purge): see accounts/personal_data.py."""
    from .personal_data import personal_data_erase

    return personal_data_erase(user=user)
