"""Demo evidence: one held session as it happened, built through the courses services and dated
at its own time: seats taken the week before, the marks (roll call on the trainer's phone,
learners' QR check-ins from their own phones, or a signed sheet scanned and typed in the next
morning), walk-ins, now and then a correction within three days, and the closing report.

Every time is given to the services (``recorded_at``, ``uploaded_at``, ``closed_at``), so the
records say when they were made and the anomaly flags only see what the plan put there on
purpose: one device checking several people in, or a roll call typed in weeks later.
``demo.grants.progress`` decides what each agreement's sessions are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from courses.attendance.services import (
    attendance_correct,
    attendance_mark,
    session_close,
    sheet_scan_upload,
    walk_in_add,
)
from courses.models import AttendanceRecord, SessionRegistration, TrainingSession
from courses.services import session_create

Status = AttendanceRecord.Status
Method = AttendanceRecord.Method
ATTENDED = set(AttendanceRecord.ATTENDED)
CORRECTION_REASON = "شهادة طبية قُدمت بعد الحصة · Certificat médical remis après la séance"
USER_AGENTS = [
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/128.0 Mobile",
    "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 Chrome/127.0 Mobile",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
]
REPORTS = {
    TrainingSession.Kind.TRAINING: "انعقدت الحصة كما هو مبرمج، مع تمارين تطبيقية على الحاسوب.",
    TrainingSession.Kind.AWARENESS: "لقاء تحسيسي تفاعلي مع عرض ونقاش مفتوح مع الحاضرين.",
    TrainingSession.Kind.DIALOGUE: "لقاء حواري بحضور منتخبين وأطر الجماعة وفاعلين جمعويين.",
}


@dataclass
class SessionPlan:
    """What happened at one session, decided before anything is written."""

    kind: str
    title_ar: str
    title_fr: str
    starts_at: datetime.datetime
    hours: int
    province: object
    region: object
    venue_ar: str
    venue_fr: str
    capacity: int
    registered: list[User]
    statuses: list[str]  # one per registered person
    walk_ins: list[dict] = field(default_factory=list)
    method: str = Method.ROLL_CALL  # roll_call, qr or sheet
    course: object = None
    online_url: str = ""
    correction: bool = False
    photos: bool = False
    anomaly: str = ""  # "", "shared_device" or "late_entry"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(hours=self.hours)


def sheet_pdf(label: str) -> bytes:
    """A one-page PDF with a correct cross-reference table (the upload gate parses it)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
    ]
    text = f"BT /F1 12 Tf 72 770 Td (Feuille de presence signee {label}) Tj ET".encode()
    objects.append(b"<</Length %d>>stream\n" % len(text) + text + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _seconds(moment, seconds) -> datetime.datetime:
    return moment + datetime.timedelta(seconds=seconds)


def _device(index: int) -> dict:
    """The request headers of a learner's own phone (one address and browser each)."""
    return {
        "REMOTE_ADDR": f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}",
        "HTTP_USER_AGENT": USER_AGENTS[index % len(USER_AGENTS)],
    }


def _mark_all(plan, session, *, by, device_base) -> list[AttendanceRecord]:
    """Each registered person's mark, dated as the method dates it."""
    people = list(zip(plan.registered, plan.statuses, strict=True))
    records = []
    if plan.method == Method.SHEET:
        uploaded_at = _seconds(plan.ends_at, 17 * 3600 + 40 * 60)  # the next morning
        scan = sheet_scan_upload(
            session=session,
            file=SimpleUploadedFile(f"feuille-{session.pk}.pdf", sheet_pdf(f"{session.pk}")),
            by=by,
            uploaded_at=uploaded_at,
        )
        for index, (person, status) in enumerate(people):
            records.append(
                attendance_mark(
                    session=session,
                    participant=person,
                    status=status,
                    method=Method.SHEET,
                    by=by,
                    sheet_scan=scan,
                    recorded_at=_seconds(uploaded_at, 120 + 25 * index),
                )
            )
        return records
    if plan.anomaly == "late_entry":
        # The roll call was typed in from a notebook nineteen days later.
        start = _seconds(plan.ends_at, 19 * 86400)
    else:
        start = _seconds(plan.starts_at, 6 * 60)
    absent = []
    for index, (person, status) in enumerate(people):
        if plan.method == Method.QR and status in ATTENDED:
            # Learners scan the screen from their own phones as they come in (latecomers
            # after the start); the demo's anomaly is six of them checked in on one phone.
            shared = plan.anomaly == "shared_device" and len(records) < 6
            at = _seconds(
                plan.starts_at, -12 * 60 + 40 * index + (1500 if status == Status.LATE else 0)
            )
            records.append(
                attendance_mark(
                    session=session,
                    participant=person,
                    status=status,
                    method=Method.QR,
                    by=person,
                    request_meta=_device(device_base if shared else device_base + index + 1),
                    recorded_at=at,
                )
            )
        elif plan.method == Method.QR:
            absent.append((person, status))
        else:
            records.append(
                attendance_mark(
                    session=session,
                    participant=person,
                    status=status,
                    method=Method.ROLL_CALL,
                    by=by,
                    recorded_at=_seconds(start, 35 * index),
                )
            )
    # With QR check-in, the trainer marks those who did not come at the end.
    for index, (person, status) in enumerate(absent):
        records.append(
            attendance_mark(
                session=session,
                participant=person,
                status=status,
                method=Method.ROLL_CALL,
                by=by,
                recorded_at=_seconds(plan.ends_at, -15 * 60 + 20 * index),
            )
        )
    return records


def session_hold(plan: SessionPlan, *, association, by, device_base: int = 0) -> TrainingSession:
    """Schedule, register, mark and close one past session as ``plan`` says."""
    session = session_create(
        association=association,
        by=by,
        trainers=[by],
        kind=plan.kind,
        course=plan.course,
        title_ar=plan.title_ar,
        title_fr=plan.title_fr,
        audience="أعضاء الجمعيات والمواطنون",
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        mode=TrainingSession.Mode.ONLINE if plan.online_url else TrainingSession.Mode.IN_PERSON,
        venue_ar=plan.venue_ar,
        venue_fr=plan.venue_fr,
        province=plan.province,
        region=plan.region,
        online_url=plan.online_url,
        capacity=plan.capacity,
    )
    # Registration closes when a session starts, and these are seeded after: the seats are
    # written as they were taken, during the week before (``registration_create`` refuses a
    # past session).
    SessionRegistration.objects.bulk_create(
        SessionRegistration(
            session=session,
            learner=person,
            status=SessionRegistration.Status.CONFIRMED,
            registered_by=person,
            created_at=_seconds(plan.starts_at, -86400 * (2 + index % 6) - 3600 * (index % 9)),
        )
        for index, person in enumerate(plan.registered)
    )
    records = _mark_all(plan, session, by=by, device_base=device_base)
    last = max(r.recorded_at for r in records) if records else plan.ends_at
    for index, fields in enumerate(plan.walk_ins):
        walk_in_add(
            session=session,
            by=by,
            recorded_at=max(last, _seconds(plan.starts_at, 20 * 60))
            + datetime.timedelta(seconds=30 * (index + 1)),
            **fields,
        )
    if plan.correction:
        missed = next((r for r in records if r.status == Status.ABSENT), None)
        if missed is not None:
            attendance_correct(
                record=missed,
                status=Status.EXCUSED,
                reason=CORRECTION_REASON,
                by=by,
                recorded_at=max(last, _seconds(plan.ends_at, 26 * 3600)),
            )
    last = AttendanceRecord.objects.filter(session=session).order_by("-recorded_at").first()
    present = [
        r
        for r in AttendanceRecord.objects.current().filter(session=session)
        if r.status in ATTENDED
    ]
    members = {
        person.pk
        for person, status in zip(plan.registered, plan.statuses, strict=True)
        if status in ATTENDED
    }
    session_close(
        session=session,
        by=by,
        headcount=len(present),
        organisations_present=_member_associations(members)
        + [w["member_association"] for w in plan.walk_ins if w.get("member_association")],
        report=REPORTS[plan.kind],
        photos_consent=plan.photos,
        # At the end of the session, or once the last mark was in (a sheet typed in the next
        # morning, a late correction).
        closed_at=min(
            timezone.now(),
            max(plan.ends_at, last.recorded_at if last else plan.ends_at)
            + datetime.timedelta(minutes=10),
        ),
    )
    return session


def _member_associations(user_ids) -> list:
    from organisations.models import Membership, Organisation

    return list(
        Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER,
            memberships__user_id__in=user_ids,
            memberships__role=Membership.Role.MEMBER,
        ).distinct()
    )
