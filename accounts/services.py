"""Operations on people."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

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
    """Send an e-mail from the worker once the current transaction has committed."""
    transaction.on_commit(
        lambda: send_email.delay(
            subject=subject, body=body, to=to, html=html, from_email=from_email, headers=headers
        )
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
