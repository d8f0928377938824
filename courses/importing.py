"""Reading a coordinator's list of people (CSV or XLSX) and checking it row by row.

Nothing here writes: the report is shown first, and ``services.enrollment_import`` imports the
valid rows once the coordinator confirms.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts import email_checks
from accounts.models import User
from core.uploads import check_zip, read_all
from organisations.models import Membership

from .models import Enrollment

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL_CHARS = 1000
MAX_COLUMNS = 50
MAX_NAME_CHARS = 200  # PendingEnrollment.full_name
MAX_EMAIL_CHARS = 254

# Header words people actually write, in the three languages, lower-cased.
EMAIL_HEADERS = {"email", "e-mail", "mail", "courriel", "adresse e-mail", "adresse email"}
EMAIL_HEADERS |= {"البريد الإلكتروني", "البريد الالكتروني", "البريد", "الإيميل"}
NAME_HEADERS = {"name", "full name", "nom", "nom complet", "prénom et nom", "nom et prénom"}
NAME_HEADERS |= {"الاسم", "الاسم الكامل", "الإسم", "الاسم و النسب", "الاسم والنسب"}


@dataclass
class Row:
    line: int
    name: str
    email: str


class RowStatus(StrEnum):
    ENROLL = "enroll"  # a member of the association: enrolled at once
    INVITE = "invite"  # no member account: invited, enrolled when they join
    ERROR = "error"


@dataclass
class ReportRow:
    line: int
    name: str
    email: str
    status: RowStatus
    problems: list = field(default_factory=list)
    user: User | None = None

    @property
    def ok(self) -> bool:
        return self.status != RowStatus.ERROR


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    rows = []
    try:
        # openpyxl parses with defusedxml (installed): no entity expansion, no external DTD.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = values[:MAX_COLUMNS]
            cells = ["" if v is None else str(v).strip() for v in values]
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise ValidationError(
                    _("Line %(line)d is far too long for a name and an e-mail address.")
                    % {"line": number},
                    code="line_too_long",
                )
            rows.append((number, cells))
            if number > MAX_ROWS + 1:
                break
        workbook.close()
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("This spreadsheet cannot be read."), code="bad_xlsx") from error
    return rows


def _decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's byte-order mark), or UTF-16 with its byte-order mark
    (Excel's "Unicode text"). Anything else is refused with a clear message rather than
    guessed: Latin-1 and Windows-1256 read each other's bytes without error, and a guess
    would invite people under garbled names."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("This file is not in UTF-8. In Excel, save it as “CSV UTF-8”."), code="encoding"
            ) from error
    else:
        if b"\x00" in data:
            raise ValidationError(
                _("This file is neither a CSV file nor an XLSX file."), code="type"
            )
        try:
            # utf-8-sig drops the byte-order mark Excel writes in front of "CSV UTF-8" files.
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("This file is not in UTF-8. In Excel, save it as “CSV UTF-8”."), code="encoding"
            ) from error
    if "\x00" in text:
        raise ValidationError(_("This file is neither a CSV file nor an XLSX file."), code="type")
    return text


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # French Excel separates with ";" (the comma is its decimal mark).
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for values in reader:
            if any(len(value) > MAX_CELL_CHARS for value in values) or len(values) > MAX_COLUMNS:
                raise ValidationError(
                    _("Line %(line)d is far too long for a name and an e-mail address.")
                    % {"line": reader.line_num},
                    code="line_too_long",
                )
            rows.append((reader.line_num, [value.strip() for value in values]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise ValidationError(
            _("This CSV file is malformed near line %(line)d.") % {"line": reader.line_num},
            code="bad_csv",
        ) from error
    return rows


def parse_people_file(uploaded) -> list[Row]:
    """Rows of (line, name, e-mail) from an uploaded CSV or XLSX file, checked by content."""
    if uploaded.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."), code="too_large")
    data = read_all(uploaded, MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."), code="too_large")
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if data.startswith(b"PK"):
        # A zip archive: only a real workbook will do (not a .docx or a renamed archive), and
        # only one that does not unpack into gigabytes (checked before openpyxl opens it).
        check_zip(data)
        raw = _xlsx_rows(data)
    else:
        raw = _csv_rows(data)
    raw = [(line, values) for line, values in raw if any(values)]
    if len(raw) > MAX_ROWS + 1:
        raise ValidationError(
            _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS},
            code="too_many_rows",
        )
    if not raw:
        raise ValidationError(_("The file is empty."), code="empty")
    name_col, email_col = None, None
    header = [value.lower() for value in raw[0][1]]
    for index, value in enumerate(header):
        if value in EMAIL_HEADERS and email_col is None:
            email_col = index
        elif value in NAME_HEADERS and name_col is None:
            name_col = index
    if email_col is not None:
        raw = raw[1:]
    else:
        # No header: the e-mail is the column with an "@" in the first row, the name the other.
        first = raw[0][1]
        email_col = next((i for i, value in enumerate(first) if "@" in value), len(first) - 1)
    if name_col is None:
        name_col = next((i for i in range(len(raw[0][1]) if raw else 0) if i != email_col), None)

    def cell(values, index):
        return values[index] if index is not None and index < len(values) else ""

    return [
        Row(line=line, name=cell(values, name_col), email=cell(values, email_col))
        for line, values in raw
    ]


def validate_rows(*, organisation, course, rows: list[Row]) -> list[ReportRow]:
    """Check each row against the file and the database; says what importing it would do."""
    seen: dict[str, int] = {}
    emails = {row.email.strip().lower() for row in rows if row.email}
    users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
    member_ids = set(
        Membership.objects.filter(
            organisation=organisation,
            role__in=[Membership.Role.MEMBER, Membership.Role.ADMIN],
            user__in=users.values(),
        ).values_list("user_id", flat=True)
    )
    enrolled_ids = set(
        Enrollment.objects.filter(course=course, learner__in=users.values())
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .values_list("learner_id", flat=True)
    )
    lookalikes = email_checks.problems(emails)
    seen_skeletons: dict[str, int] = {}
    report = []
    for row in rows:
        email = row.email.strip().lower()
        item = ReportRow(line=row.line, name=row.name.strip(), email=email, status=RowStatus.ERROR)
        if len(item.name) > MAX_NAME_CHARS:
            item.problems.append(
                _("The name is longer than %(max)d characters.") % {"max": MAX_NAME_CHARS}
            )
        if any(unicodedata.category(char) == "Cc" for char in item.name + email):
            item.problems.append(_("The name or address contains control characters."))
        if not email:
            item.problems.append(_("The e-mail address is missing."))
        elif len(email) > MAX_EMAIL_CHARS:
            item.problems.append(_("This e-mail address is not valid."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                item.problems.append(_("This e-mail address is not valid."))
        if not item.problems and email in lookalikes:
            item.problems.extend(lookalikes[email].messages)
        skeleton = email_checks.skeletons(email)[0] if email else ""
        if email and email in seen:
            item.problems.append(
                _("This e-mail address is already on line %(line)d.") % {"line": seen[email]}
            )
        elif email and skeleton in seen_skeletons:
            item.problems.append(
                _("This e-mail address looks like the one on line %(line)d.")
                % {"line": seen_skeletons[skeleton]}
            )
        elif email:
            seen[email] = row.line
            if not item.problems:
                seen_skeletons[skeleton] = row.line
        user = users.get(email)
        if user and user.pk in enrolled_ids:
            item.problems.append(_("Already enrolled in this course."))
        if not item.problems:
            if user and user.pk in member_ids:
                item.status, item.user = RowStatus.ENROLL, user
            else:
                item.status = RowStatus.INVITE
        report.append(item)
    return report
