"""Demo tranches and tranche-2 requests, built through the services.

Tranche 1 is paid (by finance@) for most agreements; association A has a draft tranche-2
request, another association a submitted one waiting for review, a third one sent back with
changes requested. The requests come once the sessions are held (``demo.grants.progress``
calls ``seed_requests``): submitting freezes the evidence, and their reports quote it. Extra
random values come from a generator seeded by the agreement's reference, so the shared demo
generator (and the apps seeded after this one) see the same sequence as before.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from grants.checklist import checklist_items
from grants.claims import counted_figures
from grants.models import Agreement, Programme, ReportSection, Tranche, rib_with_key
from grants.selectors import agreement_evidence, tranche_snapshot
from grants.services import (
    agreement_tranches_create,
    tranche_payment_record,
    tranche_request_create,
    tranche_request_review,
    tranche_request_review_start,
    tranche_request_submit,
    tranche_request_update,
)
from grants.services.finance import tranche_request_finance_clear
from organisations.models import Membership

from ..organisations import staff_account

BANKS = [
    ("007", "Attijariwafa bank"),
    ("011", "Bank of Africa"),
    ("145", "Banque Populaire"),
    ("230", "CIH Bank"),
    ("350", "Al Barid Bank"),
]
UNPAID_EVERY = 15  # agreements 15, 30, 45 of each call still wait for their first transfer
THIRD_PREFIX = "2025-DG-"  # the 2025 call's agreements (demo.grants.agreements)

# Extra association admins so that submitted and sent-back requests have an author.
DEMO_AUTHORS = [
    ("association.review@tamkeen.test", "حسن بوزيد", "Hassan Bouzid", 54, "submitted"),
    ("association.changes@tamkeen.test", "ليلى الصنهاجي", "Leila Sanhaji", 1, "changes"),
]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)


def agreement_details(reference: str, association) -> dict:
    """Targets, summary and bank details for a demo agreement: 5 to 12 sessions of 10 to 16
    people each, and certificates only where training courses give them (awareness campaigns
    and dialogue meetings give none)."""
    rng = random.Random(reference)  # noqa: S311 - demo data
    bank_code, bank_name = rng.choice(BANKS)
    sessions = rng.randrange(5, 13)
    beneficiaries = sessions * rng.randrange(10, 17)
    training = "-DG-" in reference
    return {
        "project_summary": (
            "Formations et rencontres au profit des associations et des citoyens de "
            f"{association.province.name_fr}."
        ),
        "targets": {
            "sessions": sessions,
            "beneficiaries": beneficiaries,
            "member_associations": rng.randrange(3, 9),
            "certificates": beneficiaries * rng.randrange(3, 6) // 10 if training else 0,
        },
        "target_women_share": Decimal(rng.choice(["0.30", "0.40", "0.50"])),
        "target_regions": [association.region],
        "target_provinces": [association.province],
        "bank_name": bank_name,
        "rib": rib_with_key(f"{bank_code}{rng.randrange(100, 999)}{rng.randrange(10**15, 10**16)}"),
    }


def _pdf(name):
    return ContentFile(PDF, name=name)


def _fill(request, by, *, amount, skip_documents=(), inflate=1):
    """The narrative quotes the live figures (what the association sees on its page) and
    states them as numbers (its claims, the beneficiaries multiplied by ``inflate``: the
    request awaiting review overstates them, and the review flags the gap), the expenses half
    of tranche 1, the documents all but ``skip_documents``."""
    agreement = request.tranche.agreement
    figures = agreement_evidence(agreement=agreement)["figures"]
    women = figures["women_share"]
    claims = counted_figures(tranche_snapshot(tranche=request.tranche))
    claims["beneficiaries"] *= inflate
    figures = {**figures, "beneficiaries": claims["beneficiaries"]}
    kind = (
        "séances de formation"
        if agreement.programme.field == Programme.Field.DIGITALIZATION
        else "campagnes de sensibilisation et rencontres de dialogue territorial"
    )
    tranche_request_update(
        request=request,
        by=by,
        claims=claims,
        sections={
            ReportSection.Kind.ACTIVITIES: f"{figures['sessions']} {kind} tenues.",
            ReportSection.Kind.RESULTS: (
                f"{figures['beneficiaries']} bénéficiaires"
                + (f", dont {round(float(women) * 100)} % de femmes." if women else ".")
            ),
            ReportSection.Kind.DIFFICULTIES: "Report de deux séances (intempéries).",
            ReportSection.Kind.NEXT_STEPS: "Séances restantes au deuxième semestre.",
        },
        expense_lines=[
            {
                "category": "trainers",
                "label": "Honoraires des formateurs",
                "amount": (amount * Decimal("0.5")).quantize(Decimal("0.01")),
                "receipt": _pdf("honoraires.pdf"),
            },
            {
                "category": "venue",
                "label": "Location de salles",
                "amount": (amount * Decimal("0.2")).quantize(Decimal("0.01")),
                "receipt": _pdf("salles.pdf"),
            },
        ],
        documents=[
            (code, _pdf(f"{code}.pdf"))
            for code in agreement.programme.required_documents
            if code not in skip_documents
        ],
    )


def _author(context, email, name_ar, name_latin, association):
    return staff_account(
        context=context,
        email=email,
        name_ar=name_ar,
        name_latin=name_latin,
        organisation=association,
        role=Membership.Role.ADMIN,
        label="association admin",
    )


def story_associations(context) -> dict:
    """story (draft, submitted, changes) → the association whose request tells it."""
    stories = {"draft": context["organisations"]["trainer_a"]}
    for _email, _ar, _latin, index, story in DEMO_AUTHORS:
        stories[story] = context["trainers"][index]
    return stories


def seed_tranches(*, context, log):
    finance = context["users"]["finance@tamkeen.test"]
    agreements = Agreement.objects.select_related("programme", "association").order_by("reference")
    for agreement in agreements:
        first, *_rest = agreement_tranches_create(agreement=agreement)
        number = int(agreement.reference.rsplit("-", 1)[-1])
        if first.status == Tranche.Status.PAYABLE and number % UNPAID_EVERY:
            # The 2025 call's agreements are dated from today: paid ten days after signature.
            paid_on = (
                agreement.signed_on + datetime.timedelta(days=10)
                if agreement.reference.startswith(THIRD_PREFIX)
                else datetime.date(2024, 1, 10) + datetime.timedelta(days=number % 20)
            )
            tranche_payment_record(
                tranche=first, by=finance, paid_on=paid_on, reference=f"VIR-{agreement.reference}-1"
            )

    # The requests' authors exist from the start: they run their association's sessions.
    for email, name_ar, name_latin, index, _story in DEMO_AUTHORS:
        _author(context, email, name_ar, name_latin, context["trainers"][index])
    paid = Tranche.objects.filter(status=Tranche.Status.PAID).count()
    log(f"Tranches: {Tranche.objects.count()} ({paid} paid).")


def seed_requests(*, context, log):
    """The three tranche-2 requests, once the sessions they report on are held."""
    officer = context["users"]["officer@tamkeen.test"]
    agreements = Agreement.objects.select_related("programme", "association").order_by("reference")
    authors = {"draft": context["users"]["trainer.admin@tamkeen.test"]}
    for email, _ar, _latin, _index, story in DEMO_AUTHORS:
        authors[story] = User.objects.get(email=email)
    for story, association in story_associations(context).items():
        author = authors[story]
        agreement = agreements.filter(association=association).first()
        second = agreement.tranches.get(number=2)
        if second.requests.exists():
            continue
        request = tranche_request_create(tranche=second, by=author)
        first_amount = agreement.tranches.get(number=1).amount
        # Association A's draft still lacks its bank statement: the readiness meter shows it.
        skip = ["bank_statement"] if story == "draft" else []
        # The request awaiting review claims ten times the beneficiaries counted.
        _fill(
            request,
            author,
            amount=first_amount,
            skip_documents=skip,
            inflate=10 if story == "submitted" else 1,
        )
        if story == "draft":
            continue
        tranche_request_submit(request=request, by=author)
        if story == "changes":
            checklist = {
                "narrative_report": (
                    False,
                    "Rencontres de dialogue sans feuille de présence signée.",
                ),
                "financial_report": (True, ""),
            }
            tranche_request_review(
                request=request,
                by=officer,
                checklist=checklist,
                decision="request_changes",
                comment=(
                    "Merci de joindre les feuilles de présence signées des rencontres de "
                    "dialogue territorial : seul l'appel sur téléphone les atteste."
                ),
            )
    log("Tranche-2 requests: 3 (a draft, one awaiting review, one sent back for changes).")
    seed_third_requests(context=context, log=log)


THIRD_AUTHOR = ("association.tranche3@tamkeen.test", "سعاد المرابط", "Souad Mrabet")


def _passing(request) -> dict:
    """The officer's approval: both judgements met, and each figure item the frozen figures
    do not meet overridden with a written justification (shown to finance and auditors)."""
    checklist = {"narrative_report": (True, ""), "financial_report": (True, "")}
    for item in checklist_items(request):
        if item.is_figure and not item.met:
            checklist[item.code] = {
                "override": True,
                "justification": (
                    "Vérifié lors de la visite de suivi : feuilles de présence signées "
                    "consultées au siège de l'association."
                ),
            }
    return checklist


def seed_third_requests(*, context, log):
    """The 2025 call's first agreement: tranche 2 requested, approved by the officer,
    cleared and paid by finance; its tranche-3 request submitted and under review."""
    agreement = (
        Agreement.objects.select_related("programme", "association")
        .filter(reference__startswith=THIRD_PREFIX)
        .order_by("reference")
        .first()
    )
    if agreement is None:
        return
    second, third = agreement.tranches.get(number=2), agreement.tranches.get(number=3)
    if third.requests.exists():
        return
    officer = context["users"]["officer@tamkeen.test"]
    finance = context["users"]["finance@tamkeen.test"]
    author = _author(context, *THIRD_AUTHOR, agreement.association)
    if second.status == Tranche.Status.PAYABLE:
        request = tranche_request_create(tranche=second, by=author)
        _fill(request, author, amount=agreement.tranches.get(number=1).amount)
        tranche_request_submit(request=request, by=author)
        tranche_request_review(
            request=request, by=officer, checklist=_passing(request), decision="approve"
        )
        # The funder's one finance member clears and pays (the audit log says so).
        tranche_request_finance_clear(request=request, by=finance)
        tranche_payment_record(
            tranche=Tranche.objects.get(pk=second.pk),
            by=finance,
            paid_on=timezone.localdate(),
            reference=f"VIR-{agreement.reference}-2",
        )
    third.refresh_from_db()
    request = tranche_request_create(tranche=third, by=author)
    _fill(request, author, amount=second.amount)
    tranche_request_submit(request=request, by=author)
    tranche_request_review_start(request=request, by=officer)
    log(f"Tranche-3 request of {agreement.reference}: under review (tranche 2 paid).")
