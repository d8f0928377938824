"""Funder admins read the security log in the Wagtail admin, which only lets in holders of
``wagtailadmin.access_admin``: a group holding that permission alone follows their role. What
they may open there is still ``organisations.permissions.can_view_security_log``'s decision."""

from django.contrib.auth.models import Group, Permission

from organisations.models import Membership, Organisation

READERS_GROUP = "Security log readers"


def _readers_group() -> Group:
    group, _created = Group.objects.get_or_create(name=READERS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def sync_security_log_reader(*, user) -> None:
    """Put ``user`` in the readers' group exactly while they are an admin of a funder."""
    is_reader = Membership.objects.filter(
        user=user, organisation__kind=Organisation.Kind.FUNDER, role=Membership.Role.ADMIN
    ).exists()
    if is_reader:
        user.groups.add(_readers_group())
    elif user.groups.filter(name=READERS_GROUP).exists():
        user.groups.remove(*Group.objects.filter(name=READERS_GROUP))
