"""Personal-data handlers for the account itself and for the libraries' models (allauth, Wagtail,
Django sessions). The apps' own models have theirs in ``<app>/personal_data.py``."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .national_id import national_id_decrypt
from .personal_data import Erasure, erased_email, register, register_links, rows

KEPT_AS_HISTORY = _("Kept: it records what the account did; the account is pseudonymised.")


# --- The account ------------------------------------------------------------------------------


def _account_export(user):
    return [
        {
            "id": user.pk,
            "email": user.email,
            "full_name_ar": user.full_name_ar,
            "full_name_latin": user.full_name_latin,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "gender": user.gender,
            "birth_year": user.birth_year,
            "preferred_language": user.preferred_language,
            "national_id": national_id_decrypt(user.national_id_encrypted),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
        }
    ]


def _end_sessions(user) -> int:
    """Delete the person's server-side sessions (the database backend keeps them in one table:
    read each live one; the unusable password would also refuse them on their next request)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _account_erase(user, pseudonym):
    _end_sessions(user)
    user.set_unusable_password()
    fields = {
        "email": erased_email(user),
        "full_name_ar": "",
        "full_name_latin": pseudonym,
        "first_name": "",
        "last_name": "",
        "national_id_encrypted": "",
        "preferred_language": user._meta.get_field("preferred_language").default,
        "is_active": False,
        "is_staff": False,
        "is_superuser": False,
        "last_login": None,
        "erased_at": timezone.now(),
        "password": user.password,
    }
    # A queryset update, not save(): model-signal listeners (the security log records e-mail
    # changes with the old address) must not copy what is being erased into another table.
    # accounts.personal_data.account_erased tells them instead, without the old values.
    type(user).objects.filter(pk=user.pk).update(**fields)
    for name, value in fields.items():
        setattr(user, name, value)
    # Gender and birth year stay: they feed only the anonymous breakdowns, which must not move.
    user.groups.clear()
    user.user_permissions.clear()
    return 1


register(
    "accounts.User",
    section="account",
    export=_account_export,
    erasure=Erasure.PSEUDONYMISE,
    erase=_account_erase,
    why=_(
        "Your account: names, e-mail and national ID number replaced; sessions ended; login "
        "impossible. "
        "Gender and birth year kept for the anonymous figures."
    ),
    order=100,
)


def _consents_export(user):
    from .models import ConsentRecord

    return rows(
        ConsentRecord.objects.filter(user=user).order_by("recorded_at", "pk"),
        "purpose",
        "given",
        "notice_version",
        "recorded_at",
        "source",
    )


def _consents_erase(user, pseudonym):
    from .services import consent_record, consents_current

    withdrawn = 0
    for purpose, given in consents_current(user=user).items():
        if given:
            consent_record(user=user, purpose=purpose, given=False, source="erasure")
            withdrawn += 1
    return withdrawn


register(
    "accounts.ConsentRecord",
    section="consents",
    fields=["user"],
    export=_consents_export,
    erasure=Erasure.KEEP,
    erase=_consents_erase,
    why=_("Kept as the proof of what was consented to, with every consent withdrawn."),
)


# --- allauth ----------------------------------------------------------------------------------


def _emails_export(user):
    from allauth.account.models import EmailAddress

    return rows(EmailAddress.objects.filter(user=user), "email", "verified", "primary")


def _emails_erase(user, pseudonym):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user).delete()[0]


register(
    "account.EmailAddress",
    section="email_addresses",
    fields=["user"],
    export=_emails_export,
    erasure=Erasure.DELETE,
    erase=_emails_erase,
    why=_("E-mail addresses: deleted; the address can sign up again."),
)


def _authenticators_export(user):
    from allauth.mfa.models import Authenticator

    # The type and dates only: the secrets stay secret, even to their owner.
    return rows(Authenticator.objects.filter(user=user), "type", "created_at", "last_used_at")


def _authenticators_erase(user, pseudonym):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).delete()[0]


register(
    "mfa.Authenticator",
    section="authenticators",
    fields=["user"],
    export=_authenticators_export,
    erasure=Erasure.DELETE,
    erase=_authenticators_erase,
    why=_("Two-factor authenticators and recovery codes: deleted."),
)


# --- Wagtail ----------------------------------------------------------------------------------


def _wagtail_profile_export(user):
    from wagtail.users.models import UserProfile

    return [
        {
            "preferred_language": profile.preferred_language,
            "time_zone": profile.current_time_zone,
            "avatar": profile.avatar.name if profile.avatar else "",
        }
        for profile in UserProfile.objects.filter(user=user)
    ]


def _wagtail_profile_erase(user, pseudonym):
    from wagtail.users.models import UserProfile

    count = 0
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
        count += 1
    return count


register(
    "wagtailusers.UserProfile",
    section="admin_profile",
    fields=["user"],
    export=_wagtail_profile_export,
    erasure=Erasure.DELETE,
    erase=_wagtail_profile_erase,
    why=_("Administration profile: deleted, with its avatar photo."),
)


def _comments_export(model_name):
    def export(user):
        from django.apps import apps

        model = apps.get_model("wagtailcore", model_name)
        return rows(model.objects.filter(user=user).order_by("pk"), "pk", "text", "created_at")

    return export


for _model, _section in (("Comment", "admin_comments"), ("CommentReply", "admin_comment_replies")):
    register(
        f"wagtailcore.{_model}",
        section=_section,
        fields=["user"],
        export=_comments_export(_model),
        erasure=Erasure.KEEP,
        why=_("Kept in the content's review history, under the pseudonym."),
    )
register_links("wagtailcore.Comment", "resolved_by", section="admin_comments_resolved")


def _unlock_pages(user, pseudonym):
    from wagtail.models import Page

    return Page.objects.filter(locked_by=user).update(locked=False, locked_by=None, locked_at=None)


register_links("wagtailcore.Page", "owner", section="admin_pages_owned", why=KEPT_AS_HISTORY)
register(
    "wagtailcore.Page",
    section="admin_pages_locked",
    fields=["locked_by"],
    export=lambda user: [],
    erasure=Erasure.KEEP,
    erase=_unlock_pages,
    why=_("Pages the account had locked are unlocked."),
)
for _label, _field, _section, _at in (
    ("wagtailcore.Revision", "user", "admin_revisions", "created_at"),
    ("wagtailcore.ModelLogEntry", "user", "admin_log", "timestamp"),
    ("wagtailcore.PageLogEntry", "user", "admin_page_log", "timestamp"),
    ("wagtailcore.UploadedFile", "uploaded_by_user", "admin_uploads", None),
    ("wagtailcore.WorkflowState", "requested_by", "admin_workflows", "created_at"),
    ("wagtailcore.TaskState", "finished_by", "admin_moderation_tasks", "finished_at"),
    ("wagtaildocs.Document", "uploaded_by_user", "admin_documents", "created_at"),
    ("wagtailimages.Image", "uploaded_by_user", "admin_images", "created_at"),
):
    register_links(_label, _field, section=_section, at=_at, why=KEPT_AS_HISTORY)
for _label, _section in (
    ("wagtailadmin.EditingSession", "admin_editing_sessions"),
    ("wagtailadmin.FormState", "admin_form_drafts"),
    ("wagtailcore.APIToken", "admin_api_tokens"),
    ("wagtailcore.PageSubscription", "admin_subscriptions"),
):
    register_links(
        _label,
        "user",
        section=_section,
        delete=True,
        why=_("Administration drafts, editing sessions, API tokens and subscriptions: deleted."),
    )


# --- The security log (security/) ------------------------------------------------------------


def _security_events_export(user):
    from django.apps import apps
    from django.db.models import Q

    model = apps.get_model("security", "SecurityEvent")
    events = model.objects.filter(Q(actor=user) | Q(subject=user)).order_by("created_at", "pk")
    return rows(events, "kind", "created_at", "ip_address", "user_agent", "details")


def _register_security():
    from django.apps import apps

    if apps.is_installed("security"):
        register(
            "security.SecurityEvent",
            section="security_log",
            fields=["actor", "subject"],
            export=_security_events_export,
            erasure=Erasure.KEEP,
            why=_(
                "Kept until the security log's own retention period ends; it names the "
                "pseudonymised account."
            ),
        )


_register_security()
