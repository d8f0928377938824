"""Attendance test data: a session happening now with its staff and registered learners, and
walk-ins. Sessions come from the learning factories."""

from datetime import timedelta

import factory
from django.utils import timezone

from courses.models import Participant, SessionRegistration
from organisations.models import Membership, Organisation

from .accounts import UserFactory
from .learning import SessionRegistrationFactory, TrainingSessionFactory
from .organisations import MembershipFactory, OrganisationFactory


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name_ar = factory.Sequence(lambda n: f"زائرة {n}")
    name_latin = factory.Sequence(lambda n: f"Visiteuse {n}")
    gender = "female"
    birth_year = 1995


def session_now(*, association=None, starts_in=timedelta(minutes=-30), hours=3, **fields):
    """A session that started ``-starts_in`` ago (check-in open)."""
    starts_at = timezone.now() + starts_in
    return TrainingSessionFactory(
        association=association or OrganisationFactory(kind=Organisation.Kind.TRAINER),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **fields,
    )


def registered(session, count=1, **user_fields) -> list:
    """``count`` learners with a confirmed seat (created directly: registration closes once
    a session has started)."""
    people = [UserFactory(**user_fields) for _ in range(count)]
    for person in people:
        SessionRegistrationFactory(
            session=session, learner=person, status=SessionRegistration.Status.CONFIRMED
        )
    return people


def staff(association, role=Membership.Role.TRAINER):
    return MembershipFactory(organisation=association, role=role).user
