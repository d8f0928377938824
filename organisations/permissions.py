"""Who may do what: the one place that says it.

Views, services and Wagtail hooks ask these predicates; none of them tests a role by hand.
Every predicate takes the acting user first and returns a bool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Membership, Organisation
from .selectors import membership_roles

if TYPE_CHECKING:
    from accounts.models import User


def _roles(user, organisation) -> set[str]:
    if not user.is_authenticated:
        return set()
    return membership_roles(user=user, organisation=organisation)


def has_role(user: User, organisation: Organisation, *roles: str) -> bool:
    return bool(_roles(user, organisation) & set(roles))


def is_funder_staff(user: User, *roles: str) -> bool:
    """Officer, finance or auditor (or the given subset) of any funder."""
    if not user.is_authenticated:
        return False
    wanted = roles or (Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR)
    return user.memberships.filter(
        organisation__kind=Organisation.Kind.FUNDER, role__in=wanted
    ).exists()


def can_invite(user: User, organisation: Organisation, role: str) -> bool:
    """Admins invite into their own organisation; programme officers bring in a trainer
    association's first admins; the platform admin invites anyone."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if has_role(user, organisation, Membership.Role.ADMIN):
        return True
    return (
        organisation.kind == Organisation.Kind.TRAINER
        and role == Membership.Role.ADMIN
        and is_funder_staff(user, Membership.Role.OFFICER)
    )


def can_view_organisation_members(user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, organisation, Membership.Role.ADMIN)


# --- Grants: agreements, tranches and tranche requests ----------------------------------------


def _funder_roles(user, agreement) -> set[str]:
    return _roles(user, agreement.programme.funder)


def can_view_agreement(user: User, agreement) -> bool:
    """The association's own staff, and the funder staff of the agreement's programme."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or _roles(user, agreement.association):
        return True
    funder_staff = {Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR}
    return bool(_funder_roles(user, agreement) & funder_staff)


def can_request_tranche(user: User, agreement) -> bool:
    """Only an admin of the agreement's trainer association writes and submits requests."""
    return has_role(user, agreement.association, Membership.Role.ADMIN)


def is_member_of_association(user: User, agreement) -> bool:
    """Any role in the agreement's association: a conflict of interest for its reviews and
    payments (separation of duties)."""
    return bool(_roles(user, agreement.association))


def can_review_tranche_request(user: User, agreement) -> bool:
    """A programme officer of the funder who is not a member of the association."""
    return Membership.Role.OFFICER in _funder_roles(
        user, agreement
    ) and not is_member_of_association(user, agreement)


def can_check_finance(user: User, agreement) -> bool:
    """Finance staff of the funder clear an approved request for payment (or send it back);
    never for an association they are a member of."""
    return Membership.Role.FINANCE in _funder_roles(
        user, agreement
    ) and not is_member_of_association(user, agreement)


def can_record_payment(user: User, agreement) -> bool:
    """Finance staff of the funder, never for an association they are a member of."""
    return can_check_finance(user, agreement)


def can_see_bank_details(user: User, agreement) -> bool:
    """Finance staff pay the tranches, so they alone see the full RIB (not the platform admin:
    each display is logged, and nobody else needs it)."""
    return can_record_payment(user, agreement)


def can_edit_budget(user: User, agreement) -> bool:
    """The programme officers of the agreement's funder set its budget lines."""
    return Membership.Role.OFFICER in _funder_roles(user, agreement)


def can_change_bank_details(user: User, agreement) -> bool:
    """The programme officers record a new account, with the bank's certificate; finance, who
    pays, sees it and is told."""
    return Membership.Role.OFFICER in _funder_roles(user, agreement)


# --- Grants: programmes and agreements entered by the funder's staff ----------------------


def can_manage_programmes(user: User, funder: Organisation) -> bool:
    """The funder's programme officers (and the platform admin) create and edit its
    programmes and agreements, record amendments and import agreements in bulk."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(user, funder, Membership.Role.OFFICER)


def can_view_programmes(user: User, funder: Organisation) -> bool:
    """The funder's officers, finance staff and auditors read its programmes."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(
        user, funder, Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR
    )


# --- Course authoring (Wagtail sections) ------------------------------------------------------


def can_author_in(user: User, section) -> bool:
    """Trainer association staff author in their own association's course section; programme
    officers edit anywhere in the catalogue while reviewing."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_funder_staff(user, Membership.Role.OFFICER):
        return True
    return has_role(
        user,
        section.association,
        Membership.Role.ADMIN,
        Membership.Role.EDITOR,
        Membership.Role.TRAINER,
    )


# --- Learning: enrollment, sessions, registration (courses) -----------------------------------


def can_enroll_self(user: User, course) -> bool:
    """Anyone signed in may follow a published course."""
    return bool(user.is_authenticated and user.is_active and course.live)


def is_member_coordinator(user: User, organisation: Organisation) -> bool:
    """The admin of a member association: enrolls its members and follows their progress."""
    return bool(
        user.is_authenticated
        and user.is_active
        and organisation.kind == Organisation.Kind.MEMBER
        and has_role(user, organisation, Membership.Role.ADMIN)
    )


def can_act_for_learner(user: User, learner: User, organisation: Organisation | None) -> bool:
    """The learner themselves, or the coordinator of a member association they belong to."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == learner.pk or user.is_superuser:
        return True
    return (
        organisation is not None
        and is_member_coordinator(user, organisation)
        and has_role(learner, organisation, Membership.Role.MEMBER, Membership.Role.ADMIN)
    )


def can_manage_session(user: User, session) -> bool:
    """Staff of the delivering association and the session's trainers: rosters, status."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if has_role(user, session.association, Membership.Role.ADMIN, Membership.Role.TRAINER):
        return True
    return session.trainers.filter(pk=user.pk).exists()


def can_view_session_roster(user: User, session) -> bool:
    """Names on a roster: the delivering association, and the funder's officers and auditors."""
    return can_manage_session(user, session) or is_funder_staff(
        user, Membership.Role.OFFICER, Membership.Role.AUDITOR
    )


def is_trainer_staff(user: User, organisation: Organisation) -> bool:
    return bool(
        user.is_authenticated
        and organisation.kind == Organisation.Kind.TRAINER
        and has_role(
            user,
            organisation,
            Membership.Role.ADMIN,
            Membership.Role.TRAINER,
            Membership.Role.EDITOR,
        )
    )


def can_schedule_sessions(user: User, organisation: Organisation) -> bool:
    """A trainer association's admins and trainers schedule its sessions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (
        organisation.kind == Organisation.Kind.TRAINER
        and has_role(user, organisation, Membership.Role.ADMIN, Membership.Role.TRAINER)
    )


# --- Attendance (courses) ---------------------------------------------------------------------


def can_take_attendance(user: User, session) -> bool:
    """Roll call, QR screen, sheet upload, corrections, closing: the session's own people."""
    return can_manage_session(user, session)


def can_view_attendance(user: User, session) -> bool:
    """Names with attendance: the delivering association, the funder's officers and auditors."""
    return can_view_session_roster(user, session)


def can_view_course_attendance(user: User, course) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_funder_staff(user, Membership.Role.OFFICER, Membership.Role.AUDITOR):
        return True
    association = getattr(course, "association", None)
    return association is not None and has_role(
        user, association, Membership.Role.ADMIN, Membership.Role.TRAINER
    )


def can_check_in(user: User, session) -> bool:
    """Any signed-in person checks themselves in; the token proves they are in the room."""
    return bool(user.is_authenticated and user.is_active and session.status != "cancelled")


# --- Certificates -----------------------------------------------------------------------------


def can_manage_certificates(user: User, association) -> bool:
    """The issuing association's staff list its certificates and download them together."""
    if not user.is_authenticated or association is None:
        return False
    staff = (Membership.Role.ADMIN, Membership.Role.TRAINER, Membership.Role.EDITOR)
    return user.is_superuser or has_role(user, association, *staff)


def can_revoke_certificate(user: User, certificate) -> bool:
    """Only an admin of the issuing association, or the platform admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(user, certificate.association, Membership.Role.ADMIN)


def can_download_certificate(user: User, certificate, *, sponsor_funder=None) -> bool:
    """The holder, the issuing association's staff, and the funder's staff.

    ``sponsor_funder``: a callable returning the funder of the programme the certificate counts
    for, or None (``certificates.sponsors.certificate_funder``); asked only when the holder and
    the association's staff are ruled out. Without a funder, any funder's staff may download."""
    if not user.is_authenticated:
        return False
    if certificate.learner_id == user.pk or can_manage_certificates(user, certificate.association):
        return True
    funder = sponsor_funder() if sponsor_funder is not None else None
    if funder is not None:
        return bool(_roles(user, funder))
    return is_funder_staff(user)


# --- Grants: evidence drill-down, evidence packs, funder dashboard ---------------------------


def can_see_evidence_names(user: User, agreement) -> bool:
    """Names behind the evidence: the association's own staff, the programme's officers and
    auditors (whose access is logged, see ``is_logged_evidence_reader``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or _roles(user, agreement.association):
        return True
    return bool(_funder_roles(user, agreement) & {Membership.Role.OFFICER, Membership.Role.AUDITOR})


def is_logged_evidence_reader(user: User, agreement) -> bool:
    """Funder staff reading names: each access goes to the audit log."""
    return bool(_funder_roles(user, agreement) & {Membership.Role.OFFICER, Membership.Role.AUDITOR})


def can_download_evidence_pack(user: User, agreement) -> bool:
    """Officers, finance, auditors of the programme, and the association for its own."""
    return can_view_agreement(user, agreement)


def can_view_funder_dashboard(user: User, programme) -> bool:
    if not user.is_authenticated:
        return False
    funder_staff = {Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR}
    return user.is_superuser or bool(_roles(user, programme.funder) & funder_staff)


# --- Account security -------------------------------------------------------------------------


def requires_mfa(user: User) -> bool:
    """Roles that reach personal data or money in bulk: a stolen password alone must not open
    them. Funder officers, finance and auditors, funder admins (the security log), trainer
    association admins, platform admins."""
    from django.db.models import Q

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    funder_staff = (
        Membership.Role.OFFICER,
        Membership.Role.FINANCE,
        Membership.Role.AUDITOR,
        Membership.Role.ADMIN,
    )
    return user.memberships.filter(
        Q(organisation__kind=Organisation.Kind.FUNDER, role__in=funder_staff)
        | Q(organisation__kind=Organisation.Kind.TRAINER, role=Membership.Role.ADMIN)
    ).exists()


def can_view_security_log(user: User) -> bool:
    """Sign-ins, failed sign-ins, role changes and personal-data exports of every account:
    the platform admin and the funder's own administrators, nobody else (not officers or
    auditors, whose exports are themselves in the log)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or is_funder_staff(user, Membership.Role.ADMIN)
