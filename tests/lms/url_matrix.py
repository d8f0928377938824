"""The URL × role matrix: what each role must get from every URL of the site.

``test_url_matrix.py`` walks every pattern of ``get_resolver()`` (the language-prefixed ones,
the Wagtail admin, file downloads) and fails on a pattern this module does not name, so a new
URL cannot ship without someone deciding who may open it.

The world (``test_url_matrix.world``): everything belongs to trainer association A (its
agreement, course, session, scans, tranche request and its files, evidence pack, certificates);
the learner is a member of member association M (whose admin is the coordinator), enrolled in
A's course, registered to A's session, holder of a certificate. Trainer B belongs to another
trainer association: every object URL answers B as it answers any outsider.

Outcomes: an HTTP status (200, 400, 403, 404, 405), ``LOGIN`` (302 to a sign-in page),
``DENIED`` (302 to the Wagtail dashboard: Wagtail's "no permission"), ``REDIRECT`` (302
anywhere else: a form handled, a language chosen), or a tuple of acceptable outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "learner",
    "coordinator",
    "trainer_a",
    "trainer_b",
    "officer",
    "finance",
    "auditor",
    "admin",
)
SIGNED_IN = ROLES[1:]
FUNDER = ("officer", "finance", "auditor")

LOGIN = "login"
DENIED = "denied"
REDIRECT = "redirect"
# A POST with an empty form, let through: the view answers with its form or a message.
THROUGH = (200, 400, REDIRECT)


@dataclass(frozen=True)
class Expect:
    outcomes: dict
    method: str = "GET"
    # A short reason shown when the row fails: what the rule protects.
    why: str = ""
    query: dict = field(default_factory=dict)


def _table(default, method="GET", why="", query=None, **roles) -> Expect:
    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return Expect({r: roles.get(r, default) for r in ROLES}, method, why, query or {})


def public(ok=200, **roles) -> Expect:
    """Anyone, signed in or not."""
    return _table(ok, **roles)


def signed_in(ok=200, method="GET", **roles) -> Expect:
    """Anyone signed in; the anonymous visitor is sent to sign in."""
    return _table(ok, method=method, **{"anonymous": LOGIN, **roles})


def only(*allowed, ok=200, denied=403, method="GET", why="", query=None, **roles) -> Expect:
    """The ``allowed`` roles get ``ok``, other signed-in roles ``denied``."""
    outcomes = {r: (ok if r in allowed else denied) for r in SIGNED_IN}
    outcomes["anonymous"] = LOGIN
    outcomes.update(roles)
    return _table(None, method=method, why=why, query=query, **outcomes)


def posted(*allowed, denied=403, why="", query=None, **roles) -> Expect:
    """A POST-only view: a GET answers 405 once signed in; the matrix POSTs an empty form
    (or ``query``) inside a savepoint rolled back afterwards."""
    return only(*allowed, ok=THROUGH, denied=denied, method="POST", why=why, query=query, **roles)


A_STAFF = ("trainer_a", "admin")
NAMES_READERS = ("trainer_a", "officer", "auditor", "admin")  # attendance with names
AGREEMENT_READERS = ("trainer_a", *FUNDER, "admin")
PROGRAMME_MANAGERS = ("officer", "admin")  # organisations.permissions.can_manage_programmes
MANAGE_PROGRAMMES = "the funder's officers; its finance and auditors read only"
CALL_MANAGERS = PROGRAMME_MANAGERS  # calls.permissions.can_manage_call
MANAGE_CALL = "the programme's funder officers; others: not found"
APPLICATION_READERS = "the association's admins, the call's officers; others: not found"
API_CLIENTS = "api.permissions.can_manage_api_clients"
NO_TOKEN = "token-authenticated: a session is no credential (tests/api/test_matrix.py)"

# --- The site (everything outside /admin/) ---------------------------------------------------

SITE: dict[str, Expect] = {
    # Machine-facing and public pages.
    "root": public(REDIRECT),
    "health": public((200, 503)),
    "set_language": public(REDIRECT, method="POST"),
    "sitemap": public(),
    "robots_txt": public(),
    "wagtail_serve": public(),
    "wagtailcore_login": public(),
    "wagtailcore_authenticate_with_password": public(404),
    "wagtaildocs_serve": public(
        why="Wagtail documents are public files (private ones are not"
        " Wagtail documents: core/storage.py)"
    ),
    "wagtaildocs_authenticate_with_password": public(404),
    "cms:search": _table(
        200,
        query={"q": '"draft" OR NEAR(a -b*) ('},
        why="quotes and operators are plain words (cms/search_backend.py), never a 500",
    ),
    # Certificates: verification is public by design; the files are not.
    "certificates_public:verify_short": public(REDIRECT),
    "certificates_public:jwks": public(),
    "certificates_public:signing_key": public(),
    "certificates_public:status_list": public(),
    "certificates_public:issuer": public(),
    "certificates_public:achievement": public(REDIRECT),
    "certificates_public:credential": public(REDIRECT),
    "certificates:verify_form": public(),
    "certificates:verify_credential": public(REDIRECT),
    "certificates:verify_json": public(),
    "certificates:verify": public(),
    "certificates:mine": signed_in(),
    "certificates:pdf": only(
        "learner",
        "trainer_a",
        "officer",
        "finance",
        "auditor",
        "admin",
        why="the holder, the issuing association, the programme's funder",
    ),
    "certificates:credential": only(
        "learner", "trainer_a", "officer", "finance", "auditor", "admin"
    ),
    "certificates:revoke": posted(
        "admin", query={"reason": "matrix"}, why="an admin of the issuing association"
    ),
    "certificates:association": only(*A_STAFF),
    "certificates:bundle_create": posted(*A_STAFF),
    "certificates:bundle": only("trainer_a", why="only the person who asked for the bundle"),
    "certificates:bundle_download": only("trainer_a"),
    # Accounts (allauth): sign-in pages answer the anonymous visitor and send the signed-in
    # one on; account pages need an account.
    "account_login": public(200, **dict.fromkeys(SIGNED_IN, REDIRECT)),
    "account_logout": signed_in(200, anonymous=REDIRECT),
    "account_inactive": public(),
    "account_signup": public(200, **dict.fromkeys(SIGNED_IN, REDIRECT)),
    "account_reauthenticate": signed_in(),
    "account_request_reauthentication_code": signed_in((200, 404, REDIRECT)),
    "account_confirm_reauthentication_code": signed_in((200, 404, REDIRECT)),
    "account_email": signed_in(),
    "account_email_verification_sent": public(),
    "account_change_password": signed_in(),
    "account_set_password": signed_in(REDIRECT),
    "account_reset_password": public(),
    "account_confirm_login_code": public(LOGIN, **dict.fromkeys(SIGNED_IN, REDIRECT)),
    "account_confirm_email": public(),
    "account_reset_password_from_key_done": public(),
    "account_reset_password_from_key": public(),
    "account_reset_password_done": public(),
    "mfa_index": signed_in(),
    "mfa_authenticate": public(LOGIN, **dict.fromkeys(SIGNED_IN, REDIRECT)),
    "mfa_reauthenticate": signed_in((200, REDIRECT)),
    "mfa_activate_totp": signed_in((200, REDIRECT)),
    "mfa_deactivate_totp": signed_in((404, REDIRECT)),
    "mfa_view_recovery_codes": signed_in((404, REDIRECT)),
    "mfa_generate_recovery_codes": signed_in((200, 404, REDIRECT)),
    "mfa_download_recovery_codes": signed_in((404, REDIRECT)),
    "accounts:profile": signed_in(),
    # Law 09-08: one's own data, downloaded or erased (erasure asks for the password again).
    "accounts:my_data": signed_in(),
    "accounts:my_data_json": signed_in(why="one's own data only: the view takes no id"),
    "accounts:my_data_csv": signed_in(),
    "accounts:erase_account": signed_in(),
    "privacy_notice": public(),
    # Organisations.
    "organisations:invitation": public(why="the token is the credential"),
    "organisations:invitation_revoke": posted("admin"),
    "organisations:people": only("admin", why="admins of the organisation"),
    # Learning.
    "courses:my_learning": signed_in(),
    "courses:my_calendar_feed": public(404, why="a signed feed token, none given"),
    "courses:my_calendar_feed_renew": posted(*SIGNED_IN, why="one's own calendar link"),
    "courses:course_enroll": posted(*SIGNED_IN),
    "courses:enrollment_withdraw": posted("learner", denied=404, why="one's own enrollment"),
    # One's own progress: without an enrollment, a message and the course page.
    "courses:lesson_done": posted(*SIGNED_IN),
    "courses:quiz_submit": posted(*SIGNED_IN),
    "courses:quiz_attempt": only("learner", denied=404, why="one's own attempt"),
    "courses:session_list": public(),
    "courses:session_detail": public(),
    "courses:session_register": posted(*SIGNED_IN),
    "courses:session_calendar": public(),
    "courses:session_roster": only(*NAMES_READERS),
    "courses:session_cancel": posted(*A_STAFF),
    "courses:registration_cancel": posted(
        "learner",
        "coordinator",
        "trainer_a",
        "admin",
        denied=404,
        why="the learner, their coordinator, the session's staff; others: not found",
    ),
    "courses:association_sessions": only(*A_STAFF),
    "courses:session_new": only(*A_STAFF),
    "courses:coordinator": only("coordinator"),
    "courses:coordinator_register": posted("coordinator"),
    "courses:import_upload": only("coordinator"),
    "courses:import_confirm": posted("coordinator"),
    # Attendance.
    "attendance:check_in": signed_in(),
    "attendance:check_in_token": signed_in(),
    "attendance:evidence": only(*NAMES_READERS),
    "attendance:roll_call": only(*A_STAFF),
    "attendance:mark": posted(*A_STAFF),
    "attendance:walk_in": posted(*A_STAFF),
    "attendance:correct": posted(*A_STAFF),
    "attendance:qr": only(*A_STAFF),
    "attendance:sheet_pdf": only(*NAMES_READERS),
    "attendance:scans": only(*A_STAFF),
    "attendance:scan_file": only(*NAMES_READERS),
    "attendance:close": only(*A_STAFF),
    "attendance:session_export": only(*NAMES_READERS),
    "attendance:course_export": only(*NAMES_READERS),
    # Grants: an agreement outside one's scope is "not found".
    "grants:agreement_list": signed_in(),
    "grants:agreement_detail": only(*AGREEMENT_READERS, denied=404),
    "grants:request_open": posted(
        denied=404,
        **dict.fromkeys(AGREEMENT_READERS, 403),
        why="an admin of the association only (none in the matrix); outsiders: not found",
    ),
    "grants:tranche_payment": only(
        "finance", denied=(403, 404), trainer_b=404, learner=404, coordinator=404
    ),
    "grants:request_detail": only(*AGREEMENT_READERS, denied=404),
    "grants:request_edit": only(denied=(403, 404)),
    "grants:request_review": only("officer", denied=(403, 404)),
    "grants:finance_check": only(
        "finance",
        ok=REDIRECT,
        denied=(403, 404),
        trainer_b=404,
        learner=404,
        coordinator=404,
        why="the funder's finance staff; the world's request is not approved: sent back to it",
    ),
    "grants:document_download": only(*AGREEMENT_READERS, denied=404),
    "grants:document_remove": posted(denied=404, **dict.fromkeys(AGREEMENT_READERS, 403)),
    "grants:receipt_download": only(*AGREEMENT_READERS, denied=404),
    "grants:evidence_sessions": only(*AGREEMENT_READERS, denied=404),
    "grants:evidence_beneficiaries": only(*AGREEMENT_READERS, denied=404),
    "grants:evidence_certificates": only(*AGREEMENT_READERS, denied=404),
    "grants:pack_request": posted(*AGREEMENT_READERS, denied=404),
    "grants:dashboard": only(*FUNDER, "admin"),
    "grants:queue": only(
        *FUNDER, "admin", why="the funder's staff and the platform admin; nobody else has a queue"
    ),
    # Verification by sampling (grants/views_sampling.py): never the association, which must
    # not learn who will be called; names only for the officer who drew the sample. The
    # world's request has no sample yet.
    "grants:sample_detail": only(
        *FUNDER,
        "admin",
        denied=404,
        trainer_a=403,
        why="the funder's staff (pseudonyms; names for the drawer only), never the association",
    ),
    "grants:sample_draw": posted(
        "officer",
        denied=404,
        trainer_a=403,
        finance=403,
        auditor=403,
        admin=403,
        why="a programme officer draws; the world's request has no sample: sent to the page",
    ),
    "grants:sample_contact": posted(
        "officer",
        denied=404,
        trainer_a=403,
        finance=403,
        auditor=403,
        admin=403,
        why="the officer who drew the sample; none drawn yet: sent back to the page",
    ),
    "grants:sample_download": only(
        denied=404,
        trainer_a=403,
        why="the funder's staff once a sample exists (none in the world: not found)",
    ),
    "grants:pack_detail": only(*AGREEMENT_READERS, denied=404),
    "grants:pack_download": only(
        "trainer_a",
        "officer",
        "auditor",
        "admin",
        denied=404,
        finance=403,
        why="a pack with names: the association, the programme's officers and auditors",
    ),
    # Grants: programmes, agreements entered by the funder, amendments, the convention, the
    # bulk import (grants/views_programmes.py), budgets and bank details (views_budgets.py).
    "grants:programme_list": only(*FUNDER, "admin", why="the funder's staff read programmes"),
    "grants:programme_create": only(*PROGRAMME_MANAGERS, why="the funder's officers"),
    "grants:programme_detail": only(*FUNDER, "admin", denied=404),
    "grants:programme_edit": only(
        *PROGRAMME_MANAGERS, denied=404, finance=403, auditor=403, why=MANAGE_PROGRAMMES
    ),
    "grants:programme_agreement_create": only(
        *PROGRAMME_MANAGERS, denied=404, finance=403, auditor=403, why=MANAGE_PROGRAMMES
    ),
    "grants:import_upload": only(
        *PROGRAMME_MANAGERS, denied=404, finance=403, auditor=403, why=MANAGE_PROGRAMMES
    ),
    "grants:import_confirm": posted(
        *PROGRAMME_MANAGERS, denied=404, finance=403, auditor=403, why=MANAGE_PROGRAMMES
    ),
    "grants:import_template": only(*PROGRAMME_MANAGERS),
    **{
        f"grants:{name}": only(
            *PROGRAMME_MANAGERS,
            denied=404,
            trainer_a=403,
            finance=403,
            auditor=403,
            why="the funder's officers change an agreement; its readers are refused, "
            "others: not found",
        )
        for name in ("agreement_edit", "amendment_create", "convention_upload")
    },
    "grants:convention_download": only(*AGREEMENT_READERS, denied=404),
    "grants:amendment_download": only(*AGREEMENT_READERS, denied=404),
    "grants:budget_edit": only(
        "officer",
        denied=404,
        trainer_a=403,
        finance=403,
        auditor=403,
        admin=403,
        why="the programme officers of the agreement's funder set its budget",
    ),
    "grants:bank_details_reveal": posted(
        "finance",
        denied=404,
        trainer_a=403,
        officer=403,
        auditor=403,
        admin=403,
        why="the full RIB: the funder's finance staff alone (each display logged)",
    ),
    "grants:bank_details_change": only(
        "officer",
        denied=404,
        trainer_a=403,
        finance=403,
        auditor=403,
        admin=403,
        why="the programme officers record a new account",
    ),
    "grants:bank_certificate_download": only(
        "officer",
        "finance",
        denied=404,
        trainer_a=403,
        auditor=403,
        admin=403,
        why="it shows the full RIB: the programme officer and finance (each download logged)",
    ),
    # Calls for projects (docs/calls.md, "Who may open each URL"): the world's call is
    # published, run by the officer, who sits on its committee; A's application is submitted
    # and eligible. Trainer A is a trainer of A, not one of its admins: not an applicant.
    "calls:call_list": public(),
    "calls:call_detail": public(),
    "calls:call_results": public(404, why="404 until the officer publishes the results"),
    "calls:application_start": posted(*SIGNED_IN, why="a draft only for a trainer's admin"),
    "calls:my_applications": signed_in(),
    "calls:application_edit": only(*CALL_MANAGERS, denied=404, why=APPLICATION_READERS),
    "calls:document_upload": posted(*CALL_MANAGERS, denied=404, why=APPLICATION_READERS),
    "calls:application_withdraw": posted(*CALL_MANAGERS, denied=404, why=APPLICATION_READERS),
    "calls:document_download": only(
        *CALL_MANAGERS,
        denied=404,
        why="the association's admins, the call's officers, a reviewer without a conflict "
        "after the anonymised stage",
    ),
    "calls:manage_list": only(*CALL_MANAGERS, denied=404, why=MANAGE_CALL),
    **{
        f"calls:{name}": only(*CALL_MANAGERS, denied=404, why=MANAGE_CALL)
        for name in (
            "manage_call",
            "manage_structure",
            "manage_applications",
            "manage_screen",
            "manage_committee",
            "manage_determination",
            "manage_agreement",
        )
    },
    "calls:manage_publish": posted(*CALL_MANAGERS, denied=404, why=MANAGE_CALL),
    "calls:call_report": only(*FUNDER, "admin", denied=404, why="the funder's staff"),
    "calls:review_list": only("officer", denied=404, why="members of the call's committee"),
    "calls:review_application": only("officer", denied=404, why="members of the call's committee"),
    # Fieldwork: one's own sessions and attendance; a session's edit page is its staff's.
    "courses:my_sessions": signed_in(),
    "courses:my_attendance": signed_in(why="one's own attendance only: the view takes no id"),
    "courses:session_edit": only(*A_STAFF),
    # Attendance, more: the installable app and its offline queue.
    "service_worker": public(),
    "attendance:manifest": public(),
    "attendance:offline_check_in": signed_in(),
    "attendance:sync": posted(*SIGNED_IN, why="the queue is checked mark by mark, as its sender"),
    "attendance:mark_all": posted(*A_STAFF),
    "attendance:qr_current": only(*A_STAFF, why="the check-in code: the session's staff only"),
    "attendance:course_summary": only(*NAMES_READERS),
    # Notifications: one's own.
    "notifications:list": signed_in(),
    "notifications:open": only(
        "learner", ok=REDIRECT, denied=404, why="the learner's notification: others, not found"
    ),
    "notifications:mark_all_read": posted(*SIGNED_IN),
    # Open data on public money (api/views_opendata.py): public by design.
    "opendata:index": public(),
    "opendata:catalog": public(),
    "opendata:schema": public(),
    "opendata:programme": public(),
    "opendata:json": public(),
    "opendata:csv": public(),
    # API clients: the platform admin, and a funder's admins (none in the matrix).
    "api_clients:list": only("admin", why=API_CLIENTS),
    "api_clients:create": only("admin", why=API_CLIENTS),
    "api_clients:detail": only("admin", why=API_CLIENTS),
    "api_clients:revoke": posted("admin", why=API_CLIENTS),
    "api_clients:webhook_create": posted("admin", why=API_CLIENTS),
    # The REST API (/api/v1/) authenticates by token only: a session cookie is no credential,
    # so every role, signed in or not, gets the 401 problem. Its endpoint × scope matrix, with
    # tokens, is tests/api/test_matrix.py. Public: the docs, the schema, certificate checks.
    "api_not_found": public(404),
    # django-ninja's root view raises Http404; api/urls.py promises a problem+json 404 under
    # /api/, "never the site's language redirect" (it answers 302 to /ar/api/v1/ today).
    "api-v1:api-root": public(404, why="under /api/ a 404 is a problem, not a language redirect"),
    "api-v1:openapi-json": public(),
    "api-v1:openapi-view": public(),
    "api-v1:certificate": public(why="public verification, without the holder's name"),
    **{
        f"api-v1:{name}": public(401, why=NO_TOKEN)
        for name in (
            "programmes",
            "portfolio",
            "agreements",
            "agreement",
            "evidence",
            "sessions",
            "beneficiaries",
            "deliveries",
        )
    },
    "api-v1:payment": public(401, method="POST", why=NO_TOKEN),
}

# --- The Wagtail admin: rules by URL name, so a new admin view is still walked ---------------

# Roles without ``wagtailadmin.access_admin`` are sent to the admin's sign-in page for every
# admin URL; these are the roles that reach the admin at all.
CMS_ROLES = ("trainer_a", "trainer_b", "officer", "admin")

# Admin areas that run the platform rather than its content: the platform admin alone.
PLATFORM_ADMIN_ONLY = (
    "wagtailusers_users:",
    "wagtailusers_groups:",
    "wagtailsites:",
    "wagtaillocales:",
    "wagtailredirects:",
    "wagtailsettings:",
    "wagtailadmin_workflows:",
    "wagtailadmin_collections:",
    "security_log:",
    "wagtailsnippets_certificates_completionrule:",
)
PLATFORM_ADMIN_ONLY_EXCEPTIONS = {
    # Any CMS user may look at their own moderation tasks and workflow history.
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_create",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_chosen",
}

# The admin's own public pages. Its login only leads to allauth's (one way in, with the second
# factor and the lockout: lms/views.py); its password reset is off (allauth's is the one).
ADMIN_PUBLIC = {
    "wagtailadmin_login": public(LOGIN),
    "wagtailadmin_password_reset": public(404),
    "wagtailadmin_password_reset_done": public(404),
    "wagtailadmin_password_reset_confirm": public(404),
    "wagtailadmin_password_reset_complete": public(404),
    "wagtailadmin_logout": public(LOGIN, method="POST"),
    "wagtailadmin_javascript_catalog": public(),
    "wagtailadmin_sprite": public(),
}

NOT_FOR_OTHERS = (DENIED, 403, 404, 405)

# Object-level checks inside the admin: A's draft course (its page id).
ADMIN_OBJECT = {
    "wagtailadmin_pages:edit": _table(
        LOGIN,
        trainer_a=200,
        trainer_b=DENIED,
        officer=200,
        admin=200,
        why="an association edits its own section only; officers review everywhere",
    ),
    "wagtailadmin_pages:delete": _table(
        LOGIN,
        trainer_a=200,
        trainer_b=DENIED,
        officer=200,
        admin=200,
        why="Wagtail: 'change' deletes one's own section's unpublished leaf pages; a course "
        "with enrollments, sessions or certificates is PROTECTed by their foreign keys",
    ),
    "wagtailadmin_pages:unpublish": _table(
        LOGIN,
        trainer_a=DENIED,
        trainer_b=DENIED,
        officer=(200, DENIED),
        admin=(200, DENIED),
    ),
    # Wagtail's deliberate error page (it raises, to test error reporting).
    "wagtailadmin_error_test": _table(LOGIN, **dict.fromkeys(CMS_ROLES, 500)),
    "wagtailadmin_pages:move": _table(
        LOGIN,
        trainer_a=(200, DENIED),
        trainer_b=DENIED,
        officer=(200, DENIED),
        admin=200,
    ),
    "wagtailadmin_pages:copy": _table(
        LOGIN,
        trainer_a=(200, DENIED),
        trainer_b=DENIED,
        officer=(200, DENIED),
        admin=200,
    ),
    # Exploring A's draft itself (its id in the URL): its title, status and author.
    **{
        name: _table(
            LOGIN,
            trainer_a=200,
            trainer_b=NOT_FOR_OTHERS,
            officer=200,
            admin=200,
            why="another association's section is not found (courses.admin_views)",
        )
        for name in (
            "wagtailadmin_explore",
            "wagtailadmin_explore_results",
            "wagtailadmin_choose_page_child",
            "tamkeen_admin:choose_page_child",
        )
    },
    # The chooser's search, with a query: it answered 500 to association staff.
    "wagtailadmin_choose_page_search": _table(
        LOGIN,
        query={"q": '"draft" OR NEAR(a -b*) ('},
        **dict.fromkeys(("trainer_a", "trainer_b", "officer", "admin"), 200),
        why="the draft-hiding hook and plain search terms (courses/wagtail_hooks.py)",
    ),
    # Names the last edited page of each type, whoever's: officers and the platform admin.
    **{
        name: _table(LOGIN, trainer_a=DENIED, trainer_b=DENIED, officer=200, admin=200)
        for name in (
            "wagtailadmin_reports:page_types_usage",
            "wagtailadmin_reports:page_types_usage_results",
            "tamkeen_admin:page_types_usage",
            "tamkeen_admin:page_types_usage_results",
        )
    },
    # Media: an association edits its own collection's images and documents; officers only
    # choose them; nobody but the platform admin deletes (published courses may still show them).
    **{
        f"{app}:{view}": _table(
            LOGIN,
            trainer_a=200 if view == "edit" else DENIED,
            trainer_b=DENIED,
            officer=DENIED,
            admin=200,
            why="media of association A's collection",
        )
        for app in ("wagtailimages", "wagtaildocs")
        for view in ("edit", "delete")
    },
    "security_log:index": _table(
        LOGIN,
        trainer_a=DENIED,
        trainer_b=DENIED,
        officer=DENIED,
        admin=200,
        why="organisations.permissions.can_view_security_log",
    ),
}


# Views that show A's unpublished draft (its content, revisions, history): another
# association must not read them.
DRAFT_VIEWS = {
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:history_results",
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:usage",
    "wagtailadmin_pages:copy",
    "wagtailadmin_pages:add_subpage",
    # Wagtail's "'<title>' is not awaiting moderation" came before its permission check.
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:collect_workflow_action_data",
    "wagtailadmin_pages:confirm_workflow_cancellation",
    "wagtailadmin_pages:workflow_preview",
}


def admin_expectation(name: str) -> Expect:
    """The rule for an admin URL that ``ADMIN_PUBLIC`` and ``ADMIN_OBJECT`` do not name."""
    if name in ADMIN_PUBLIC:
        return ADMIN_PUBLIC[name]
    if name in ADMIN_OBJECT:
        return ADMIN_OBJECT[name]
    if name in DRAFT_VIEWS:
        reachable = (200, 400, 404, 405, REDIRECT, DENIED, 403)
        return _table(
            LOGIN,
            trainer_a=reachable,
            # The old revisions URL sends everyone to the history page, checked on its own.
            trainer_b=NOT_FOR_OTHERS
            + ((REDIRECT,) if name == "wagtailadmin_pages:revisions_index" else ()),
            officer=reachable,
            admin=reachable,
            why="association A's draft: not another association's to read",
        )
    # Everyone outside the CMS roles: the admin's sign-in page.
    outcomes = dict.fromkeys(ROLES, LOGIN)
    # CMS roles reach the admin; what each view then answers depends on its object (a
    # placeholder id is often "not found") and on Wagtail's own permissions, but never a
    # server error, and platform areas stay the platform admin's.
    reachable = (200, 400, 404, 405, REDIRECT, DENIED, 403)
    platform_only = name.startswith(PLATFORM_ADMIN_ONLY) and (
        name not in PLATFORM_ADMIN_ONLY_EXCEPTIONS
    )
    for role in ("trainer_a", "trainer_b", "officer"):
        # 405: a POST-only view refuses the GET before looking at who asks;
        # 404: a placeholder id (or a model that is not a setting) is looked up first.
        outcomes[role] = (DENIED, 403, 404, 405) if platform_only else reachable
    outcomes["admin"] = reachable
    return Expect(outcomes, why="admin rule" + (": platform admin only" if platform_only else ""))
