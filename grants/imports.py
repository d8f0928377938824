"""Reading a file of agreements (CSV or XLSX, one row an agreement) and checking it row by row.

Nothing here writes: the officer sees the report first (every row, its problems or what it
will create), and ``services.imports.agreements_import`` writes all rows together once they
confirm. The columns are documented in docs/agreements-import.md.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisations.models import Organisation, Province, Region

from .models import TARGETS, Agreement, validate_rib
from .services.programmes import agreement_terms_check

MAX_ROWS = 2000
MAX_CELL_CHARS = 1000
MAX_COLUMNS = 60
MAX_AMOUNT = Decimal("9999999999.99")  # Agreement.amount: 12 digits, 2 after the point

REQUIRED = [
    "reference",
    "association_registration_number",
    "project_title_ar",
    "project_title_fr",
    "signed_on",
    "starts_on",
    "ends_on",
    "amount_mad",
]
OPTIONAL = [
    "association_name_ar",
    "association_name_fr",
    "region",
    "province",
    "target_sessions",
    "target_beneficiaries",
    "target_member_associations",
    "target_certificates",
    "target_women_share",
    "bank_name",
    "rib",
]
COLUMNS = [
    "reference",
    "association_registration_number",
    "association_name_ar",
    "association_name_fr",
    "region",
    "province",
    "project_title_ar",
    "project_title_fr",
    "signed_on",
    "starts_on",
    "ends_on",
    "amount_mad",
    "target_sessions",
    "target_beneficiaries",
    "target_member_associations",
    "target_certificates",
    "target_women_share",
    "bank_name",
    "rib",
]
if set(COLUMNS) != set(REQUIRED) | set(OPTIONAL):  # a column added to one list only
    raise ImportError("grants.imports: COLUMNS must be REQUIRED and OPTIONAL together")

# The example row of the template (docs/agreements-import-template.csv and the page's download).
TEMPLATE_EXAMPLE = {
    "reference": "2025-DG-001",
    "association_registration_number": "RC-12345",
    "association_name_ar": "جمعية المثال للتنمية",
    "association_name_fr": "Association Exemple pour le développement",
    "region": "Rabat-Salé-Kénitra",
    "province": "Rabat",
    "project_title_ar": "تقوية قدرات الجمعيات في الرقمنة",
    "project_title_fr": "Renforcement des capacités numériques des associations",
    "signed_on": "2025-01-15",
    "starts_on": "2025-02-01",
    "ends_on": "2026-01-31",
    "amount_mad": "150 000,00",
    "target_sessions": "10",
    "target_beneficiaries": "200",
    "target_member_associations": "5",
    "target_certificates": "100",
    "target_women_share": "40",
    "bank_name": "Banque Populaire",
    "rib": "181000000001234567890118",
}


class Status:
    CREATE = "create"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class ImportRow:
    line: int
    reference: str
    association_label: str
    status: str = Status.CREATE
    problems: list[str] = field(default_factory=list)
    association: Organisation | None = None
    new_association: dict | None = None  # organisation_create's arguments
    agreement: dict = field(default_factory=dict)  # agreement_create's arguments
    region: Region | None = None
    province: Province | None = None

    @property
    def ok(self) -> bool:
        return self.status != Status.ERROR


@dataclass
class ImportReport:
    rows: list[ImportRow]

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.status == Status.ERROR]

    @property
    def to_create(self) -> list[ImportRow]:
        return [row for row in self.rows if row.status == Status.CREATE]

    @property
    def unchanged(self) -> list[ImportRow]:
        return [row for row in self.rows if row.status == Status.UNCHANGED]

    @property
    def associations_to_create(self) -> int:
        return len(
            {
                row.new_association["registration_number"]
                for row in self.to_create
                if row.new_association
            }
        )

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


# --- Reading the file -------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _too_long(line: int) -> ValidationError:
    return ValidationError(
        _("Line %(line)d is too long for a row of agreement.") % {"line": line},
        code="line_too_long",
    )


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    rows = []
    try:
        # openpyxl parses with defusedxml (installed): no entity expansion, no external DTD.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values[:MAX_COLUMNS]]
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise _too_long(number)
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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            # utf-8-sig drops the byte-order mark Excel writes in front of "CSV UTF-8" files.
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise ValidationError(
        _("This file is not in UTF-8. In Excel, save it as “CSV UTF-8”."), code="encoding"
    )


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data).lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    # French Excel separates with ";" (the comma is its decimal mark).
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for values in reader:
            if len(values) > MAX_COLUMNS or any(len(v) > MAX_CELL_CHARS for v in values):
                raise _too_long(reader.line_num)
            rows.append((reader.line_num, [value.strip() for value in values]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise ValidationError(
            _("This CSV file is malformed near line %(line)d.") % {"line": reader.line_num},
            code="bad_csv",
        ) from error
    return rows


def read_table(data: bytes, content_type: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: text}) for each non-empty row below the header. ``content_type`` is
    what the upload gate read from the content (``core.uploads.check_upload``)."""
    raw = _xlsx_rows(data) if content_type.endswith("spreadsheetml.sheet") else _csv_rows(data)
    raw = [(line, values) for line, values in raw if any(values)]
    if not raw:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(raw) > MAX_ROWS + 1:
        raise ValidationError(
            _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS},
            code="too_many_rows",
        )
    header = [value.strip().lstrip("\ufeff").lower().replace(" ", "_") for value in raw[0][1]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValidationError(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)},
            code="columns_missing",
        )
    index = {name: header.index(name) for name in COLUMNS if name in header}
    table = []
    for line, values in raw[1:]:
        table.append(
            (
                line,
                {name: (values[i].strip() if i < len(values) else "") for name, i in index.items()},
            )
        )
    if not table:
        raise ValidationError(_("The file has no agreement below its header."), code="empty")
    return table


# --- Reading the values -----------------------------------------------------------------------


def parse_date(text: str) -> datetime.date:
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(text: str) -> Decimal:
    """150000 · 150 000,00 · 150000.00 · 150.000,00 · 150,000.00 (a space, a non-breaking space
    or an apostrophe groups the thousands; the last "," or "." marks the decimals)."""
    text = re.sub(r"(?i)\s*(mad|dh|dhs)$", "", (text or "").strip())
    text = _SPACES.sub("", text)
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        parts = text.split(",")
        # 150,000 and 1,500,000 group thousands; 150,5 and 150,50 are decimals.
        text = text.replace(",", "") if len(parts) > 2 or len(parts[-1]) == 3 else ".".join(parts)
    elif text.count(".") > 1:
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(text)
    return Decimal(text)


def parse_count(text: str) -> int:
    text = (text or "").strip() or "0"
    if not re.fullmatch(r"\d+", text):
        raise ValueError(text)
    return int(text)


def parse_percent(text: str) -> Decimal:
    """A share of women in percent (40 or 40%), stored as 0.40."""
    text = (text or "").strip().removesuffix("%").strip().replace(",", ".") or "0"
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or value < 0 or value > 100 or value != value.quantize(1):
        raise ValueError(text)
    return (value / 100).quantize(Decimal("0.01"))


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\s\-'’_]+", " ", text).strip()


class Territories:
    """Regions and provinces found by code or by name in Arabic or French."""

    def __init__(self):
        self.regions = {}
        for region in Region.objects.all():
            for key in (region.code, region.code.lstrip("0"), region.name_fr, region.name_ar):
                self.regions[_folded(key)] = region
        self.provinces = {}
        for province in Province.objects.select_related("region"):
            for key in (province.code, province.name_fr, province.name_ar):
                self.provinces.setdefault(_folded(key), []).append(province)

    def region(self, text: str) -> Region | None:
        return self.regions.get(_folded(text))

    def province(self, text: str, region: Region | None) -> Province | None:
        found = self.provinces.get(_folded(text), [])
        if region is not None:
            found = [p for p in found if p.region_id == region.pk] or found
        return found[0] if found else None


# --- Checking the rows ------------------------------------------------------------------------


def signed_terms(agreement: Agreement) -> dict:
    """The amount, dates and targets as signed (before any amendment)."""
    first = agreement.amendments.order_by("number").first()
    if first is not None:
        before = first.values_before
        return {
            "amount": Decimal(before["amount"]),
            "starts_on": datetime.date.fromisoformat(before["starts_on"]),
            "ends_on": datetime.date.fromisoformat(before["ends_on"]),
            "targets": {key: int(v) for key, v in before["targets"].items()},
        }
    return {
        "amount": agreement.amount,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "targets": agreement.targets(),
    }


COLUMN_LABELS = {
    "programme": "programme",
    "association": "association_registration_number",
    "project_title_ar": "project_title_ar",
    "project_title_fr": "project_title_fr",
    "signed_on": "signed_on",
    "amount": "amount_mad",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "targets": "target_*",
    "target_women_share": "target_women_share",
    "bank_name": "bank_name",
    "rib": "rib",
}


def _differences(existing: Agreement, row: ImportRow, given: dict) -> list[str]:
    values = row.agreement
    terms = signed_terms(existing)
    different = []
    if existing.programme_id != values["programme"].pk:
        different.append("programme")
    if existing.association.registration_number != given["association_registration_number"]:
        different.append("association")
    for name in ("project_title_ar", "project_title_fr", "signed_on"):
        if getattr(existing, name) != values[name]:
            different.append(name)
    for name in ("amount", "starts_on", "ends_on"):
        if terms[name] != values[name]:
            different.append(name)
    if terms["targets"] != values["targets"]:
        different.append("targets")
    if existing.target_women_share != values["target_women_share"]:
        different.append("target_women_share")
    for name in ("bank_name", "rib"):
        if given.get(name) and getattr(existing, name) != values[name]:
            different.append(name)
    return [COLUMN_LABELS[name] for name in different]


def _row(line: int, given: dict, *, programme, territories, seen: dict, pending: dict):
    reference = given.get("reference", "")
    registration = given.get("association_registration_number", "")
    label = given.get("association_name_fr") or given.get("association_name_ar") or registration
    row = ImportRow(line=line, reference=reference, association_label=label)
    problems = row.problems

    def need(name, limit):
        value = given.get(name, "")
        if not value:
            problems.append(_("The column %(column)s is empty.") % {"column": name})
        elif len(value) > limit:
            problems.append(
                _("The column %(column)s is longer than %(max)d characters.")
                % {"column": name, "max": limit}
            )
        return value

    need("reference", 50)
    if reference and reference.casefold() in seen:
        problems.append(
            _("The reference %(reference)s is already on line %(line)d of this file.")
            % {"reference": reference, "line": seen[reference.casefold()]}
        )
    elif reference:
        seen[reference.casefold()] = line
    need("association_registration_number", 50)
    titles = {name: need(name, 255) for name in ("project_title_ar", "project_title_fr")}

    dates = {}
    for name in ("signed_on", "starts_on", "ends_on"):
        text = given.get(name, "")
        try:
            dates[name] = parse_date(text)
        except ValueError:
            problems.append(
                _("%(column)s: “%(value)s” is not a date (write 2024-01-15 or 15/01/2024).")
                % {"column": name, "value": text[:40]}
            )
    amount = None
    try:
        amount = parse_amount(given.get("amount_mad", ""))
        if amount <= 0:
            problems.append(_("amount_mad: the amount must be a positive amount in MAD."))
            amount = None
        elif amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
            problems.append(_("amount_mad: this is not an amount in MAD to the centime."))
            amount = None
    except (ValueError, InvalidOperation):
        problems.append(
            _("amount_mad: “%(value)s” is not an amount in MAD.")
            % {"value": given.get("amount_mad", "")[:40]}
        )
    targets = {}
    for key, _label in TARGETS:
        name = f"target_{key}"
        try:
            targets[key] = parse_count(given.get(name, ""))
        except ValueError:
            problems.append(
                _("%(column)s: “%(value)s” is not a whole number.")
                % {"column": name, "value": given.get(name, "")[:40]}
            )
    women = Decimal("0")
    try:
        women = parse_percent(given.get("target_women_share", ""))
    except ValueError:
        problems.append(
            _("target_women_share: “%(value)s” is not a whole percent from 0 to 100.")
            % {"value": given.get("target_women_share", "")[:40]}
        )
    bank_name = given.get("bank_name", "")
    if len(bank_name) > 100:
        problems.append(_("bank_name is longer than 100 characters."))
    rib = re.sub(r"[\s\-]", "", given.get("rib", ""))
    if rib:
        try:
            validate_rib(rib)
        except ValidationError as error:
            problems.extend(f"rib: {message}" for message in error.messages)

    region_text, province_text = given.get("region", ""), given.get("province", "")
    if region_text:
        row.region = territories.region(region_text)
        if row.region is None:
            problems.append(_("Unknown region: “%(value)s”.") % {"value": region_text[:60]})
    if province_text:
        row.province = territories.province(province_text, row.region)
        if row.province is None:
            problems.append(_("Unknown province: “%(value)s”.") % {"value": province_text[:60]})
        elif row.region is not None and row.province.region_id != row.region.pk:
            problems.append(
                _("The province “%(province)s” is not in the region “%(region)s”.")
                % {"province": province_text[:60], "region": region_text[:60]}
            )
        elif row.region is None and not region_text:
            row.region = row.province.region

    if registration:
        association = Organisation.objects.filter(registration_number=registration).first()
        if association is not None and association.kind != Organisation.Kind.TRAINER:
            problems.append(
                _("The registration number %(number)s is not a trainer association's.")
                % {"number": registration}
            )
        elif association is not None:
            row.association = association
            row.association_label = str(association)
        else:
            names = {
                "name_ar": given.get("association_name_ar", ""),
                "name_fr": given.get("association_name_fr", ""),
            }
            if not (names["name_ar"] and names["name_fr"]):
                problems.append(
                    _(
                        "No association has the registration number %(number)s: give its "
                        "names in Arabic and French to create it."
                    )
                    % {"number": registration}
                )
            elif any(len(name) > 200 for name in names.values()):
                problems.append(_("An association's name has at most 200 characters."))
            if row.province is None and not province_text:
                problems.append(_("A new association needs its province (column province)."))
            new = {
                "registration_number": registration,
                **names,
                "region": row.region,
                "province": row.province,
            }
            earlier = pending.get(registration)
            if earlier is not None and (
                earlier["name_ar"],
                earlier["name_fr"],
                earlier["province"],
            ) != (new["name_ar"], new["name_fr"], new["province"]):
                problems.append(
                    _("The association %(number)s is described differently on another line.")
                    % {"number": registration}
                )
            pending.setdefault(registration, new)
            row.new_association = new

    if amount is not None and len(dates) == 3:
        try:
            agreement_terms_check(
                programme=programme,
                amount=amount,
                starts_on=dates["starts_on"],
                ends_on=dates["ends_on"],
            )
        except ValidationError as error:
            problems.extend(error.messages)

    row.agreement = {
        "programme": programme,
        "reference": reference,
        **titles,
        **dates,
        "amount": amount,
        "targets": targets,
        "target_women_share": women,
        "bank_name": bank_name,
        "rib": rib,
    }
    if reference and not problems:
        existing = (
            Agreement.objects.filter(reference__iexact=reference)
            .select_related("association")
            .first()
        )
        if existing is not None:
            different = _differences(existing, row, given)
            if different:
                problems.append(
                    _(
                        "An agreement with the reference %(reference)s already exists with "
                        "other values (%(columns)s)."
                    )
                    % {"reference": existing.reference, "columns": ", ".join(different)}
                )
            else:
                row.status = Status.UNCHANGED
                row.new_association = None
    if problems:
        row.status = Status.ERROR
    return row


def check_rows(*, programme, table: list[tuple[int, dict]]) -> ImportReport:
    """What importing each row would do, or what is wrong with it."""
    territories = Territories()
    seen, pending = {}, {}
    rows = [
        _row(line, given, programme=programme, territories=territories, seen=seen, pending=pending)
        for line, given in table
    ]
    return ImportReport(rows=rows)
