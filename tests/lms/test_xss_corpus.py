"""The hostile-input corpus (tests/data/xss_vectors.txt) pushed through everything that reaches
a page or a PDF, and asserted inert with a real HTML parser.

Every vector goes through the sanitizer functions and Wagtail's rich-text path; the "hard"
sample goes through every rendered page: names (profile, walk-ins, imports), organisation
names, session titles and venues, course, lesson and quiz pages, awareness articles with their
video embeds, tranche-request narratives, expense labels and payment references, and the
certificate (verification page and PDF).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from core.sanitizer import sanitize_embed, sanitize_html, sanitize_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xss_vectors.txt"


def _load() -> dict[str, list[str]]:
    families: dict[str, list[str]] = {}
    family = "unsorted"
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            family = line[3:].strip()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        value = codecs.decode(line[2:], "unicode_escape") if line.startswith("E|") else line
        families.setdefault(family, []).append(value)
    return families


FAMILIES = _load()
HARD = FAMILIES.pop("hard")
VECTORS = list(dict.fromkeys(v for values in FAMILIES.values() for v in values))
# Short, stable ids: the family and the position, so a failure names the corpus line.
VECTOR_IDS = [f"{family}-{i}" for family, values in FAMILIES.items() for i, _ in enumerate(values)][
    : len(VECTORS)
]
HARD_IDS = [f"hard-{i}" for i in range(len(HARD))]


# --- The inertness check -------------------------------------------------------------------

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "codebase", "dynsrc", "lowsrc", "to", "from", "values", "srcset", "ping", "cite",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
SAFE_DATA = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")
NEVER_FROM_INPUT = {"iframe", "frame", "frameset", "object", "embed", "base", "portal", "applet"}
BAD_CSS = re.compile(r"expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|@import")
JSON_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def _normal_url(value: str) -> str:
    # The parser has already decoded the entities once, as a browser does; browsers also drop
    # C0 controls and spaces around and tabs and newlines inside the scheme.
    return re.sub(r"[\x00-\x20\x7f-\xa0]+", "", value).lower()


def _css(value: str) -> str:
    # CSS escapes (\65 is "e") and comments hide keywords from a naive search.
    value = re.sub(r"/\*.*?\*/", "", value, flags=re.S)
    value = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16)), value).replace(
        "\\", ""
    )
    return value.lower()


class _Inspector(HTMLParser):
    def __init__(self, allowed_frame_hosts=()):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allowed_frame_hosts = allowed_frame_hosts
        self._in = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script" and re.search(r"alert|fetch\(|evil\.example", data):
            self.problems.append(f"script content from input: {data[:80]!r}")
        if self._in == "style" and (BAD_CSS.search(_css(data)) or "evil.example" in data):
            self.problems.append(f"style element from input: {data[:80]!r}")

    def _check(self, tag, attrs):
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "script":
            self._in = "script"
            src = attributes.get("src", "")
            kind = attributes.get("type", "").lower()
            if not (src.startswith("/static/") or (not src and kind in JSON_SCRIPT_TYPES)):
                self.problems.append(f"<script> from input: {attributes}")
        if tag == "style":
            self._in = "style"
        if tag in NEVER_FROM_INPUT:
            src = attributes.get("src", "")
            host = re.match(r"https://([^/]+)/", src)
            if not (tag == "iframe" and host and host.group(1) in self.allowed_frame_hosts):
                self.problems.append(f"<{tag}> from input: {attributes}")
        if tag == "meta" and "refresh" in attributes.get("http-equiv", "").lower():
            self.problems.append("meta refresh")
        if (
            tag == "link"
            and "stylesheet" in attributes.get("rel", "").lower()
            and not attributes.get("href", "").startswith("/static/")
        ):
            self.problems.append(f"foreign stylesheet: {attributes}")
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value[:60]!r} on <{tag}>")
            if name == "srcdoc":
                self.problems.append("srcdoc")
            if name in URL_ATTRIBUTES:
                url = _normal_url(value)
                if "evil.example" in url and not (tag == "a" and name == "href"):
                    self.problems.append(f"{name} to evil.example on <{tag}>")
                if url.startswith(BAD_SCHEMES) and not (
                    tag == "img" and name == "src" and url.startswith(SAFE_DATA)
                ):
                    self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
            if name == "style" and BAD_CSS.search(_css(value)):
                self.problems.append(f"style={value[:60]!r}")


def assert_inert(html: str, *, allowed_frame_hosts=()) -> None:
    inspector = _Inspector(allowed_frame_hosts)
    inspector.feed(html)
    inspector.close()
    assert not inspector.problems, inspector.problems


def assert_shown_as_text(html: str, vector: str) -> None:
    """The vector's text is on the page, escaped (for fields rendered as plain text)."""
    if vector.strip() and "\n" not in vector and "\r" not in vector:
        assert escape(vector) in html or escape(vector.strip()) in html, vector


def test_the_corpus_covers_every_family():
    expected = {
        "basic script", "event handlers", "javascript: URLs in every encoding", "data: URLs",
        "SVG and MathML namespace confusion (mutation XSS)", "srcdoc and frames",
        "formaction and forms", "CSS tricks", "broken, nested and unclosed tags",
        "attribute breaking", "unicode, encodings and controls",
        "template injection and markup of other engines",
    }  # fmt: skip
    assert expected <= set(FAMILIES)
    assert len(VECTORS) >= 80 and len(HARD) >= 20


def test_the_inspector_catches_what_it_should():
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        '<a href="java&Tab;script:alert(1)">x</a>',
        '<iframe srcdoc="x"></iframe>',
        "<button formaction=javascript:alert(1)>",
        '<div style="width:expression(alert(1))">',
        '<div style="x:\\65\\78\\70\\72\\65\\73\\73\\69\\6f\\6e(alert(1))">',
        "<style>@import 'x';</style>",
    ]:
        inspector = _Inspector()
        inspector.feed(bad)
        assert inspector.problems, bad


# --- The sanitizer: every vector ------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=VECTOR_IDS)
def test_sanitize_html_leaves_every_vector_inert(vector):
    cleaned = sanitize_html(vector)
    assert_inert(cleaned)
    assert_inert(f"<div>{cleaned}</div>")  # and nothing leaks out of the surrounding element
    assert sanitize_html(cleaned) == cleaned  # stable: cleaning twice changes nothing


@pytest.mark.parametrize("vector", VECTORS, ids=VECTOR_IDS)
def test_sanitize_text_leaves_no_markup(vector):
    cleaned = sanitize_text(vector)
    assert_inert(cleaned)
    assert "<" not in cleaned.replace("&lt;", "")


@pytest.mark.parametrize("vector", VECTORS, ids=VECTOR_IDS)
def test_sanitize_embed_keeps_only_an_allowed_player(vector):
    hosts = ("youtube-nocookie.com", "player.vimeo.com")
    cleaned = sanitize_embed(vector, allowed_hosts=hosts)
    assert_inert(cleaned, allowed_frame_hosts={"www.youtube-nocookie.com", "player.vimeo.com"})
    wrapped = sanitize_embed(
        f'<iframe src="https://www.youtube-nocookie.com/embed/x" title="{vector}"></iframe>'
        + vector,
        allowed_hosts=hosts,
    )
    assert_inert(wrapped, allowed_frame_hosts={"www.youtube-nocookie.com"})


# --- Wagtail's rich text, the way the editor saves it ---------------------------------------


def _contentstate(text: str, url: str) -> str:
    import json

    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": min(len(text), 5), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def rich_text(vector: str) -> str:
    """What Draftail stores when an editor types ``vector`` and links it to ``vector``."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from cms.blocks import RICH_TEXT_FEATURES

    converter = ContentstateConverter(features=RICH_TEXT_FEATURES)
    return converter.to_database_format(_contentstate(vector or "x", vector))


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=VECTOR_IDS)
def test_wagtail_rich_text_from_the_editor_is_inert(vector):
    from wagtail.rich_text import expand_db_html

    assert_inert(expand_db_html(rich_text(vector)))


# --- Rendered pages: the hard sample ---------------------------------------------------------


def _get(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _limit(vector: str, length: int) -> str:
    return vector[:length]


@pytest.fixture
def hostile_association(db):
    from organisations.models import Organisation

    from ..factories.organisations import OrganisationFactory

    def make(vector):
        return OrganisationFactory(
            kind=Organisation.Kind.TRAINER,
            name_ar=_limit(vector, 200),
            name_fr=_limit(vector, 200),
        )

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("vector", HARD, ids=HARD_IDS)
def test_session_pages_names_and_titles(client, vector, hostile_association):
    from courses.attendance.services import attendance_mark, walk_in_add

    from ..factories.attendance import registered, session_now, staff

    association = hostile_association(vector)
    session = session_now(
        association=association,
        title=_limit(vector, 200),
        venue=_limit(vector, 255),
        description=vector,
    )
    trainer = staff(association)
    learner = registered(session, full_name_ar=_limit(vector, 150), full_name_latin="Sara")[0]
    attendance_mark(
        session=session, participant=learner, status="present", method="roll_call", by=trainer
    )
    walk_in_add(session=session, by=trainer, name_ar=_limit(vector, 150), name_latin="Walk In")
    client.force_login(learner)
    html = _get(client, reverse("courses:session_detail", args=[session.pk]))
    assert_inert(html)
    assert_shown_as_text(html, _limit(vector, 200))
    client.force_login(trainer)
    for name in ("courses:session_roster", "attendance:roll_call", "attendance:evidence"):
        html = _get(client, reverse(name, args=[session.pk]))
        assert_inert(html)


@pytest.mark.django_db
@pytest.mark.parametrize("vector", HARD, ids=HARD_IDS)
def test_profile_page_names(client, vector):
    from ..factories.accounts import UserFactory

    user = UserFactory(full_name_ar=_limit(vector, 150), full_name_latin=_limit(vector, 150))
    client.force_login(user)
    html = _get(client, reverse("accounts:profile"))
    assert_inert(html)


@pytest.mark.django_db
@pytest.mark.parametrize("vector", HARD, ids=HARD_IDS)
def test_course_and_lesson_pages(client, vector, trainer_association):
    from ..factories.courses import LessonPageFactory
    from ..factories.learning import course_with_lessons

    course = course_with_lessons(
        association=trainer_association,
        lessons=0,
        title=_limit(vector, 255),
        summary=_limit(vector, 600),
        prerequisites=vector,
        learning_objectives=[("objective", _limit(vector, 255))],
    )[0]
    lesson = LessonPageFactory(
        parent=course,
        title=_limit(vector, 255),
        body=[
            ("heading", {"text": _limit(vector, 200), "level": "h2"}),
            ("paragraph", rich_text(vector)),
            ("paragraph", f"<p>{escape(vector)}</p>"),
        ],
    )
    for url in (course.url, lesson.url, course.get_parent().url):
        html = _get(client, url)
        assert_inert(html)
    assert_shown_as_text(_get(client, course.url), _limit(vector, 255))


@pytest.mark.django_db
def test_quiz_page_questions_and_answers(client, trainer_association, citizen):
    from courses.services import enrollment_create

    from ..factories.learning import QuizPageFactory, course_with_lessons

    course = course_with_lessons(association=trainer_association, lessons=0)[0]
    quiz = QuizPageFactory(
        parent=course,
        questions=[
            {
                "type": "question",
                "value": {
                    "text": _limit(vector, 300),
                    "kind": "single",
                    "choices": [
                        {"text": _limit(vector, 200), "is_correct": True},
                        {"text": "Non", "is_correct": False},
                    ],
                    "explanation": vector,
                },
            }
            for vector in HARD
        ],
    )
    enrollment_create(learner=citizen, course=course, by=citizen)
    client.force_login(citizen)
    html = _get(client, quiz.url)
    assert_inert(html)


@pytest.mark.django_db
@pytest.mark.parametrize("vector", HARD, ids=HARD_IDS)
def test_awareness_article_with_its_blocks_and_video_embed(client, vector):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    from ..factories import cms as factories

    url = "https://www.youtube.com/watch?v=tamkeen"
    Embed.objects.update_or_create(
        hash=get_embed_hash(url),
        defaults={
            "url": url,
            "type": "video",
            # A hostile provider answer: the player, plus the vector, plus a frame of its own.
            "html": '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'
            + vector
            + '<iframe src="https://evil.example/"></iframe>',
            "provider_name": "YouTube",
        },
    )
    home = factories.arabic_home()
    index = factories.awareness_index(home)
    article = factories.awareness_article(
        index,
        title=_limit(vector, 255),
        intro=_limit(vector, 300),
        body=[
            ("heading", {"text": _limit(vector, 200), "level": "h2"}),
            ("paragraph", rich_text(vector)),
            (
                "faq",
                {
                    "title": _limit(vector, 200),
                    "items": [{"question": _limit(vector, 300), "answer": rich_text(vector)}],
                },
            ),
            (
                "video",
                {"video": url, "title": _limit(vector, 200), "transcript": rich_text(vector)},
            ),
        ],
    )
    for page_url in (article.url, index.url):
        html = _get(client, page_url)
        assert_inert(html, allowed_frame_hosts={"www.youtube-nocookie.com"})


@pytest.mark.django_db
@pytest.mark.parametrize("vector", HARD, ids=HARD_IDS)
def test_certificate_verification_page(client, vector):
    from ..factories.certificates import CertificateFactory

    certificate = CertificateFactory(
        holder_name_ar=_limit(vector, 150),
        holder_name_latin=_limit(vector, 150),
        course_title=_limit(vector, 255),
        association_name_ar=_limit(vector, 255),
        association_name_fr=_limit(vector, 255),
    )
    # One address per vector: the verification page is rate limited per IP.
    client.defaults["REMOTE_ADDR"] = f"198.51.100.{HARD.index(vector) + 1}"
    html = _get(client, reverse("certificates:verify", args=[certificate.code]))
    assert_inert(html)
    assert_shown_as_text(html, _limit(vector, 150))


PDF_SAMPLE = [HARD[0], HARD[1], HARD[4], HARD[10], HARD[17]]


@pytest.mark.django_db
@pytest.mark.parametrize("vector", PDF_SAMPLE, ids=[f"pdf-{i}" for i in range(len(PDF_SAMPLE))])
def test_certificate_pdf_shows_the_name_as_literal_text(vector, pdf_to_text):
    from pypdf import PdfReader

    from ..factories.accounts import UserFactory
    from ..factories.certificates import issued_certificate

    learner = UserFactory(full_name_ar=_limit(vector, 150), full_name_latin=_limit(vector, 150))
    certificate = issued_certificate(learner=learner)
    pdf = certificate.pdf.read()

    # Literal text; in a right-to-left paragraph pdftotext gives mirrored brackets ("<" as ">").
    def flat(value):
        return re.sub(r"\s+", "", value).translate(str.maketrans("<>()[]{}", "<<(([[{{"))

    assert flat(_limit(vector, 150)) in flat(pdf_to_text(pdf))
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uri = str(action.get("/URI", ""))
            assert not _normal_url(uri).startswith(BAD_SCHEMES), uri
            assert str(action.get("/S", "")) not in ("/JavaScript", "/Launch")


@pytest.mark.django_db
def test_tranche_request_narrative_labels_and_payment_reference(
    client, funder, trainer_association, association_admin
):
    import datetime

    from grants import services
    from grants.models import ReportSection
    from organisations.models import Membership

    from ..factories.grants import AgreementFactory, ProgrammeFactory
    from ..factories.organisations import member_of
    from ..grants.helpers import pdf_file

    agreement = AgreementFactory(
        programme=ProgrammeFactory(funder=funder), association=trainer_association
    )
    tranches = services.agreement_tranches_create(agreement=agreement)
    finance = member_of(funder, Membership.Role.FINANCE)
    services.tranche_payment_record(
        tranche=tranches[0], by=finance, paid_on=datetime.date(2024, 1, 10), reference=HARD[2]
    )
    tranches[1].refresh_from_db()
    request = services.tranche_request_create(tranche=tranches[1], by=association_admin)
    services.tranche_request_update(
        request=request,
        by=association_admin,
        sections={kind: "\n".join(HARD) for kind in ReportSection.Kind.values},
        expense_lines=[
            {"category": "venue", "label": _limit(vector, 200), "amount": "10.00"}
            for vector in HARD
        ],
        documents=[("other", pdf_file(name=_limit(HARD[0].replace("/", ""), 80) + ".pdf"))],
    )
    officer = member_of(funder, Membership.Role.OFFICER)
    pages = [
        (association_admin, reverse("grants:request_edit", args=[request.pk])),
        (association_admin, reverse("grants:request_detail", args=[request.pk])),
        (officer, reverse("grants:request_detail", args=[request.pk])),
        (officer, reverse("grants:agreement_detail", args=[agreement.pk])),
    ]
    for user, url in pages:
        client.force_login(user)
        assert_inert(_get(client, url))


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_member_import_report_with_hostile_names(client, coordinator, member_association, fmt):
    from openpyxl import Workbook

    from ..factories.learning import course_with_lessons

    course = course_with_lessons(lessons=0)[0]
    rows = [["name", "email"]] + [
        [vector, f"person{i}@example.org"] for i, vector in enumerate(HARD)
    ]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)  # noqa - a hostile input file, not an export
        data = buffer.getvalue().encode()
    else:
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        stream = io.BytesIO()
        workbook.save(stream)
        data = stream.getvalue()
    client.force_login(coordinator)
    response = client.post(
        reverse("courses:import_upload", args=[member_association.pk]),
        {"course": course.pk, "file": SimpleUploadedFile(f"people.{fmt}", data)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html)
    assert html.count("person") >= len(HARD)


@pytest.mark.django_db
def test_walk_in_form_refuses_nothing_but_stores_inert_text(client, trainer_association):
    """A walk-in typed at the desk with a vector as a name is stored as typed and shown
    escaped on the roll call."""
    from courses.models import Participant

    from ..factories.attendance import session_now, staff

    session = session_now(association=trainer_association)
    trainer = staff(trainer_association)
    client.force_login(trainer)
    for vector in HARD[:6]:
        response = client.post(
            reverse("attendance:walk_in", args=[session.pk]),
            {"name_ar": _limit(vector, 150), "name_latin": "", "status": "present"},
        )
        assert response.status_code in (200, 302)
    assert Participant.objects.count() == 6
    html = _get(client, reverse("attendance:roll_call", args=[session.pk]))
    assert_inert(html)
    for vector in HARD[:6]:
        assert_shown_as_text(html, _limit(vector, 150))


# --- Oversized input ------------------------------------------------------------------------


@pytest.mark.django_db
def test_oversized_names_are_refused_with_a_form_error_not_stored(client, trainer_association):
    from courses.models import Participant

    from ..factories.accounts import UserFactory
    from ..factories.attendance import session_now, staff

    user = UserFactory(full_name_ar="سعاد", full_name_latin="Souad")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name_ar": "ا" * 10_000, "full_name_latin": "x" * 10_000, "preferred_language": "ar"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert (user.full_name_ar, user.full_name_latin) == ("سعاد", "Souad")
    session = session_now(association=trainer_association)
    client.force_login(staff(trainer_association))
    response = client.post(
        reverse("attendance:walk_in", args=[session.pk]),
        {"name_ar": "<b>" * 5_000, "name_latin": "", "status": "present"},
    )
    assert response.status_code in (200, 302, 400)
    assert not Participant.objects.exists()
