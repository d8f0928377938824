"""Attendance evidence: who was at a session, recorded append-only in a hash chain, the walk-ins
without an account, the signed sheet scans, and the report written when a session closes.

A funder releases money on these records, so they are never edited: a correction is a new
record that supersedes the old one, and each record's link (an HMAC-SHA-256 under an evidence
key that is not in the database, ``core.evidence_keys``) covers the previous record's link, so
a row changed behind the application's back breaks the chain and cannot be re-linked without
the key; a closed session's head is sealed (``ChainSeal``) so deleting its last records shows
(``attendance_chain_verify``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from core.evidence_keys import UnknownEvidenceKey, current_key_id, evidence_keys, evidence_mac
from core.storage import get_private_storage
from organisations.models import Organisation

from .sessions import TrainingSession

__all__ = [
    "AppendOnlyError",
    "AttendanceReceipt",
    "AttendanceRecord",
    "AttendanceSheetScan",
    "ChainSeal",
    "Participant",
    "SessionReport",
    "person_key",
]


class Participant(models.Model):
    """A walk-in without an account, recorded on the spot; an account may claim it later."""

    name_ar = models.CharField(_("name in Arabic script"), max_length=150, blank=True)
    name_latin = models.CharField(_("name in Latin script"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=User.Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    member_association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.MEMBER},
        verbose_name=_("member association"),
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_participations",
        verbose_name=_("claimed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("walk-in participant")
        verbose_name_plural = _("walk-in participants")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_ar="") | ~Q(name_latin=""), name="participant_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_ar or self.name_latin


class AttendanceSheetScan(models.Model):
    """The signed paper sheet, scanned and uploaded after the session."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="sheet_scans",
        verbose_name=_("session"),
    )
    file = models.FileField(
        _("file"), upload_to="attendance/sheets/%Y/%m/", storage=get_private_storage
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=50, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    # Flagged, not refused: the reviewer decides whether the same sheet twice is an honest slip.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("same file as"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attendance sheet scan")
        verbose_name_plural = _("attendance sheet scans")
        ordering = ["session", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.session} · {self.uploaded_at:%Y-%m-%d %H:%M}"


class AttendanceRecordQuerySet(AppendOnlyQuerySet):
    def current(self):
        """The latest record of each participant: the one no later record supersedes."""
        return self.filter(corrections__isnull=True)


class AttendanceRecord(AppendOnlyModel):
    """One mark: a correction is a new record that supersedes, never an edit."""

    append_only_message = _(
        "Attendance records are never changed or deleted: record a correction instead."
    )

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("Roll call")
        QR = "qr", _("QR code")
        CODE = "code", _("Typed code")
        SHEET = "sheet", _("Signed sheet")
        CORRECTION = "correction", _("Correction")

    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="attendance_records",
        verbose_name=_("session"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance_records",
        verbose_name=_("learner"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance_records",
        verbose_name=_("walk-in participant"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    # HMAC-SHA-256 of IP and user agent: tells devices apart without keeping an IP address.
    device_hash = models.CharField(_("device"), max_length=64, blank=True, db_index=True)
    # Every later record of a participant points at the one it replaces: a correction (with a
    # reason) or a change made in the room during the roll call.
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    reason = models.TextField(_("reason"), blank=True)
    sheet_scan = models.ForeignKey(
        AttendanceSheetScan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("sheet scan"),
    )
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    content_hash = models.CharField(_("hash"), max_length=64, unique=True)
    # The evidence key the link's HMAC was made with (core/evidence_keys.py); empty: a link
    # written before keyed chains, a plain SHA-256.
    key_id = models.CharField(_("evidence key"), max_length=20, blank=True, default="")

    objects = AttendanceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(learner__isnull=False) & Q(participant__isnull=True))
                | (Q(learner__isnull=True) & Q(participant__isnull=False)),
                name="attendance_one_participant",
            ),
            # Two appends racing past the lock would both claim the same previous record: the
            # database refuses the second, so the chain can never fork.
            models.UniqueConstraint(
                fields=["session", "previous_hash"], name="attendance_chain_no_fork"
            ),
            models.CheckConstraint(
                condition=~Q(method="correction") | (Q(supersedes__isnull=False) & ~Q(reason="")),
                name="attendance_correction_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["session", "learner"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.session} · {self.get_status_display()}"

    @property
    def person(self):
        return self.learner if self.learner_id else self.participant

    @property
    def person_key(self) -> str:
        return person_key(self.learner_id, self.participant_id)

    def canonical_content(self) -> str:
        """The fields the link covers, as stable JSON (ids, codes, UTC time to the microsecond),
        the key id included. A legacy link (``key_id`` empty) has the content it had before
        keyed chains, without a ``key_id`` member, so it still verifies."""
        recorded_at = self.recorded_at.astimezone(UTC) if self.recorded_at else None
        content = {
            "session": self.session_id,
            "learner": self.learner_id,
            "participant": self.participant_id,
            "status": self.status,
            "method": self.method,
            "recorded_by": self.recorded_by_id,
            "recorded_at": recorded_at.isoformat() if recorded_at else None,
            "device_hash": self.device_hash,
            "supersedes": self.supersedes_id,
            "reason": self.reason,
            "sheet_scan": self.sheet_scan_id,
            "previous_hash": self.previous_hash,
        }
        if self.key_id:
            content["key_id"] = self.key_id
        return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def compute_hash(self, *, keys: dict[str, bytes] | None = None) -> str:
        """The link: HMAC-SHA-256 of the canonical content under the record's evidence key, or
        a plain SHA-256 for a legacy link (``key_id`` empty). ``keys`` (``evidence_keys()``,
        read once by a caller checking many links) saves reading the settings per link.
        Raises ``core.evidence_keys.UnknownEvidenceKey`` for a key this deployment lacks."""
        data = self.canonical_content().encode()
        if not self.key_id:
            return hashlib.sha256(data).hexdigest()
        key = (keys if keys is not None else evidence_keys()).get(self.key_id)
        if key is None:
            raise UnknownEvidenceKey(self.key_id)
        return hmac.new(key, data, hashlib.sha256).hexdigest()

    def link(self, *, previous_hash: str, key_id: str | None = None) -> str:
        """Make this (unsaved) record the next link after ``previous_hash``: under ``key_id``
        (default the current evidence key), with its ``content_hash``; returns the hash."""
        self.previous_hash = previous_hash or ""
        self.key_id = key_id if key_id is not None else current_key_id()
        self.content_hash = self.compute_hash()
        return self.content_hash


def person_key(learner_id: int | None, participant_id: int | None) -> str:
    """One string naming a learner (``u12``) or a walk-in (``p7``): rows, forms and exports."""
    return f"u{learner_id}" if learner_id else f"p{participant_id}"


class ChainSeal(AppendOnlyModel):
    """The head of a session's chain, sealed: when the session closes, and again after each
    record added once it was closed (a correction). Its ``mac`` is keyed like the links, so a
    seal cannot be forged without the evidence key; the latest seal names the head a complete
    chain must end on, so deleting the last records (a late correction) shows."""

    append_only_message = _("A chain seal cannot be changed or deleted.")

    class Reason(models.TextChoices):
        CLOSED = "closed", _("Session closed")
        APPENDED = "appended", _("Record added after closing")

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="chain_seals",
        verbose_name=_("session"),
    )
    head = models.CharField(_("chain head"), max_length=64, blank=True)
    records = models.PositiveIntegerField(_("records in the chain"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    key_id = models.CharField(_("evidence key"), max_length=20)
    mac = models.CharField(_("seal"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("chain seal")
        verbose_name_plural = _("chain seals")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return f"{self.session} · {self.records} · {self.head[:12]}"

    def canonical_text(self) -> str:
        """What the seal's mac covers: ``session:head:records:sealed_at`` (UTC, ISO 8601)."""
        sealed_at = self.sealed_at.astimezone(UTC).isoformat()
        return f"{self.session_id}:{self.head}:{self.records}:{sealed_at}"

    def compute_mac(self, *, keys: dict[str, bytes] | None = None) -> str:
        """HMAC-SHA-256 of ``canonical_text()`` under the seal's key (``UnknownEvidenceKey`` if
        this deployment lacks it); ``keys`` as for ``AttendanceRecord.compute_hash``."""
        data = self.canonical_text().encode()
        if keys is None:
            return evidence_mac(self.key_id, data)
        key = keys.get(self.key_id)
        if key is None:
            raise UnknownEvidenceKey(self.key_id)
        return hmac.new(key, data, hashlib.sha256).hexdigest()

    def sign(self, *, key_id: str | None = None) -> str:
        """Set the seal's key (default the current evidence key) and its mac; returns the mac."""
        self.key_id = key_id if key_id is not None else current_key_id()
        self.mac = self.compute_mac()
        return self.mac


class SessionReport(models.Model):
    """Written when the trainer closes a session: what happened, in their words and numbers."""

    session = models.OneToOneField(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="report",
        verbose_name=_("session"),
    )
    headcount = models.PositiveIntegerField(_("headcount"))
    organisations_present = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("organisations present"),
    )
    report = models.TextField(_("short report"), max_length=4000)
    photos_consent = models.BooleanField(_("participants consented to photos"), default=False)
    # The chain's last hash when the session closed: truncating the chain later shows.
    chain_head = models.CharField(_("chain head at closing"), max_length=64, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")

    def __str__(self) -> str:
        return str(self.session)


class AttendanceReceipt(models.Model):
    """What the server answered to one mark sent from a phone's offline queue (a roll-call tap
    or a learner's scanned check-in), kept under the device's idempotency key: sending the same
    mark again returns this answer and never appends twice.

    The phone's clock says when the mark was taken (``device_marked_at``) and when it was sent
    (``device_sent_at``); the server's receipt time is ``received_at``, the time the record
    carries. The gap between the phone's clock and the server's (``clock_skew_seconds``) is
    kept beside the record and flagged when large, never used to change it. The hash chain is
    not touched: a receipt points at the record it produced."""

    class Kind(models.TextChoices):
        MARK = "mark", _("Roll-call mark")
        CHECK_IN = "check_in", _("Check-in")

    class Outcome(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        UNCHANGED = "unchanged", _("Already recorded")
        REFUSED = "refused", _("Refused")

    key = models.CharField(_("idempotency key"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("sent by"),
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    person = models.CharField(_("person"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, blank=True)
    record = models.ForeignKey(
        AttendanceRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("record"),
    )
    device_marked_at = models.DateTimeField(_("marked at (device clock)"), null=True, blank=True)
    device_sent_at = models.DateTimeField(_("sent at (device clock)"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    clock_skew_seconds = models.IntegerField(_("device clock gap (seconds)"), default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    code = models.CharField(_("reason code"), max_length=40, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("offline mark receipt")
        verbose_name_plural = _("offline mark receipts")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["submitted_by", "key"], name="receipt_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} · {self.outcome}"
