"""The committee: members invited by the officer, declarations of interests, scores, the
anonymised stage and the close that locks the scores."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_create
from grants.audit import audit_record

from .. import notifications, permissions
from ..models import (
    SCALE_MAX,
    SCALE_MIN,
    Application,
    Call,
    Committee,
    CommitteeMember,
    ConflictDeclaration,
    Score,
)
from ..selectors import weighted_score
from .calls import check_manager


def _committee(call) -> Committee:
    committee, _created = Committee.objects.get_or_create(
        call=call, defaults={"anonymised": call.anonymised_review}
    )
    return committee


def _check_open(committee) -> None:
    if committee.is_closed:
        raise ValidationError(
            _("The committee has closed: its scores are locked."), code="committee_closed"
        )


@transaction.atomic
def committee_member_add(
    *, call, by, email, kind, institution="", full_name_ar="", full_name_latin=""
) -> CommitteeMember:
    """Seat a person on the call's committee: an existing account by its e-mail, or a new one
    (they set their password through "forgotten password"). They are told by e-mail."""
    check_manager(by, call)
    committee = _committee(call)
    _check_open(committee)
    if kind not in CommitteeMember.Kind.values:
        raise ValidationError(_("Unknown kind of member."), code="kind_unknown")
    email = User.objects.normalize_email(email or "").strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(email=email, full_name_ar=full_name_ar, full_name_latin=full_name_latin)
    if CommitteeMember.objects.filter(committee=committee, user=user).exists():
        raise ValidationError(_("This person already sits on the committee."), code="member_exists")
    member = CommitteeMember.objects.create(
        committee=committee, user=user, kind=kind, institution=institution.strip(), added_by=by
    )
    audit_record(
        actor=by,
        action="committee.member_added",
        obj=committee,
        after={"user": user.pk, "kind": kind, "institution": member.institution},
    )
    notifications.tell_member_added(member)
    return member


def _check_reviewable(application) -> None:
    if (
        application.status != Application.Status.SUBMITTED
        or application.eligibility != Application.Eligibility.ELIGIBLE
    ):
        raise ValidationError(_("Only eligible applications are reviewed."), code="not_reviewable")


def _fresh(application) -> Application:
    return Application.objects.select_related("call", "association").get(pk=application.pk)


def _seat(by, application) -> CommitteeMember:
    member = permissions.committee_seat(by, application.call)
    if member is None:
        raise PermissionDenied(_("Only the committee's members review its applications."))
    return member


@transaction.atomic
def conflict_declare(*, application, by, has_conflict: bool, note="") -> ConflictDeclaration:
    """Declare, once and before seeing the application, whether the member has a conflict of
    interest with it. A member of the applying association always has one."""
    application = _fresh(application)
    member = _seat(by, application)
    _check_open(member.committee)
    _check_reviewable(application)
    if ConflictDeclaration.objects.filter(member=member, application=application).exists():
        raise ValidationError(
            _("You have already declared your interests for this application."),
            code="already_declared",
        )
    if not has_conflict and permissions.is_association_member(by, application.association):
        raise ValidationError(
            _("You belong to the applying association: this is a conflict of interest."),
            code="member_of_association",
        )
    declaration = ConflictDeclaration.objects.create(
        member=member, application=application, has_conflict=bool(has_conflict), note=note.strip()
    )
    audit_record(
        actor=by,
        action="committee.conflict_declared",
        obj=application,
        after={"member": member.pk, "has_conflict": declaration.has_conflict},
    )
    return declaration


def declaration_of(member, application):
    return ConflictDeclaration.objects.filter(member=member, application=application).first()


@transaction.atomic
def scores_save(*, application, by, scores: dict) -> list[Score]:
    """``scores`` maps each criterion's id to (mark, comment). Marks are whole numbers on the
    call's scale; a member with a declared conflict, or who has not declared, cannot score."""
    application = _fresh(application)
    member = _seat(by, application)
    committee = Committee.objects.select_for_update().get(pk=member.committee_id)
    _check_open(committee)
    _check_reviewable(application)
    declaration = declaration_of(member, application)
    if declaration is None:
        raise ValidationError(
            _("Declare your interests for this application before scoring it."),
            code="not_declared",
        )
    if declaration.has_conflict:
        raise ValidationError(
            _("You declared a conflict of interest with this application: you cannot score it."),
            code="conflict_declared",
        )
    criteria = {c.pk: c for c in application.call.criteria.all()}
    cleaned = []
    for criterion_id, (value, comment) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError(_("Unknown criterion."), code="criterion_unknown")
        if value in (None, ""):
            continue
        try:
            mark = int(value)
        except (TypeError, ValueError):
            mark = None
        if mark is None or str(mark) != str(value).strip() or not SCALE_MIN <= mark <= SCALE_MAX:
            raise ValidationError(
                _("%(criterion)s: the mark is a whole number from %(min)s to %(max)s.")
                % {"criterion": criterion.label, "min": SCALE_MIN, "max": SCALE_MAX},
                code="score_out_of_scale",
            )
        cleaned.append((criterion, mark, (comment or "").strip()))
    saved = []
    now = timezone.now()
    for criterion, mark, comment in cleaned:
        score, _created = Score.objects.update_or_create(
            member=member,
            application=application,
            criterion=criterion,
            defaults={"value": mark, "comment": comment, "updated_at": now},
        )
        saved.append(score)
    audit_record(
        actor=by,
        action="committee.scored",
        obj=application,
        after={"member": member.pk, "scores": {c.pk: m for c, m, _c in cleaned}},
    )
    return saved


@transaction.atomic
def committee_anonymity_lift(*, call, by) -> Committee:
    """End the anonymised stage: reviewers now see who applied."""
    check_manager(by, call)
    committee = Committee.objects.select_for_update().get(call=call)
    if committee.anonymised:
        committee.anonymised = False
        committee.save(update_fields=["anonymised"])
        audit_record(
            actor=by,
            action="committee.anonymity_lifted",
            obj=committee,
            before={"anonymised": True},
            after={"anonymised": False},
        )
    return committee


@transaction.atomic
def committee_close(*, call, by) -> Committee:
    """Close the committee after the deadline: the scores are locked and each eligible
    application's weighted score is recorded."""
    check_manager(by, call)
    call = Call.objects.get(pk=call.pk)
    committee = Committee.objects.select_for_update().get(call=call)
    _check_open(committee)
    if not call.is_closed():
        raise ValidationError(
            _("The committee closes after the call's deadline."), code="call_still_open"
        )
    scored = {}
    for application in call.applications.filter(
        status=Application.Status.SUBMITTED, eligibility=Application.Eligibility.ELIGIBLE
    ):
        application.score = weighted_score(application)
        application.save(update_fields=["score"])
        scored[application.reference] = application.score
    committee.closed_at = timezone.now()
    committee.closed_by = by
    committee.save(update_fields=["closed_at", "closed_by"])
    audit_record(actor=by, action="committee.closed", obj=committee, after={"scores": scored})
    return committee
