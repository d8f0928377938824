"""The language check (#21): on the demo, every page reads whole in its language.

The browser walks the visible text of the public pages and the main work pages, in French and in
Arabic, and reports every text whose script is not the page's without an enclosing element that
says so with its own ``lang``: Arabic letters on a ``lang="fr"`` page; Latin words (two letters
or more) on a ``lang="ar"`` page, except proper names (ALLOWED), acronyms (PDF, QR, CNDP, MAD),
codes (2023-PD-001), URLs, e-mail addresses and numbers. Text under ``translate="no"`` (codes,
names kept as written) or in ``<code>`` is left alone.

The demo is seeded once in the test (it takes a minute or two); one test walks both languages so
that the seed runs once. The failure lists each offending text with its page and a CSS path.
"""

import json
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from .conftest import DESKTOP, LANGUAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Proper names and brands written in Latin letters in Arabic pages too.
ALLOWED = {
    "Tamkeen",
    "Wagtail",
    "LinkedIn",
    "Open",
    "Badge",
    "Badges",
    "Django",
    "Chromium",
    "Excel",
    "GitHub",
    "JSON",
    "CSV",
    "XLSX",
    "ODS",
    "OpenBadges",
}

# The walk, in the page. Returns [{path, text, why}] for the texts in the wrong script.
CHECK_JS = r"""
(allowed) => {
  const page = (document.documentElement.lang || "").split("-")[0];
  const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "CODE", "KBD", "SAMP", "SVG"]);
  const allow = new Set(allowed.map((w) => w.toLowerCase()));
  const latinWords = (text) => {
    const rest = text
      .replace(/https?:\/\/\S+|www\.\S+/gi, " ")        // URLs
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ")     // e-mail addresses
      .replace(/\S*\d\S*/g, " ")                       // numbers and codes: 2023-PD-001, v2
      .replace(/\/[\w\/.-]*/g, " ")                    // paths: /fr/verify/
      .replace(/(^|[\s(])\.\w+/g, " ");                // file extensions: (.ics)
    return (rest.match(/[A-Za-zÀ-ÖØ-öø-ÿŒœ]{2,}/g) || []).filter(
      (w) => !(w === w.toUpperCase() && w.length <= 6) && !allow.has(w.toLowerCase())
    );
  };
  const cssPath = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && e !== document.body; e = e.parentElement) {
      if (e.id) { parts.unshift(`${e.tagName.toLowerCase()}#${e.id}`); break; }
      let part = e.tagName.toLowerCase();
      const cls = [...e.classList].slice(0, 2).map((c) => `.${c}`).join("");
      const same = e.parentElement
        ? [...e.parentElement.children].filter((c) => c.tagName === e.tagName)
        : [];
      part += cls;
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || el.closest("script,style,noscript,template,code,kbd,samp,svg,[translate='no']"))
      continue;
    if (SKIP.has(el.tagName)) continue;
    // Hidden from everyone (display: none, visibility: hidden, [hidden]); text hidden on
    // screen only (.visually-hidden) is still read aloud, so it is checked.
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) {
      if (!el.closest(".visually-hidden")) continue;
    }
    if (el.closest("[aria-hidden='true']")) continue;
    const marked = (el.closest("[lang]").getAttribute("lang") || "").split("-")[0];
    if (marked !== page) continue;  // in another language, and marked so
    if (page === "fr" && ARABIC.test(text)) {
      found.push({ path: cssPath(el), text, why: "Arabic script on a French page" });
    } else if (page === "ar") {
      const words = latinWords(text);
      if (words.length) {
        const why = `Latin words on an Arabic page: ${words.slice(0, 5).join(", ")}`;
        found.push({ path: cssPath(el), text, why });
      }
    }
  }
  return { page, found };
}
"""


def _demo_pages(language: str) -> dict[str, tuple[str, str | None]]:
    """{name: (path, e-mail of the demo account to sign in as, or None)} on the seeded demo."""
    from wagtail.models import Locale

    from certificates.models import Certificate
    from cms.models import AwarenessArticlePage, AwarenessIndexPage
    from courses.models import (
        CatalogPage,
        CoursePage,
        LessonPage,
        QuizPage,
        TrainingSession,
    )
    from grants.models import Agreement, TrancheRequest

    locale = Locale.objects.get(language_code=language)
    awareness = AwarenessIndexPage.objects.live().filter(locale=locale).first()
    article = AwarenessArticlePage.objects.live().descendant_of(awareness).first()
    catalogue = CatalogPage.objects.live().filter(locale=locale).first()
    courses = CoursePage.objects.live().filter(locale=locale).order_by("path")
    course = next(
        (c for c in courses if QuizPage.objects.live().child_of(c).exists()), courses.first()
    )
    lesson = LessonPage.objects.live().child_of(course).order_by("path").first()
    quiz = QuizPage.objects.live().child_of(course).order_by("path").first()
    certificate = Certificate.objects.filter(status=Certificate.Status.VALID).first()
    session = (
        TrainingSession.objects.filter(
            trainers__email="trainer@tamkeen.test", starts_at__lte=timezone.now()
        )
        .order_by("-starts_at")
        .first()
    )
    awaiting = (
        TrancheRequest.objects.filter(status__in=TrancheRequest.AWAITING_REVIEW)
        .select_related("tranche__agreement")
        .first()
    )
    agreement = awaiting.tranche.agreement if awaiting else Agreement.objects.first()
    officer = "officer@tamkeen.test"
    with translation.override(language):
        pages = {
            "home": (f"/{language}/", None),
            "awareness": (awareness.url, None),
            "article": (article.url, None),
            "catalogue": (catalogue.url, None),
            "course": (course.url, None),
            "lesson": (lesson.url, None),
            "quiz": (quiz.url if quiz else None, "learner@tamkeen.test"),
            "verify": (reverse("certificates:verify_form"), None),
            "verify-certificate": (
                reverse("certificates:verify", args=[certificate.code]) if certificate else None,
                None,
            ),
            "login": (reverse("account_login"), None),
            "signup": (reverse("account_signup"), None),
            "my-learning": (reverse("courses:my_learning"), "learner@tamkeen.test"),
            "session": (
                reverse("courses:session_detail", args=[session.pk]) if session else None,
                "trainer@tamkeen.test",
            ),
            "roll-call": (
                reverse("attendance:roll_call", args=[session.pk]) if session else None,
                "trainer@tamkeen.test",
            ),
            "agreement": (reverse("grants:agreement_detail", args=[agreement.pk]), officer),
            "dashboard": (reverse("grants:dashboard"), officer),
            "review": (
                reverse("grants:request_review", args=[awaiting.pk]) if awaiting else None,
                officer,
            ),
        }
    return pages


def _report(offences: list[dict]) -> str:
    lines = [f"{len(offences)} text(s) in the wrong script without their own lang:"]
    for item in offences:
        text = item["text"] if len(item["text"]) <= 100 else item["text"][:97] + "…"
        lines.append(
            f"- [{item['language']}] {item['name']} {item['url']}\n"
            f"    at {item['path']}\n    {item['why']}: «{text}»"
        )
    return "\n".join(lines)


@pytest.fixture
def demo(live_server):
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    cache.clear()


# seed_demo needs what the migrations loaded (territories, Wagtail's root collection)
@pytest.mark.fresh_database
def test_every_demo_page_reads_in_its_own_language(demo, new_page):
    from accounts.models import User

    offences, missing = [], []
    for language in LANGUAGES:
        for name, (path, email) in _demo_pages(language).items():
            if path is None:
                missing.append(f"[{language}] {name}: the demo has no such page")
                continue
            user = User.objects.get(email=email) if email else None
            page = new_page(user=user, viewport=DESKTOP)
            response = page.goto(path)
            if response is None or response.status != 200:
                status = response.status if response else "no answer"
                missing.append(f"[{language}] {name} {path}: {status}")
                continue
            result = page.evaluate(CHECK_JS, sorted(ALLOWED))
            assert result["page"] == language, f"{path} is marked lang={result['page']!r}"
            offences += [
                {**item, "language": language, "name": name, "url": path}
                for item in result["found"]
            ]
            page.context.close()
    if os.environ.get("LANGUAGE_CHECK_REPORT"):  # the whole list as JSON, for triage
        Path(os.environ["LANGUAGE_CHECK_REPORT"]).write_text(
            json.dumps({"missing": missing, "offences": offences}, ensure_ascii=False, indent=1)
        )
    assert not missing, "Pages that did not open:\n" + "\n".join(missing)
    assert not offences, _report(offences)


# --- Long words and addresses on a phone (#21, part 4) -----------------------------------------

LONG_EMAIL = "fatima-zahra.elidrissi.association-tanmia-example-ouarzazate@example.org"
SHORT_EMAIL = "salma.bennani@example.org"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_email_address_wraps_and_the_email_field_reads_from_its_start(
    homes, new_page, language
):
    from .conftest import PHONE

    page = new_page(viewport={"width": 320, "height": PHONE["height"]})
    page.goto(f"/{language}/accounts/signup/")
    email = page.locator("input[type=email]")
    email.fill(LONG_EMAIL)
    page.locator("input[name=password1]").fill("Tamkeen-demo-2026")
    page.locator("input[name=password2]").fill("another-password-2026")
    page.locator("form[action*=signup] button[type=submit]").click()
    page.wait_for_load_state()
    # The refused form quotes the address back (in the field, maybe in an error): the page
    # keeps the phone's width.
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide on a {width[1]} px phone"
    # The e-mail field is left-to-right in both languages and shows an address from its start.
    page.locator("input[type=email]").fill(SHORT_EMAIL)
    page.locator("body").click(position={"x": 1, "y": 1})
    state = page.evaluate(
        """() => { const i = document.querySelector('input[type=email]');
        const s = getComputedStyle(i);
        return {dir: s.direction, align: s.textAlign, left: i.scrollLeft,
                fits: i.scrollWidth <= i.clientWidth + 1}; }"""
    )
    assert state["dir"] == "ltr"
    assert state["align"] in {"left", "start"}
    assert state["left"] == 0
    assert state["fits"], state
