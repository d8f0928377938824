"""``/api/v1/``: the endpoints. Each reads through grants' and certificates' selectors and
writes through grants' services, as the acting person of the token's client (see
docs/api.md): the permission rules of organisations/permissions.py apply unchanged."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Schema

from certificates import ratelimit as certificate_ratelimit
from certificates.selectors import certificate_by_code, certificate_public_record
from grants import selectors as grants_selectors
from grants import services as grants_services
from grants.dashboard import dashboard_programmes, programme_dashboard
from grants.models import Tranche as TrancheModel
from grants.services.packs import evidence_names_access_record
from organisations import permissions

from . import schemas as s
from . import scopes
from .models import WebhookDelivery
from .problems import problem_response
from .rest import (
    Problem,
    TamkeenAPI,
    TokenAuth,
    acting_user,
    install_exception_handlers,
    requires,
)
from .services import api_call_log, personal_data_read_log

CURRENCY = "MAD"
MAX_LIMIT = 100
MAX_ID = 2**31 - 1
# What filters and path parts may hold: codes and references (no control
# character reaches a query).
CODE = r"^[A-Za-z0-9_.-]*$"
REFERENCE = r"^[A-Za-z0-9_.-]{1,50}$"


def _id(**kwargs):
    return Path(..., ge=1, le=MAX_ID, **kwargs)


def _reference():
    return Path(..., pattern=REFERENCE, examples=["2023-DIG-001"])


def _code_filter(description: str = ""):
    return Field("", max_length=30, pattern=CODE, description=description)


DESCRIPTION = """
The programme's figures for the funder's systems: programmes, agreements (targets, tranches,
amounts), their evidence and readiness, sessions as aggregates, the funder dashboard's
portfolio figures, certificates' public verification, and the payment a finance system records.

**Authentication**: `Authorization: Bearer <token>`. A platform or funder admin creates a client
and its token under *API clients*; the token is shown once. Each token carries scopes; each
endpoint names the one it needs. The client acts as one person of its organisation, and the
rules of the pages apply to that person (a finance officer's client records payments, never for
an association the person is a member of, nor one they approved).

**Conventions**: lists are paginated by cursor (`next_cursor`, then `?cursor=`); `GET` answers
carry an `ETag` (send it back in `If-None-Match`: 304 when unchanged); dates are ISO 8601;
amounts are decimal strings with their currency; errors are `application/problem+json`
(RFC 9457) with a stable `code` and a `detail` in the language of `Accept-Language` (ar, fr, en).
Each token may make `API_RATE_LIMIT_PER_MINUTE` calls a minute (429 with `Retry-After` beyond).
"""

api = TamkeenAPI(
    title="Tamkeen API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_exception_handlers(api)

ERRORS = {400: s.Problem, 401: s.Problem, 403: s.Problem, 404: s.Problem, 429: s.Problem}


def read(ok):
    return {200: ok, 304: None, **ERRORS}


def money(value) -> dict:
    return {"amount": f"{Decimal(value or 0):.2f}", "currency": CURRENCY}


def _number(value) -> str:
    return format(Decimal(value).normalize(), "f")


def organisation_data(organisation) -> dict:
    region = getattr(organisation, "region", None)
    return {
        "id": organisation.pk,
        "name_ar": organisation.name_ar,
        "name_fr": organisation.name_fr,
        "region": region.code if region else None,
    }


def tranche_data(tranche) -> dict:
    return {
        "id": tranche.pk,
        "number": tranche.number,
        "share": _number(tranche.share),
        "amount": money(tranche.amount),
        "trigger": tranche.trigger,
        "status": tranche.status,
        "period_starts_on": tranche.period_starts_on,
        "period_ends_on": tranche.period_ends_on,
        "report_due_on": tranche.report_due_on,
        "paid_on": tranche.paid_on,
        "payment_reference": tranche.payment_reference,
    }


def agreement_data(agreement) -> dict:
    """The agreement without its bank details (never exposed by the API)."""
    return {
        "id": agreement.pk,
        "reference": agreement.reference,
        "programme_id": agreement.programme_id,
        "association": organisation_data(agreement.association),
        "project_title_ar": agreement.project_title_ar,
        "project_title_fr": agreement.project_title_fr,
        "signed_on": agreement.signed_on,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "amount": money(agreement.amount),
        "version": agreement.version,
        "targets": {
            **agreement.targets(),
            "women_share": f"{Decimal(agreement.target_women_share):.2f}",
            "regions": sorted(r.code for r in agreement.target_regions.all()),
            "provinces": sorted(p.code for p in agreement.target_provinces.all()),
        },
        "tranches": [
            tranche_data(t) for t in sorted(agreement.tranches.all(), key=lambda t: t.number)
        ],
    }


def programme_data(programme, totals: dict) -> dict:
    return {
        "id": programme.pk,
        "funder": organisation_data(programme.funder),
        "field": programme.field,
        "title_ar": programme.title_ar,
        "title_fr": programme.title_fr,
        "year": programme.year,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "beneficiary_rule": programme.beneficiary_rule,
        "min_target_share": f"{Decimal(programme.min_target_share):.2f}",
        "agreements": totals.get("count", 0),
        "amount": money(totals.get("amount")),
    }


def _visible_agreements(request):
    return (
        grants_selectors.agreements_for_user(user=acting_user(request))
        .select_related("association__region")
        .prefetch_related("target_regions", "target_provinces", "tranches")
    )


def _agreement(request, reference: str):
    return get_object_or_404(_visible_agreements(request), reference=reference)


def _programme(request, programme_id: int):
    programme = get_object_or_404(dashboard_programmes(user=acting_user(request)), pk=programme_id)
    if not permissions.can_view_funder_dashboard(acting_user(request), programme):
        raise Problem(403, "forbidden", _("You may not see this programme's figures."))
    return programme


# --- Programmes and the portfolio -------------------------------------------------------------


class ProgrammeList(Schema):
    items: list[s.Programme]


@api.get("/programmes", response=read(ProgrammeList), tags=["programmes"], url_name="programmes")
@requires(scopes.PROGRAMMES_READ)
def programmes(request):
    """The programmes of the funder the acting person works for (scope `programmes:read`)."""
    items = []
    for programme in dashboard_programmes(user=acting_user(request)).order_by("pk"):
        totals = programme.agreements.aggregate(amount=Sum("amount"))
        totals["count"] = programme.agreements.count()
        items.append(programme_data(programme, totals))
    return {"items": items}


class DashboardFilters(Schema):
    region: str = _code_filter("Region code, as on the dashboard.")
    status: str = _code_filter("Status of the tranche the evidence releases.")
    readiness: str = _code_filter("ready or not_ready")


@api.get(
    "/programmes/{programme_id}/portfolio",
    response=read(s.Portfolio),
    tags=["programmes"],
    url_name="portfolio",
)
@requires(scopes.PROGRAMMES_READ)
def portfolio(request, filters: Query[DashboardFilters], programme_id: int = _id()):
    """The funder dashboard's totals and charts for one programme, with its filters: `region`
    (region code), `status` (the status of the tranche the evidence releases), `readiness`
    (`ready` or `not_ready`). Scope `programmes:read`."""
    programme = _programme(request, programme_id)
    wanted = {k: v.strip()[:30] for k, v in filters.dict().items()}
    board = programme_dashboard(programme=programme, sort="reference", **wanted)
    totals = dict(board["totals"])
    totals["amount"] = money(totals["amount"])

    def bars(rows):
        return [{**bar, "key": str(bar["key"]), "label": str(bar["label"])} for bar in rows]

    return {
        "programme_id": programme.pk,
        "filters": {k: v for k, v in wanted.items() if v},
        "totals": totals,
        **{
            name: bars(board["charts"][name])
            for name in ("regions", "themes", "statuses", "gender")
        },
    }


# --- Agreements -------------------------------------------------------------------------------


class AgreementFilters(Schema):
    programme: int | None = Field(None, ge=1, le=MAX_ID)
    region: str = _code_filter("Region code of the association.")
    status: str = _code_filter("With programme: status of the tranche the evidence releases.")
    readiness: str = _code_filter("With programme: ready or not_ready.")
    cursor: str | None = Field(
        None, pattern=REFERENCE, description="The next_cursor of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@api.get("/agreements", response=read(s.AgreementPage), tags=["agreements"], url_name="agreements")
@requires(scopes.AGREEMENTS_READ)
def agreements(request, filters: Query[AgreementFilters]):
    """The agreements the acting person may see, by reference, `limit` (1-100) a page. The
    dashboard's filters: `programme`, `region` (the association's region), `status` and
    `readiness`, exactly as the dashboard computes them. Scope `agreements:read`."""
    limit = min(max(filters.limit, 1), MAX_LIMIT)
    # Keyset pagination: the cursor is the last reference of the previous page.
    after = filters.cursor
    queryset = _visible_agreements(request).order_by("reference")
    if filters.programme is not None:
        queryset = queryset.filter(programme_id=filters.programme)
    if filters.region:
        queryset = queryset.filter(association__region__code=filters.region[:30])
    if filters.status or filters.readiness:
        # Computed as the dashboard does, over the programme given, or every programme whose
        # dashboard the acting person may open.
        if filters.programme is not None:
            programmes = [_programme(request, filters.programme)]
        else:
            programmes = [
                p
                for p in dashboard_programmes(user=acting_user(request))
                if permissions.can_view_funder_dashboard(acting_user(request), p)
            ]
        kept = set()
        for programme in programmes:
            board = programme_dashboard(
                programme=programme,
                region=filters.region,
                status=filters.status,
                readiness=filters.readiness,
            )
            kept |= {row.agreement.pk for row in board["rows"]}
        queryset = queryset.filter(pk__in=kept)
    if after is not None:
        queryset = queryset.filter(reference__gt=after)
    page = list(queryset[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return {
        "items": [agreement_data(a) for a in page],
        "next_cursor": page[-1].reference if more else None,
    }


@api.get(
    "/agreements/{reference}", response=read(s.Agreement), tags=["agreements"], url_name="agreement"
)
@requires(scopes.AGREEMENTS_READ)
def agreement(request, reference: str = _reference()):
    """One agreement by its reference (scope `agreements:read`)."""
    return agreement_data(_agreement(request, reference))


@api.get(
    "/agreements/{reference}/evidence",
    response=read(s.Evidence),
    tags=["evidence"],
    url_name="evidence",
)
@requires(scopes.EVIDENCE_READ)
def evidence(request, reference: str = _reference()):
    """The agreement's evidence, computed live as on the review page: targets, delivered
    figures, the share of each target reached, and the conditions for requesting the current
    tranche (scope `evidence:read`)."""
    agreement = _agreement(request, reference)
    data = grants_selectors.agreement_evidence(agreement=agreement)
    tranches = grants_selectors.agreement_tranches(agreement=agreement)
    current = grants_selectors.current_tranche(tranches)
    conditions = []
    if current is not None:
        requests = list(current.requests.all())
        conditions = [
            {
                "code": c.code,
                "label": str(c.label),
                "met": bool(c.met),
                "blocking": c.blocking,
                "detail": str(c.detail),
            }
            for c in grants_selectors.tranche_request_readiness(
                tranche=current, request=requests[0] if requests else None
            )
        ]
    return {
        "agreement": data["agreement"],
        "computed_at": data["computed_at"],
        "figures": data["figures"],
        "progress": data["progress"],
        "readiness": data["readiness"],
        "current_tranche": current.number if current else None,
        "conditions": conditions,
    }


class SessionFilters(Schema):
    region: str = _code_filter()
    province: str = _code_filter()
    theme: str = Field("", max_length=60, pattern=CODE)


@api.get(
    "/agreements/{reference}/sessions",
    response=read(s.SessionList),
    tags=["evidence"],
    url_name="sessions",
)
@requires(scopes.EVIDENCE_READ)
def sessions(request, filters: Query[SessionFilters], reference: str = _reference()):
    """The held sessions behind the figures, each as aggregates (no names), optionally for one
    `region`, `province` or `theme` (scope `evidence:read`)."""
    agreement = _agreement(request, reference)
    rows = grants_selectors.agreement_session_rows(
        agreement=agreement,
        region=filters.region[:30],
        province=filters.province[:30],
        theme=filters.theme[:60],
    )
    items = []
    for session, figures in rows:
        rate = figures.rate
        items.append(
            {
                "id": session.pk,
                "title": str(session.title),
                "title_ar": session.title_ar,
                "title_fr": session.title_fr,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "kind": session.kind,
                "theme": session.course.theme if session.course_id else session.kind,
                "mode": session.mode,
                "region": session.region.code if session.region_id else None,
                "province": session.province.code if session.province_id else None,
                "figures": {
                    "expected": figures.expected,
                    "attended": figures.attended,
                    "excused": figures.excused,
                    "registered": figures.registered,
                    "walk_ins": figures.walk_ins,
                    "rate": None if rate is None else f"{Decimal(str(rate)):.4f}",
                },
            }
        )
    return {"items": items}


@api.get(
    "/agreements/{reference}/beneficiaries",
    response=read(s.BeneficiaryList),
    tags=["evidence"],
    url_name="beneficiaries",
)
@requires(scopes.NAMES_READ)
def beneficiaries(request, reference: str = _reference()):
    """The people behind the beneficiary figures, one row per person and session, with their
    names: only a funder's client holds scope `names:read`, and only when the acting person may
    see names on the evidence pages (the programme's officers and auditors). Each call is in
    the security log and the agreement's audit log."""
    agreement = _agreement(request, reference)
    user = acting_user(request)
    if not permissions.can_see_evidence_names(user, agreement):
        raise Problem(403, "forbidden", _("The acting person may not see these names."))
    rows = grants_selectors.agreement_beneficiary_rows(agreement=agreement, with_names=True)
    evidence_names_access_record(agreement=agreement, by=user, scope="api")
    personal_data_read_log(
        request=request,
        client=request.auth,
        what="beneficiary_names",
        details={"agreement": agreement.reference, "rows": len(rows)},
    )
    return {
        "items": [
            {
                "pseudonym": r.pseudonym,
                "name": r.name,
                "session_id": r.session.pk,
                "gender": r.gender or "",
                "age_band": r.age_band or "",
            }
            for r in rows
        ]
    }


# --- Payments ---------------------------------------------------------------------------------


@api.post(
    "/tranches/{tranche_id}/payment",
    response={200: s.Tranche, 409: s.Problem, **ERRORS},
    tags=["payments"],
    url_name="payment",
)
@requires(scopes.PAYMENTS_WRITE)
def payment(request, body: s.PaymentIn, tranche_id: int = _id()):
    """Record the transfer of a tranche made in the finance system (scope `payments:write`),
    through the same service as the finance page, so its rules hold: the acting person is the
    funder's finance staff, not a member of the association, neither the approver nor (when
    another finance member may) the one who cleared it; the tranche is cleared for payment (or
    payable on signature); the date is not in the future nor before the signature, approval or
    clearance. A refusal by those rules is 403 or 409 with the reason; the same payment sent
    twice is 409 `illegal_transition` and changes nothing."""
    visible = TrancheModel.objects.filter(
        agreement__in=grants_selectors.agreements_for_user(user=acting_user(request))
    ).select_related("agreement__programme", "agreement__association")
    tranche = get_object_or_404(visible, pk=tranche_id)
    status = 500
    try:
        tranche = grants_services.tranche_payment_record(
            tranche=tranche,
            by=acting_user(request),
            paid_on=body.paid_on,
            reference=body.reference,
        )
        status = 200
    except PermissionDenied:
        status = 403
        raise
    except ValidationError:
        status = 409
        raise
    finally:
        api_call_log(
            request=request,
            client=request.auth,
            action="tranche.payment_record",
            status_code=status,
            details={"tranche": tranche_id, "reference": body.reference[:100]},
        )
    tranche.refresh_from_db()
    return tranche_data(tranche)


# --- Webhooks ---------------------------------------------------------------------------------


class DeliveryFilters(Schema):
    status: str = _code_filter("pending, retrying, delivered or failed")
    cursor: str | None = Field(
        None, pattern=r"^[0-9]{1,10}$", description="The next_cursor of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@api.get(
    "/webhooks/deliveries",
    response=read(s.DeliveryPage),
    tags=["webhooks"],
    url_name="deliveries",
)
@requires(scopes.WEBHOOKS_MANAGE)
def deliveries(request, filters: Query[DeliveryFilters]):
    """The deliveries of this client's webhook subscriptions, newest first, with the outcome
    of their last attempt; `status`: pending, retrying, delivered or failed (scope
    `webhooks:manage`). Subscriptions are made on the client's page."""
    limit = min(max(filters.limit, 1), MAX_LIMIT)
    after = filters.cursor
    queryset = WebhookDelivery.objects.filter(subscription__client=request.auth).select_related(
        "subscription"
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status[:10])
    if after is not None:
        queryset = queryset.filter(pk__lt=int(after))
    page = list(queryset.order_by("-pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return {
        "items": [
            {
                "id": d.pk,
                "event_id": str(d.event_id),
                "event": d.event,
                "url": d.subscription.url,
                "status": d.status,
                "attempts": d.attempts,
                "last_status_code": d.last_status_code,
                "last_error": d.last_error,
                "created_at": d.created_at,
                "last_attempt_at": d.last_attempt_at,
                "delivered_at": d.delivered_at,
            }
            for d in page
        ],
        "next_cursor": str(page[-1].pk) if more else None,
    }


# --- Certificates: public verification --------------------------------------------------------


@api.get(
    "/certificates/{code}",
    response={200: s.Verification, 304: None, 400: s.Problem, 404: s.Problem, 429: s.Problem},
    tags=["certificates"],
    auth=None,
    url_name="certificate",
)
def certificate(request, code: str = Path(..., max_length=64, pattern=r"^[A-Za-z0-9-]+$")):
    """A certificate's public verification by its code, without a token and without the
    holder's name (the public page at /verify/<code>/ shows it to whoever holds the code)."""
    if not certificate_ratelimit.verification_allowed(request):
        raise Problem(
            429,
            "rate_limited",
            _(
                "You have checked many certificates in a short time. "
                "Please wait ten minutes and try again."
            ),
            headers={"Retry-After": "600"},
        )
    found = certificate_by_code(code=code[:64])
    if found is None:
        raise Problem(404, "certificate_not_found", _("Certificate not found."))
    record = certificate_public_record(certificate=found)
    for private in ("holder_name_ar", "holder_name_latin", "history"):
        record.pop(private, None)
    record["course_titles"] = {
        str(k): str(v) for k, v in (record.get("course_titles") or {}).items()
    }
    return record


def not_found(request, rest=""):
    """Any other path under /api/: a 404 problem."""
    return problem_response(
        request, status=404, code="not_found", detail=_("Nothing of that kind here.")
    )
