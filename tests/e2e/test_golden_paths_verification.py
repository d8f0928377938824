"""The verification golden path (#18), in Arabic and in French: a programme officer signs in on
the sign-in page, opens the work queue from the site menu, opens a submitted request's review
(in sections), draws the beneficiary sample, records two outcomes on the sampling page (one
confirmed, one unreachable), comes back to the review and reads the sampling numbers, tries to
approve with an unmet item overridden but not justified (refused, nothing saved), then writes
the justification and approves. The review page fits a 390 px phone.

The labels are read through gettext in the page's language (the #18 strings are translated at
the end of the round): a label that changes in a template fails here."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from grants import services
from grants.models import BeneficiarySample, SampleContact, Tranche, TrancheRequest, TrancheReview
from organisations.models import Membership
from tests.factories.organisations import member_of
from tests.grants.evidence_data import build
from tests.grants.helpers import fill_request

from .conftest import LANGUAGES, PHONE, field_label
from .test_golden_paths_grants import demo_account, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REVIEW_SECTIONS = [
    "summary",
    "checklist",
    "claims",
    "sampling",
    "anomalies",
    "documents",
    "decision",
]


def t(language: str, msgid: str, **values) -> str:
    with translation.override(language):
        text = gettext(msgid)
    return text % values if values else text


@pytest.fixture
def submitted_request(homes, agreement_with_first_tranche_paid):
    """The agreement's tranche-2 request, submitted by its association over delivered
    sessions (four beneficiaries: tests/grants/evidence_data.py). The courses need the site's
    home pages, which a transactional test's flush removed: ``homes`` builds them again."""
    agreement = agreement_with_first_tranche_paid
    build(agreement)
    admin = member_of(agreement.association, Membership.Role.ADMIN)
    tranche = agreement.tranches.get(number=2)
    request = services.tranche_request_create(tranche=tranche, by=admin)
    fill_request(request, admin)
    return services.tranche_request_submit(request=request, by=admin)


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _widest(page) -> list:
    """The elements reaching past the viewport (outside scrolling regions): the message of a
    failed overflow check names them."""
    return page.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter(e => !(e.parentElement && e.parentElement.closest('.table-wrap')))
          .filter(e => e.getBoundingClientRect().right > width + 1)
          .slice(0, 8)
          .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}#${e.id}`
                    + ` ${Math.round(e.getBoundingClientRect().right)}px`);
      }"""
    )


def _open_queue(page, language):
    page.get_by_role("navigation").get_by_role(
        "link", name=re.compile("^" + re.escape(t(language, "Work queue")))
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Work queue"))


def _record_contact(page, language, person: str, outcome: str):
    form = page.locator(f'[id="contact-form-{person}"]')  # a pseudonym may start with a digit
    form.get_by_label(field_label(t(language, "Contact by"))).select_option(
        label=t(language, "Phone call")
    )
    form.get_by_label(field_label(t(language, "Outcome"))).select_option(label=t(language, outcome))
    form.get_by_label(field_label(t(language, "Note"))).fill(f"{outcome} — e2e")
    form.get_by_role("button", name=t(language, "Record the contact")).click()
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "The contact has been recorded.")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_officer_samples_beneficiaries_and_approves_with_a_justified_override(
    new_page, funder, submitted_request, language
):
    request = submitted_request
    agreement = request.tranche.agreement
    reference = agreement.reference
    demo_account("officer@tamkeen.test", funder, Membership.Role.OFFICER)

    # The work queue, from the menu: the request waits there, with no sample yet.
    page = sign_in(new_page, language, "officer@tamkeen.test")
    _open_queue(page, language)
    row = page.locator(f'.queue-item[data-request="{request.pk}"]')
    expect(row).to_contain_text(reference)
    expect(row).to_contain_text(t(language, "No sample drawn yet"))
    assert _no_horizontal_overflow(page), "the header or the queue scrolls sideways"
    row.get_by_role("link", name=f"{t(language, 'Review the request')} {reference}").click()

    # The review, in sections.
    expect(page).to_have_url(re.compile(rf"/tranche-requests/{request.pk}/review/$"))
    for section in REVIEW_SECTIONS:
        expect(page.locator(f"section#{section}")).to_have_count(1)

    # The sample is drawn from the review, then two outcomes are recorded.
    page.locator("#sampling").get_by_role("button", name=t(language, "Draw the sample")).click()
    sample = BeneficiarySample.objects.get(request=request)
    expect(page.get_by_role("status")).to_contain_text(
        t(
            language,
            "The sample has been drawn: %(size)s people of %(population)s.",
            size=len(sample.members),
            population=sample.population,
        )
    )
    first, second = (member["person"] for member in sample.members[:2])
    _record_contact(page, language, first, "Confirmed attending")
    _record_contact(page, language, second, "Unreachable")
    outcomes = dict(SampleContact.objects.values_list("person", "outcome"))
    assert outcomes == {first: "confirmed", second: "unreachable"}

    # Back to the review through the queue, which now counts the contacts.
    _open_queue(page, language)
    row = page.locator(f'.queue-item[data-request="{request.pk}"]')
    expect(row).to_contain_text(
        t(
            language,
            "%(contacted)s of %(size)s people contacted",
            contacted=2,
            size=len(sample.members),
        )
    )
    row.get_by_role("link", name=f"{t(language, 'Review the request')} {reference}").click()
    sampling = page.locator("#sampling")
    expect(sampling.locator("#sampling-contacted")).to_have_text(f"2 / {len(sample.members)}")
    expect(sampling).to_contain_text(t(language, "Confirmed attending"))

    # The sample is incomplete, so its item is not met. Every unmet item is overridden, all
    # justified but the sampling one: the page refuses, and nothing is recorded.
    checklist = page.locator("#checklist")
    unmet = checklist.locator("li.grants-row:has(.grants-condition--missing)")
    expect(checklist.locator("#item-sampling .grants-condition--missing")).to_have_count(1)
    override = field_label(t(language, "Override: pass this item anyway"))
    justification = field_label(t(language, "Justification (required to override)"))
    for item in unmet.all():
        item.get_by_label(override).check()
        if item.get_attribute("id") != "item-sampling":
            item.get_by_label(justification).fill("Vérifié sur pièces lors de la visite.")
    for answer in checklist.get_by_role("radio", name=t(language, "Met"), exact=True).all():
        answer.check()
    decision = page.locator("#decision")
    decision.get_by_role("radio", name=t(language, "Approve"), exact=True).check()
    decision.get_by_role("button", name=t(language, "Record the decision")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        t(language, "Say why you pass this item although the figures do not.")
    )
    assert not TrancheReview.objects.filter(request=request).exists()
    request.refresh_from_db()
    assert request.status in TrancheRequest.AWAITING_REVIEW

    # With the justification written, the approval is recorded.
    page.locator("#item-sampling").get_by_label(justification).fill(
        "Deux personnes jointes sur quatre ; la visite de contrôle a confirmé la séance."
    )
    page.locator("#decision").get_by_role("button", name=t(language, "Record the decision")).click()
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "Your decision has been recorded.")
    )
    review = TrancheReview.objects.get(request=request)
    assert review.decision == TrancheReview.Decision.APPROVE
    assert review.checklist["sampling"]["override"] is True
    assert "visite de contrôle" in review.checklist["sampling"]["justification"]
    assert Tranche.objects.get(pk=request.tranche_id).status == Tranche.Status.APPROVED


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_queue_and_the_review_fit_a_phone(new_page, funder, submitted_request, language):
    request = submitted_request
    demo_account("officer@tamkeen.test", funder, Membership.Role.OFFICER)
    page = sign_in(new_page, language, "officer@tamkeen.test", viewport=PHONE)
    page.locator(".site-menu-toggle").click()  # on a phone the menu folds behind its button
    _open_queue(page, language)
    assert _no_horizontal_overflow(page), f"the work queue scrolls sideways: {_widest(page)}"
    page.locator(f'.queue-item[data-request="{request.pk}"]').get_by_role(
        "link", name=re.compile("^" + re.escape(t(language, "Review the request")))
    ).click()
    expect(page.locator("section#decision")).to_have_count(1)
    assert _no_horizontal_overflow(page), f"the review page scrolls sideways: {_widest(page)}"
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
