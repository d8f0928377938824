"""Every URL pattern, as every role: the answer each must get (tests/lms/url_matrix.py).

The walk covers ``get_resolver()`` recursively (the language-prefixed patterns, the Wagtail
admin, file downloads). A pattern with no expectation fails the first test by name: adding a
URL means deciding who may open it. Every request runs inside a savepoint that is rolled back,
so a POST that one role may make changes nothing for the next.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, Site

from api import services as api_services
from calls import services as calls_services
from calls.models import CommitteeMember
from certificates.models import CertificateBundle, SigningKey
from courses.attendance import checkin
from courses.attendance.services import attendance_mark, sheet_scan_upload
from courses.authoring import (
    association_authoring_setup,
    association_group_names,
    funder_reviewers_setup,
    sync_user_groups,
)
from courses.models import SessionRegistration
from courses.services.quizzes import quiz_attempt_submit
from grants import services as grants_services
from grants.models import EvidencePack, rib_with_key
from grants.services import bank_details as bank_services
from notifications.models import Notification
from organisations.models import Membership, Organisation
from organisations.services import invitation_create
from security.models import SecurityEvent

from ..factories.accounts import UserFactory
from ..factories.calls import application_for, open_call, pdf_upload, screened
from ..factories.certificates import issued_certificate
from ..factories.grants import AgreementFactory, ProgrammeFactory
from ..factories.learning import (
    EnrollmentFactory,
    QuizPageFactory,
    SessionRegistrationFactory,
    TrainingSessionFactory,
    catalog,
    course_with_lessons,
    right_answers,
)
from ..factories.organisations import OrganisationFactory, member_of
from ..grants.helpers import PDF, fill_request
from . import url_matrix as matrix

pytestmark = pytest.mark.django_db

ADMIN_PREFIX = "admin/"
DRAFT_TITLE = "Brouillon confidentiel de A"
A_STAFF_NAMES = ("Zineb Secretauthor", "زينب السرية")


# --- Enumerating the patterns ----------------------------------------------------------------


def _walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route  # unnamed (Wagtail's admin catch-all): keyed by its route
            yield key, route, entry


def all_patterns() -> dict[str, str]:
    """URL key → route, every pattern once (the language-prefixed ones under one key)."""
    patterns = {}
    for key, route, _entry in _walk(get_resolver()):
        patterns.setdefault(key, route)
    return patterns


def _is_admin(route: str) -> bool:
    return route.startswith(ADMIN_PREFIX)


def expectation_for(key: str, route: str) -> matrix.Expect | None:
    if _is_admin(route):
        if not re.match(r"^[\w:.-]+$", key):
            return UNNAMED_ADMIN.get(key)
        return matrix.admin_expectation(key)
    return matrix.SITE.get(key)


# Wagtail's unnamed admin routes: its test 404 page and its catch-all for unknown admin paths.
UNNAMED_ADMIN = {
    "admin/test404/": matrix._table(matrix.LOGIN, **dict.fromkeys(matrix.CMS_ROLES, (200, 404))),
    "admin/^.*/$": matrix._table(
        matrix.LOGIN, trainer_a=404, trainer_b=404, officer=404, admin=404
    ),
}


def test_every_url_pattern_has_an_expectation():
    missing = [
        f"{key}  ({route})"
        for key, route in sorted(all_patterns().items())
        if expectation_for(key, route) is None
    ]
    assert not missing, (
        "URL patterns without an expectation in tests/lms/url_matrix.py (say what each role "
        "gets):\n  " + "\n  ".join(missing)
    )


def test_the_table_names_no_url_that_is_gone():
    known = set(all_patterns())
    stale = sorted(set(matrix.SITE) - known) + sorted(set(matrix.ADMIN_OBJECT) - known)
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"


# --- The world -------------------------------------------------------------------------------


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    funder = OrganisationFactory(funder=True)
    association_a = OrganisationFactory(kind=Organisation.Kind.TRAINER)
    association_b = OrganisationFactory(kind=Organisation.Kind.TRAINER)
    member_association = OrganisationFactory(member=True)
    users = {
        "learner": member_of(member_association, Membership.Role.MEMBER),
        "coordinator": member_of(member_association, Membership.Role.ADMIN),
        "trainer_a": member_of(association_a, Membership.Role.TRAINER),
        "trainer_b": member_of(association_b, Membership.Role.TRAINER),
        "officer": member_of(funder, Membership.Role.OFFICER),
        "finance": member_of(funder, Membership.Role.FINANCE),
        "auditor": member_of(funder, Membership.Role.AUDITOR),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    admin_a = member_of(association_a, Membership.Role.ADMIN)
    learner = users["learner"]
    # The CMS as the services set it up: each association's section and groups, the
    # officers' review workflow, and everyone in the groups their roles imply.
    catalog()
    for association in (association_a, association_b):
        association_authoring_setup(organisation=association)
    funder_reviewers_setup()
    for user in (*users.values(), admin_a):
        sync_user_groups(user=user)

    # Courses and learning: a live course of A with a lesson and a quiz.
    course, lessons = course_with_lessons(association=association_a, lessons=1)
    quiz = QuizPageFactory(parent=course)
    enrollment = EnrollmentFactory(course=course, learner=learner)
    attempt = quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=right_answers(quiz))
    # A's draft, written by trainer A: nothing of it (title, author) may reach trainer B.
    trainer_a = users["trainer_a"]
    trainer_a.full_name_latin, trainer_a.full_name_ar = A_STAFF_NAMES
    trainer_a.save(update_fields=["full_name_latin", "full_name_ar"])
    draft, _lessons = course_with_lessons(
        association=association_a, lessons=0, live=False, title=DRAFT_TITLE, owner=trainer_a
    )
    draft.save_revision(user=trainer_a)
    log(instance=draft, action="wagtail.edit", user=trainer_a)

    # A session of A happening now, with the learner registered and marked present.
    starts = timezone.now() - timedelta(minutes=30)
    session = TrainingSessionFactory(
        association=association_a,
        course=course,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    registration = SessionRegistrationFactory(
        session=session, learner=learner, status=SessionRegistration.Status.CONFIRMED
    )
    attendance_mark(
        session=session,
        participant=learner,
        status="present",
        method="roll_call",
        by=users["trainer_a"],
    )
    scan = sheet_scan_upload(
        session=session,
        file=SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
        by=users["trainer_a"],
    )

    # Grants: A's agreement, tranche 1 paid, a submitted tranche-2 request with its files.
    agreement = AgreementFactory(
        programme=ProgrammeFactory(funder=funder), association=association_a
    )
    tranches = grants_services.agreement_tranches_create(agreement=agreement)
    grants_services.tranche_payment_record(
        tranche=tranches[0], by=users["finance"], paid_on=timezone.localdate(), reference="V-1"
    )
    tranche_request = grants_services.tranche_request_create(tranche=tranches[1], by=admin_a)
    fill_request(tranche_request, admin_a)
    grants_services.tranche_request_submit(request=tranche_request, by=admin_a)
    document = tranche_request.documents.first()
    expense = tranche_request.expense_lines.first()
    pack = EvidencePack.objects.create(
        agreement=agreement,
        requested_by=users["officer"],
        with_names=True,
        status=EvidencePack.Status.READY,
        evidence_fingerprint="0" * 64,
    )
    pack.file.save("pack.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))

    # The agreement's signed convention, an amendment and a change of bank details (each
    # with its PDF), recorded by the programme officer.
    officer = users["officer"]
    grants_services.agreement_convention_attach(
        agreement=agreement, by=officer, upload=pdf_upload("convention.pdf")
    )
    amendment = grants_services.agreement_amend(
        agreement=agreement,
        by=officer,
        signed_on=agreement.signed_on,
        reason="Avenant de la matrice",
        document=pdf_upload("avenant.pdf"),
        targets={"certificates": agreement.target_certificates + 1},
    )
    agreement.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        bank_change = bank_services.bank_details_change(
            agreement=agreement,
            by=officer,
            bank_name="Banque de la matrice",
            rib=rib_with_key("9" * 22),
            document=pdf_upload("attestation.pdf"),
            reason="Nouveau compte",
        )

    # Calls: a published call of the agreement's programme, run by the officer, with A's
    # submitted and eligible application (its documents uploaded by A's admin); the officer
    # sits on the call's committee.
    call = open_call(programme=agreement.programme, officer=officer)
    with django_capture_on_commit_callbacks(execute=False):
        application = application_for(call, association=association_a, admin=admin_a, submit=True)
        application = screened(application, officer)
        calls_services.committee_member_add(
            call=call, by=officer, email=officer.email, kind=CommitteeMember.Kind.FUNDER_STAFF
        )
    application_document = application.uploads.first()

    # A notification of the learner's, and an API client of the funder (made by the admin).
    notification = Notification.objects.create(
        recipient=learner, kind="grants.request_submitted", url="/"
    )
    api_client, _api_token = api_services.api_client_create(
        organisation=funder, name="ERP du bailleur", scopes=["programmes:read"], by=users["admin"]
    )

    # Certificates: the learner's, issued by A (PDF and signed credential), and a bundle.
    certificate = issued_certificate(association=association_a, learner=learner)
    bundle = CertificateBundle.objects.create(
        course=certificate.course,
        requested_by=users["trainer_a"],
        status=CertificateBundle.Status.DONE,
    )
    bundle.file.save("bundle.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))

    with django_capture_on_commit_callbacks(execute=False):
        invitation, token = invitation_create(
            organisation=association_a,
            email="new@example.org",
            role="trainer",
            by=users["admin"],
        )
    # Media in A's own collection (the authoring setup made it; its editors' group holds it).
    collection_a = (
        GroupCollectionPermission.objects.filter(
            group__name=association_group_names(association_a)[0]
        )
        .first()
        .collection
    )
    document_file = Document.objects.create(
        title="Guide", file=ContentFile(b"guide", name="guide.txt"), collection=collection_a
    )
    image = Image.objects.create(
        title="Affiche", file=get_test_image_file(), collection=collection_a
    )
    redirect = Redirect.objects.create(old_path="/old-page", redirect_link="/")
    return {
        **users,
        "redirect": redirect,
        "collection": Collection.objects.exclude(depth=1).first() or Collection.objects.first(),
        "security_event": SecurityEvent.objects.first(),
        "association_a": association_a,
        "member_association": member_association,
        "course": course,
        "draft": draft,
        "lesson": lessons[0],
        "quiz": quiz,
        "enrollment": enrollment,
        "attempt": attempt,
        "session": session,
        "registration": registration,
        "scan": scan,
        "agreement": agreement,
        "tranche": tranches[1],
        "tranche_request": tranche_request,
        "document": document,
        "expense": expense,
        "pack": pack,
        "certificate": certificate,
        "bundle": bundle,
        "invitation": invitation,
        "token": token,
        "wagtail_document": document_file,
        "image": image,
        "funder": funder,
        "programme": agreement.programme,
        "amendment": amendment,
        "bank_change": bank_change,
        "call": call,
        "application": application,
        "application_document": application_document,
        "notification": notification,
        "api_client": api_client,
    }


def site_args(key: str, w) -> list:
    """Real ids and slugs for each site URL (objects of association A, see url_matrix)."""
    code = w["certificate"].code
    session = w["session"].pk
    by_key = {
        "wagtail_serve": [""],
        "wagtailcore_authenticate_with_password": [999999, w["course"].pk],
        "wagtaildocs_serve": [w["wagtail_document"].pk, w["wagtail_document"].filename],
        "wagtaildocs_authenticate_with_password": [999999],
        "certificates_public:verify_short": [code],
        "certificates_public:signing_key": [SigningKey.objects.first().kid],
        "certificates_public:status_list": [1],
        "certificates_public:issuer": [w["association_a"].pk],
        "certificates_public:achievement": [w["course"].pk],
        "certificates_public:credential": [code],
        "certificates:verify_json": [code],
        "certificates:verify": [code],
        "certificates:pdf": [code],
        "certificates:credential": [code],
        "certificates:revoke": [code],
        "certificates:association": [w["association_a"].pk],
        "certificates:bundle_create": [w["certificate"].course_id],
        "certificates:bundle": [w["bundle"].pk],
        "certificates:bundle_download": [w["bundle"].pk],
        "account_confirm_email": ["not-a-key"],
        "account_reset_password_from_key": ["1", "not-a-key"],
        "organisations:invitation": [w["token"]],
        "organisations:invitation_revoke": [w["invitation"].pk],
        "organisations:people": [w["association_a"].pk],
        "courses:course_enroll": [w["course"].pk],
        "courses:enrollment_withdraw": [w["enrollment"].pk],
        "courses:lesson_done": [w["lesson"].pk],
        "courses:quiz_submit": [w["quiz"].pk],
        "courses:quiz_attempt": [w["attempt"].pk],
        "courses:session_detail": [session],
        "courses:session_register": [session],
        "courses:session_calendar": [session],
        "courses:session_roster": [session],
        "courses:session_cancel": [session],
        "courses:registration_cancel": [w["registration"].pk],
        "courses:association_sessions": [w["association_a"].pk],
        "courses:session_new": [w["association_a"].pk],
        "courses:coordinator": [w["member_association"].pk],
        "courses:coordinator_register": [w["member_association"].pk],
        "courses:import_upload": [w["member_association"].pk],
        "courses:import_confirm": [w["member_association"].pk],
        "attendance:check_in_token": [checkin.token_make(session_id=session)],
        "attendance:scan_file": [w["scan"].pk],
        "attendance:session_export": [session, "csv"],
        "attendance:course_export": [w["course"].pk, "xlsx"],
        "grants:agreement_detail": [w["agreement"].pk],
        "grants:request_open": [w["tranche"].pk],
        "grants:tranche_payment": [w["tranche"].pk],
        "grants:request_detail": [w["tranche_request"].pk],
        "grants:request_edit": [w["tranche_request"].pk],
        "grants:request_review": [w["tranche_request"].pk],
        "grants:finance_check": [w["tranche_request"].pk],
        "grants:sample_detail": [w["tranche_request"].pk],
        "grants:sample_draw": [w["tranche_request"].pk],
        "grants:sample_contact": [w["tranche_request"].pk],
        "grants:sample_download": [w["tranche_request"].pk],
        "grants:document_download": [w["document"].pk],
        "grants:document_remove": [w["document"].pk],
        "grants:receipt_download": [w["expense"].pk],
        "grants:evidence_sessions": [w["agreement"].pk],
        "grants:evidence_beneficiaries": [w["agreement"].pk],
        "grants:evidence_certificates": [w["agreement"].pk],
        "grants:pack_request": [w["agreement"].pk],
        "grants:pack_detail": [w["pack"].pk],
        "grants:pack_download": [w["pack"].pk],
    }
    call, application = w["call"].pk, w["application"].pk
    for name in (
        "call_detail",
        "call_results",
        "application_start",
        "manage_call",
        "manage_structure",
        "manage_publish",
        "manage_applications",
        "manage_committee",
        "manage_determination",
        "call_report",
        "review_list",
    ):
        by_key[f"calls:{name}"] = [call]
    for name in (
        "application_edit",
        "document_upload",
        "application_withdraw",
        "manage_screen",
        "manage_agreement",
        "review_application",
    ):
        by_key[f"calls:{name}"] = [application]
    by_key["calls:document_download"] = [w["application_document"].pk]
    programme = w["programme"].pk
    for name in (
        "programme_detail",
        "programme_edit",
        "programme_agreement_create",
        "import_upload",
        "import_confirm",
    ):
        by_key[f"grants:{name}"] = [programme]
    for name in (
        "agreement_edit",
        "amendment_create",
        "convention_upload",
        "convention_download",
        "budget_edit",
        "bank_details_reveal",
        "bank_details_change",
    ):
        by_key[f"grants:{name}"] = [w["agreement"].pk]
    reference = w["agreement"].reference
    by_key.update(
        {
            "grants:amendment_download": [w["amendment"].pk],
            "grants:bank_certificate_download": [w["bank_change"].pk],
            "attendance:course_summary": [w["course"].pk],
            "attendance:sync": [],
            "attendance:offline_check_in": [],
            "attendance:manifest": [],
            "courses:session_edit": [session],
            "notifications:open": [w["notification"].pk],
            "opendata:programme": [programme],
            "opendata:json": [programme],
            "opendata:csv": [programme],
            "api_clients:detail": [w["api_client"].pk],
            "api_clients:revoke": [w["api_client"].pk],
            "api_clients:webhook_create": [w["api_client"].pk],
            "api-v1:portfolio": [programme],
            "api-v1:agreement": [reference],
            "api-v1:evidence": [reference],
            "api-v1:sessions": [reference],
            "api-v1:beneficiaries": [reference],
            "api-v1:payment": [w["tranche"].pk],
            "api-v1:certificate": [code],
        }
    )
    if key in by_key:
        return by_key[key]
    if key.startswith("attendance:") and key != "attendance:check_in":
        return [session]
    return []


def admin_args(key: str, entry: URLPattern, w) -> list:
    """Real objects of association A where the parameter names one, placeholders otherwise
    (the view then answers "not found", which the admin rule accepts)."""
    names = list(getattr(entry.pattern, "converters", {})) or list(entry.pattern.regex.groupindex)
    draft = w["draft"]
    revision = draft.latest_revision_id or 1
    namespace = key.split(":", 1)[0]
    pk_by_namespace = {
        "wagtailadmin_pages": draft.pk,
        "wagtailsites": Site.objects.first().pk,
        "wagtailredirects": w["redirect"].pk,
        "wagtailadmin_collections": w["collection"].pk,
        "wagtaildocs": w["wagtail_document"].pk,
        "wagtailimages": w["image"].pk,
        "security_log": w["security_event"].pk,
    }
    by_name = {
        "page_id": draft.pk,
        "page_pk": draft.pk,
        "page_to_move_id": draft.pk,
        "destination_id": draft.get_parent().pk,
        "parent_page_id": draft.get_parent().pk,
        "pk": pk_by_namespace.get(namespace, 1),
        "revision_id": revision,
        "revision_id_a": revision,
        "revision_id_b": revision,
        "document_id": w["wagtail_document"].pk,
        "doc_id": w["wagtail_document"].pk,
        "image_id": w["image"].pk,
        "app_label": "courses",
        "app_name": "courses",
        "content_type_app_name": "courses",
        "model_name": "coursepage",
        "content_type_model_name": "coursepage",
    }
    if key in DRAFT_AS_PARENT:
        by_name["parent_page_id"] = draft.pk
    if not names:
        return [1] * entry.pattern.regex.groups
    return [by_name.get(name, 1) for name in names]


# Views that show the page named in the URL itself (its title in the header): walked with
# A's draft rather than its parent section.
DRAFT_AS_PARENT = {
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_choose_page_child",
    "tamkeen_admin:choose_page_child",
}


_FALLBACKS = (1, "1", "x", "courses", str(uuid.uuid4()), "a1b2c3", "2024-01-01")


def _reverse(key: str, args: list) -> str | None:
    with translation.override("fr"):
        try:
            return reverse(key, args=args) if args else reverse(key)
        except NoReverseMatch:
            pass
        # A parameter the table does not know: the first placeholder that fits the pattern.
        for value in _FALLBACKS:
            try:
                return reverse(key, args=[value] * max(len(args), 1))
            except NoReverseMatch:
                continue
    return None


def _admin_url(key: str, route: str) -> str:
    if key == "admin/test404/":
        return "/admin/test404/"
    if key == "admin/^.*/$":
        return "/admin/no-such-admin-page/"
    return ""


# --- Walking ---------------------------------------------------------------------------------


def outcome(response):
    if response.status_code in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        asked = response.request["PATH_INFO"]
        if asked.startswith(("/admin/", "/documents/")) and path[3:] == asked:
            # Django's LocaleMiddleware turns a 404 on a language-less path into a redirect to
            # the prefixed path when that one resolves (Wagtail's catch-all page route does).
            return 404
        if re.match(r"^/(ar|fr|en)/accounts/login/$", path) or path == "/admin/login/":
            return matrix.LOGIN
        if path == "/admin/":
            return matrix.DENIED
        return matrix.REDIRECT
    return response.status_code


def _matches(got, expected) -> bool:
    if isinstance(expected, tuple):
        return got in expected
    return got == expected


def _clients(world) -> dict[str, Client]:
    clients = {}
    for role in matrix.ROLES:
        client = Client(raise_request_exception=False, HTTP_USER_AGENT="url-matrix")
        if role != "anonymous":
            client.force_login(world[role])
        clients[role] = client
    return clients


def _request(client, url, expect: matrix.Expect):
    # A logout or a language choice would change the client's cookies for the next URL.
    cookies = SimpleCookie(client.cookies)
    with transaction.atomic():
        if expect.method == "POST":
            response = client.post(url, expect.query)
        else:
            response = client.get(url, expect.query)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _walk_matrix(world, *, admin: bool) -> list[str]:
    clients = _clients(world)
    failures = []
    for key, route, entry in _unique_patterns():
        if _is_admin(route) != admin:
            continue
        expect = expectation_for(key, route)
        if expect is None:
            continue  # test_every_url_pattern_has_an_expectation names it
        if admin:
            url = _admin_url(key, route) or _reverse(key, admin_args(key, entry, world))
        else:
            url = _reverse(key, site_args(key, world))
        if url is None:
            failures.append(f"{key}: cannot build a URL for {route}")
            continue
        for role in matrix.ROLES:
            expected = expect.outcomes[role]
            response = _request(clients[role], url, expect)
            got = outcome(response)
            if not _matches(got, expected):
                where = f" to {response['Location']}" if got == matrix.REDIRECT else ""
                failures.append(
                    f"{key} [{expect.method} {url}] as {role}: got {got}{where}, "
                    f"expected {expected}" + (f" ({expect.why})" if expect.why else "")
                )
        if expect.method == "POST" and not admin and expect.outcomes["learner"] != matrix.LOGIN:
            # A POST-only view answers a signed-in GET with 405 (no page, no side effect).
            got = outcome(clients["admin"].get(url))
            if got not in (405, matrix.REDIRECT) and key not in GET_ALSO:
                failures.append(f"{key} [GET {url}] as admin: got {got}, expected 405")
    return failures


# POST views that also answer GET (a form page, a confirmation page).
GET_ALSO = {"set_language", "account_logout", "wagtailadmin_logout"}


def _unique_patterns():
    seen = set()
    for key, route, entry in _walk(get_resolver()):
        if key not in seen:
            seen.add(key)
            yield key, route, entry


def test_site_urls_answer_each_role_as_the_matrix_says(world):
    failures = _walk_matrix(world, admin=False)
    assert not failures, f"{len(failures)} mismatches:\n  " + "\n  ".join(failures)


def test_admin_urls_answer_each_role_as_the_matrix_says(world):
    failures = _walk_matrix(world, admin=True)
    assert not failures, f"{len(failures)} mismatches:\n  " + "\n  ".join(failures)


def _text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = body.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        import json

        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def test_admin_pages_show_trainer_b_nothing_of_association_a(world):
    """Every admin URL as trainer B, plain and with a search for the draft: no answer names
    A's draft or the staff member who wrote it, and none is a server error."""
    client = _clients(world)["trainer_b"]
    probes = {"": {}, "search": {"q": "Brouillon confidentiel"}, "quote": {"q": '"'}}
    failures = []
    for key, route, entry in _unique_patterns():
        if not _is_admin(route):
            continue
        expect = expectation_for(key, route)
        if expect is None or expect.method != "GET":
            continue
        url = _admin_url(key, route) or _reverse(key, admin_args(key, entry, world))
        if url is None or key == "wagtailadmin_error_test":
            continue
        for label, query in probes.items():
            response = _request(client, url, matrix.Expect({}, "GET", "", query))
            if response.status_code >= 500:
                failures.append(f"{key} [{url} {label}]: {response.status_code}")
                continue
            text = _text(response)
            if label == "search":
                text = text.replace(query["q"], "")  # the search box echoes the query
            found = [name for name in (DRAFT_TITLE, *A_STAFF_NAMES) if name in text]
            if found:
                failures.append(f"{key} [{url} {label}]: shows {found}")
    # A message left by one view shows on the next page: the dashboard reads them all.
    found = [n for n in (DRAFT_TITLE, *A_STAFF_NAMES) if n in _text(client.get("/admin/"))]
    if found:
        failures.append(f"a message on the dashboard shows {found}")
    assert not failures, f"{len(failures)} leaks:\n  " + "\n  ".join(failures)
