"""What goes into the security log, connected once when the app is ready.

Sign-ins come from Django's own signals (allauth's login calls ``django.contrib.auth.login``,
so the Wagtail admin's login page is covered too). Second factors, passwords and e-mail
addresses changed through allauth's pages come from allauth's signals; the same changes made
anywhere else (the Wagtail admin's account and user pages, ``manage.py``) are caught on the
User model. Roles are caught on the Membership model, whatever writes them (services, imports,
the admin); admin groups and direct permissions on their many-to-many tables.
"""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.personal_data import account_erased
from accounts.signals import personal_data_exported
from organisations.models import Membership, Organisation

from .context import current_request
from .events import Kind, normalize_identifier, record
from .readers import sync_security_log_reader

User = get_user_model()

# --- Signing in and out ----------------------------------------------------------------------


@receiver(auth_signals.user_logged_in, dispatch_uid="security.login")
def on_login(sender, request, user, **kwargs):
    record(Kind.LOGIN, request=request, actor=user, subject=user)


@receiver(auth_signals.user_logged_out, dispatch_uid="security.logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, request=request, actor=user, subject=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="security.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    """Only the typed identifier is kept, never the password (Django has already masked it in
    ``credentials``; we do not store that dict at all)."""
    identifier = normalize_identifier(
        credentials.get(User.USERNAME_FIELD)
        or credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
    )
    account = User.objects.filter(email__iexact=identifier).first() if identifier else None
    record(
        Kind.LOGIN_FAILED,
        request=request,
        actor=None,
        subject=account,
        details={"identifier": identifier, "known_account": account is not None},
    )


# --- Second factor (allauth.mfa) -------------------------------------------------------------


def _authenticator_details(authenticator) -> dict:
    return {"type": getattr(authenticator, "type", "")}


@receiver(mfa_signals.authenticator_added, dispatch_uid="security.mfa_added")
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    record(
        Kind.MFA_ADDED, request=request, subject=user, details=_authenticator_details(authenticator)
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="security.mfa_removed")
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    record(
        Kind.MFA_REMOVED,
        request=request,
        subject=user,
        details=_authenticator_details(authenticator),
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="security.mfa_reset")
def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    record(
        Kind.MFA_RESET, request=request, subject=user, details=_authenticator_details(authenticator)
    )


@receiver(mfa_signals.authentication_failed, dispatch_uid="security.mfa_failed")
def on_mfa_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    record(
        Kind.MFA_FAILED,
        request=request,
        actor=None,
        subject=user,
        details={**_authenticator_details(authenticator), "reauthentication": reauthentication},
    )


# --- Passwords and e-mail addresses through allauth's pages ----------------------------------


def _password_receiver(how: str):
    def on_password(sender, request, user, **kwargs):
        record(Kind.PASSWORD_CHANGED, request=request, subject=user, details={"how": how})

    return on_password


on_password_changed = _password_receiver("changed")
on_password_set = _password_receiver("set")
on_password_reset = _password_receiver("reset")
account_signals.password_changed.connect(on_password_changed, dispatch_uid="security.pw_changed")
account_signals.password_set.connect(on_password_set, dispatch_uid="security.pw_set")
account_signals.password_reset.connect(on_password_reset, dispatch_uid="security.pw_reset")


@receiver(account_signals.email_added, dispatch_uid="security.email_added")
def on_email_added(sender, request, user, email_address, **kwargs):
    record(Kind.EMAIL_ADDED, request=request, subject=user, details={"email": email_address.email})


@receiver(account_signals.email_removed, dispatch_uid="security.email_removed")
def on_email_removed(sender, request, user, email_address, **kwargs):
    record(
        Kind.EMAIL_REMOVED, request=request, subject=user, details={"email": email_address.email}
    )


@receiver(account_signals.email_changed, dispatch_uid="security.email_changed")
def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    record(
        Kind.EMAIL_CHANGED,
        request=request,
        subject=user,
        details={
            "from": from_email_address.email if from_email_address else "",
            "to": to_email_address.email,
            "how": "allauth",
        },
    )


# --- The same changes made outside allauth (User model) --------------------------------------

TRACKED_USER_FIELDS = ("password", "email", "is_superuser", "is_staff", "is_active")
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "is_active")


def _in_allauth_view() -> bool:
    """allauth's pages send their own signals (above): the model hook stays quiet there."""
    request = current_request()
    match = getattr(request, "resolver_match", None) if request is not None else None
    module = getattr(getattr(match, "func", None), "__module__", "") or ""
    return module.startswith("allauth.")


@receiver(pre_save, sender=User, dispatch_uid="security.user_pre_save")
def remember_user_fields(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or not instance.pk:
        return
    if update_fields is not None and not set(update_fields) & set(TRACKED_USER_FIELDS):
        return  # e.g. last_login on every sign-in
    before = User.objects.filter(pk=instance.pk).values(*TRACKED_USER_FIELDS).first()
    instance._security_before = before


@receiver(post_save, sender=User, dispatch_uid="security.user_post_save")
def record_user_changes(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        flags = {f: True for f in ("is_superuser", "is_staff") if getattr(instance, f)}
        if flags:
            record(Kind.PRIVILEGES_CHANGED, subject=instance, details={"created": True, **flags})
        return
    before = instance.__dict__.pop("_security_before", None)
    if not before:
        return
    changed = {
        field: {"from": before[field], "to": getattr(instance, field)}
        for field in PRIVILEGE_FIELDS
        if before[field] != getattr(instance, field)
    }
    if changed:
        record(Kind.PRIVILEGES_CHANGED, subject=instance, details=changed)
    if _in_allauth_view():
        return
    # set_password() keeps the raw value in _password until the save ends; a hash upgrade at
    # sign-in clears it first, so an upgraded hash is not a password change.
    if before["password"] != instance.password and (
        getattr(instance, "_password", None) is not None or not instance.has_usable_password()
    ):
        how = "disabled" if not instance.has_usable_password() else "set"
        record(Kind.PASSWORD_CHANGED, subject=instance, details={"how": how})
    if (before["email"] or "").lower() != (instance.email or "").lower():
        record(
            Kind.EMAIL_CHANGED,
            subject=instance,
            details={"from": before["email"], "to": instance.email, "how": "account"},
        )


# --- Roles (organisations.Membership) --------------------------------------------------------


def _membership_details(membership) -> dict:
    organisation = membership.organisation
    return {
        "organisation": organisation.pk,
        "organisation_name": organisation.name_fr,
        "organisation_kind": organisation.kind,
        "role": membership.role,
    }


@receiver(pre_save, sender=Membership, dispatch_uid="security.membership_pre_save")
def remember_role(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or not instance.pk:
        return
    instance._security_role_before = (
        Membership.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    )


@receiver(post_save, sender=Membership, dispatch_uid="security.membership_post_save")
def record_role(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        record(Kind.ROLE_GRANTED, subject=instance.user, details=_membership_details(instance))
    else:
        before = instance.__dict__.pop("_security_role_before", None)
        if before is None or before == instance.role:
            return
        record(
            Kind.ROLE_CHANGED,
            subject=instance.user,
            details={**_membership_details(instance), "previous_role": before},
        )
    if instance.organisation.kind == Organisation.Kind.FUNDER:
        sync_security_log_reader(user=instance.user)


@receiver(post_delete, sender=Membership, dispatch_uid="security.membership_post_delete")
def record_role_revoked(sender, instance, origin=None, **kwargs):
    details = _membership_details(instance)
    if isinstance(origin, User) and origin.pk == instance.user_id:
        # The person's account is being deleted: no link to a row about to disappear.
        user, details["account_deleted"] = None, True
    else:
        user = User.objects.filter(pk=instance.user_id).first()
    record(Kind.ROLE_REVOKED, subject=user, details=details)
    if user is not None and instance.organisation.kind == Organisation.Kind.FUNDER:
        sync_security_log_reader(user=user)


# --- Admin groups and direct permissions -----------------------------------------------------


def _m2m_receiver(relation: str, label_of):
    """Records additions and removals that really changed something: Django sends the ids it
    was given to remove, even those the person never had."""
    through = getattr(User, relation).through
    forward_column, target_column = (
        "user_id",
        through._meta.get_field("group" if relation == "groups" else "permission").attname,
    )

    def on_change(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action in ("pre_remove", "pre_clear"):
            links = through.objects.all()
            if reverse:
                links = links.filter(**{target_column: instance.pk})
                if pk_set is not None:
                    links = links.filter(**{f"{forward_column}__in": pk_set})
            else:
                links = links.filter(**{forward_column: instance.pk})
                if pk_set is not None:
                    links = links.filter(**{f"{target_column}__in": pk_set})
            instance.__dict__[f"_security_{relation}_removed"] = list(
                links.values_list(forward_column, target_column)
            )
            return
        if action in ("post_remove", "post_clear"):
            pairs = instance.__dict__.pop(f"_security_{relation}_removed", [])
            change = "removed"
        elif action == "post_add":
            pairs = (
                [(pk, instance.pk) for pk in pk_set]
                if reverse
                else [(instance.pk, pk) for pk in pk_set]
            )
            change = "added"
        else:
            return
        by_user: dict[int, list] = {}
        for user_id, target_id in pairs:
            by_user.setdefault(user_id, []).append(target_id)
        for user_id, target_ids in by_user.items():
            user = instance if not reverse else User.objects.filter(pk=user_id).first()
            kind = Kind.GROUPS_CHANGED if relation == "groups" else Kind.PRIVILEGES_CHANGED
            record(kind, subject=user, details={change: sorted(label_of(target_ids))})

    return on_change, through


def _group_names(ids):
    from django.contrib.auth.models import Group

    return Group.objects.filter(pk__in=ids).values_list("name", flat=True)


def _permission_names(ids):
    from django.contrib.auth.models import Permission

    return [
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(pk__in=ids).values_list(
            "content_type__app_label", "codename"
        )
    ]


on_groups_changed, _groups_through = _m2m_receiver("groups", _group_names)
on_permissions_changed, _permissions_through = _m2m_receiver("user_permissions", _permission_names)
m2m_changed.connect(on_groups_changed, sender=_groups_through, dispatch_uid="security.groups")
m2m_changed.connect(
    on_permissions_changed, sender=_permissions_through, dispatch_uid="security.user_permissions"
)


# --- Personal-data exports -------------------------------------------------------------------


@receiver(personal_data_exported, dispatch_uid="security.data_exported")
def on_personal_data_exported(sender, request=None, subject=None, scope="", **kwargs):
    details = {"scope": scope, **{k: v for k, v in kwargs.items() if k != "signal"}}
    if request is not None:
        details["path"] = request.path
    record(Kind.DATA_EXPORTED, request=request, subject=subject, details=details)


# --- Erasure (accounts.personal_data) --------------------------------------------------------


@receiver(account_erased, dispatch_uid="security.account_erased")
def on_account_erased(sender, user_id, changed=None, **kwargs):
    """The erasure itself changes the account with a queryset update (no model signal copies
    the old address here); this records that it happened, with what it changed, no values."""
    record(
        Kind.ACCOUNT_ERASED,
        subject=User.objects.filter(pk=user_id).first(),
        details={"sections": changed or {}},
    )
