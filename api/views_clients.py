"""API clients and their webhooks, managed by platform and funder admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import permissions, services, webhooks
from .forms import ApiClientForm, WebhookForm
from .models import ApiClient


def _managed(user):
    organisations = permissions.organisations_managed_by(user)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


def _client(user, pk) -> ApiClient:
    client = get_object_or_404(
        ApiClient.objects.select_related("organisation", "acting_user", "created_by"), pk=pk
    )
    if not permissions.can_manage_api_clients(user, client.organisation):
        raise PermissionDenied
    return client


@login_required
def client_list(request):
    organisations = _managed(request.user)
    clients = ApiClient.objects.filter(organisation__in=organisations).select_related(
        "organisation", "acting_user"
    )
    form = ApiClientForm(organisations=organisations)
    return render(request, "api/clients/list.html", {"clients": clients, "form": form})


@login_required
@never_cache
def client_create(request):
    organisations = _managed(request.user)
    form = ApiClientForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, token = services.api_client_create(
                organisation=data["organisation"],
                name=data["name"],
                scopes=data["scopes"],
                by=request.user,
                acting_user=data["acting_user"],
                expires_at=data["expires_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown on this answer only, never stored: only its SHA-256 is kept.
            response = render(request, "api/clients/token.html", {"client": client, "token": token})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/clients/create.html", {"form": form})


@login_required
def client_detail(request, pk):
    client = _client(request.user, pk)
    subscriptions = client.webhooks.prefetch_related("deliveries")
    return render(
        request,
        "api/clients/detail.html",
        {
            "client": client,
            "subscriptions": subscriptions,
            "webhook_form": WebhookForm(),
            "calls": client.calls.select_related("actor")[:50],
        },
    )


@login_required
@require_POST
def client_revoke(request, pk):
    client = _client(request.user, pk)
    services.api_client_revoke(client=client, by=request.user)
    messages.success(request, _("The token is revoked: every call with it is now refused."))
    return redirect("api_clients:detail", pk=client.pk)


@login_required
@require_POST
@never_cache
def webhook_create(request, pk):
    client = _client(request.user, pk)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            subscription, secret = webhooks.webhook_subscribe(
                client=client,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = render(
                request,
                "api/clients/webhook_secret.html",
                {"client": client, "subscription": subscription, "secret": secret},
            )
            response["Cache-Control"] = "no-store"
            return response
    subscriptions = client.webhooks.prefetch_related("deliveries")
    return render(
        request,
        "api/clients/detail.html",
        {"client": client, "subscriptions": subscriptions, "webhook_form": form, "calls": []},
        status=400,
    )
