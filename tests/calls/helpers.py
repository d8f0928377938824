import datetime

from django.utils import timezone

from calls import services
from calls.models import Call, CommitteeMember
from organisations.models import Membership
from tests.factories.calls import application_for, screened
from tests.factories.organisations import OrganisationFactory, member_of


def codes(error) -> set[str]:
    return {e.code for e in error.error_list}


def close_call(call):
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    call.refresh_from_db()
    return call


def committee_of(call, officer, n=3):
    members = []
    for i in range(n):
        kind = CommitteeMember.Kind.MINISTRY if i else CommitteeMember.Kind.FUNDER_STAFF
        members.append(
            services.committee_member_add(
                call=call,
                by=officer,
                email=f"reviewer{i}.{call.pk}@example.test",
                kind=kind,
                institution="Ministère de l'Intérieur" if i else "",
                full_name_latin=f"Reviewer {i}",
            ).user
        )
    return members


def eligible_application(call, officer, **kwargs):
    application = application_for(call, submit=True, **kwargs)
    admin = application.admin
    application = screened(application, officer)
    application.admin = admin
    return application


def score_all(application, reviewer, marks):
    services.conflict_declare(application=application, by=reviewer, has_conflict=False)
    criteria = list(application.call.criteria.all())
    services.scores_save(
        application=application,
        by=reviewer,
        scores={c.pk: (str(m), "") for c, m in zip(criteria, marks, strict=False)},
    )


def association_in(region_code=None):
    from organisations.models import Province

    province = Province.objects.filter(region__code=region_code).first() if region_code else None
    if province is None:
        return OrganisationFactory()
    return OrganisationFactory(province=province, region=province.region)


__all__ = ["Membership", "member_of"]
