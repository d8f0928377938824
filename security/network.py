"""Where a request comes from, as far as the deployment's proxies can be trusted. No model
imports: rate limits elsewhere use it too."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

USER_AGENT_MAX = 255


def client_ip(request) -> str | None:
    """The client's address, as allauth's login rate limits see it: ``REMOTE_ADDR`` unless
    ``ALLAUTH_TRUSTED_PROXY_COUNT`` (env ``TRUSTED_PROXY_COUNT``) or
    ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` says which proxies may tell us otherwise."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # A forwarded chain shorter than the configured proxies: someone spoofing or a
        # misconfiguration; the peer's own address is the only fact we have.
        ip = request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


def user_agent(request) -> str:
    if request is None:
        return ""
    return (request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_MAX]
