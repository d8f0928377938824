"""The security log in the Wagtail admin: read-only, filterable, for those
``organisations.permissions.can_view_security_log`` allows (the platform admin, funder admins)."""

import django_filters
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from organisations import permissions

from .models import SecurityEvent


class SecurityLogPermissionPolicy(BasePermissionPolicy):
    """Reading only: no one adds, changes or deletes an event here, superusers included."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can_view_security_log(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        if "view" not in actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(memberships__organisation__kind="funder", memberships__role="admin")
            )
            .distinct()
        )


# Registered before the viewset: Wagtail would otherwise fall back to Django's model permissions.
register_permission_policy(SecurityEvent, SecurityLogPermissionPolicy(SecurityEvent))


class SecurityEventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=SecurityEvent.Kind.choices)
    user = django_filters.CharFilter(
        label=_("Account (e-mail)"),
        method="filter_user",
        help_text=_("Who acted, or whose account."),
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = SecurityEvent
        fields = ["kind", "user", "created_at"]

    def filter_user(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor__email__icontains=value)
            | Q(subject__email__icontains=value)
            | Q(details__identifier__icontains=value)
        )


def retention_note() -> str:
    return _(
        "Kept for %(days)s days, then removed automatically. "
        "Entries cannot be changed or deleted here."
    ) % {"days": settings.SECURITY_LOG_RETENTION_DAYS}


class SecurityEventIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor", "subject")

    def get_page_subtitle(self):
        return retention_note()


class SecurityEventViewSet(ModelViewSet):
    model = SecurityEvent
    icon = "lock"
    menu_label = _("Security log")
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = SecurityEventIndexView
    inspect_view_enabled = True
    inspect_view_class = InspectView
    inspect_view_fields = [
        "created_at",
        "kind",
        "actor",
        "subject",
        "ip_address",
        "user_agent",
        "details",
    ]
    list_display = [
        DateColumn("created_at", label=_("At"), sort_key="created_at"),
        Column("kind", label=_("Event"), accessor="get_kind_display"),
        Column("actor_email", label=_("By")),
        Column("subject_email", label=_("Account")),
        Column("ip_address", label=_("IP address")),
    ]
    filterset_class = SecurityEventFilterSet
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    copy_view_enabled = False
    exclude_form_fields = []  # no add or edit form is ever shown; the policy refuses them

    def get_permissions_to_register(self):
        # Nothing to hand out in the Groups editor: who may read is the permission module's.
        return Permission.objects.none()


security_event_viewset = SecurityEventViewSet("security_log")


@hooks.register("register_admin_viewset")
def register_security_log():
    return security_event_viewset
