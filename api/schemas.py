"""What the API answers, with stable machine field names: dates in ISO 8601, amounts as
decimal strings beside their currency, shares as decimal strings between 0 and 1."""

import datetime
from typing import Any

from ninja import Field, Schema

DECIMAL = r"^-?\d+(\.\d+)?$"


class Problem(Schema):
    """An error (RFC 9457, ``application/problem+json``)."""

    type: str = Field(examples=["urn:tamkeen:problem:scope_missing"])
    title: str = Field(examples=["Forbidden"])
    status: int = Field(examples=[403])
    detail: str = Field(
        description="In the language of the request (Accept-Language: ar, fr, en).",
        examples=["This token does not have the scope evidence:read."],
    )
    code: str = Field(description="Stable machine code of the problem.", examples=["scope_missing"])
    instance: str = Field(examples=["/api/v1/agreements"])
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="For a 400: what was wrong with which input."
    )


class Money(Schema):
    amount: str = Field(pattern=DECIMAL, examples=["100000.00"])
    currency: str = Field(examples=["MAD"])


class Organisation(Schema):
    id: int
    name_ar: str = Field(examples=["جمعية المثال"])
    name_fr: str = Field(examples=["Association Exemple"])
    region: str | None = Field(
        description="Code of the region of its seat.", examples=["MA-01"], default=None
    )


class Programme(Schema):
    id: int = Field(examples=[1])
    funder: Organisation
    field: str = Field(examples=["digital"])
    title_ar: str
    title_fr: str = Field(examples=["Accès des associations au numérique"])
    year: int = Field(examples=[2023])
    starts_on: datetime.date | None = Field(examples=["2024-01-01"])
    ends_on: datetime.date | None = Field(examples=["2026-12-31"])
    beneficiary_rule: str = Field(examples=["attended_session"])
    min_target_share: str = Field(pattern=DECIMAL, examples=["0.50"])
    agreements: int = Field(description="Number of agreements.", examples=[45])
    amount: Money = Field(description="Sum of its agreements' amounts.")


class Tranche(Schema):
    id: int = Field(examples=[12], description="Used to record its payment.")
    number: int = Field(examples=[2])
    share: str = Field(pattern=DECIMAL, description="Percent of the agreement.", examples=["50"])
    amount: Money
    trigger: str = Field(description="signature or verified", examples=["verified"])
    status: str = Field(
        description=(
            "planned, payable, requested, under_review, changes_requested, approved, cleared, "
            "paid or rejected"
        ),
        examples=["cleared"],
    )
    period_starts_on: datetime.date | None = None
    period_ends_on: datetime.date | None = None
    report_due_on: datetime.date | None = None
    paid_on: datetime.date | None = Field(default=None, examples=["2026-11-30"])
    payment_reference: str = Field(examples=["VIR-2026-0042"])


class Targets(Schema):
    sessions: int
    beneficiaries: int
    member_associations: int
    certificates: int
    women_share: str = Field(pattern=DECIMAL, examples=["0.40"])
    regions: list[str] = Field(examples=[["MA-01"]])
    provinces: list[str]


class Agreement(Schema):
    id: int
    reference: str = Field(examples=["DIG-2023-001"])
    programme_id: int
    association: Organisation
    project_title_ar: str
    project_title_fr: str
    signed_on: datetime.date = Field(examples=["2023-12-19"])
    starts_on: datetime.date
    ends_on: datetime.date
    amount: Money
    version: int = Field(description="Number of the amendment in force (0: as signed).")
    targets: Targets
    tranches: list[Tranche]


class AgreementPage(Schema):
    items: list[Agreement]
    next_cursor: str | None = Field(
        description="Pass it as `cursor` for the next page; null on the last page."
    )


class Progress(Schema):
    target: int
    achieved: int
    share: str | None = Field(pattern=DECIMAL, description="achieved / target", default=None)
    reached: bool


class Readiness(Schema):
    reached: int = Field(description="Targets reached by the programme's rule.")
    targets: int


class Attendance(Schema):
    expected: int
    attended: int
    rate: str | None = Field(default=None, pattern=DECIMAL)


class Place(Schema):
    code: str
    name_ar: str
    name_fr: str
    sessions: int
    beneficiaries: int


class Figures(Schema):
    sessions: int
    beneficiaries: int
    member_associations: int
    certificates: int | None
    completions: int
    attendance: Attendance
    learning_gain: dict[str, Any] | None = None
    women_share: str | None = Field(default=None, pattern=DECIMAL)
    by_gender: dict[str, int]
    by_age_band: dict[str, int]
    by_theme: dict[str, int]
    by_region: list[Place]
    by_province: list[Place]
    regions: list[str]
    provinces: list[str]


class Condition(Schema):
    code: str = Field(examples=["narrative_complete"])
    label: str
    met: bool
    blocking: bool
    detail: str


class Evidence(Schema):
    agreement: str = Field(examples=["DIG-2023-001"])
    computed_at: datetime.datetime
    figures: Figures
    progress: dict[str, Progress]
    readiness: Readiness
    current_tranche: int | None = Field(
        description="Number of the tranche the evidence releases now (null: all paid)."
    )
    conditions: list[Condition] = Field(
        description="Each condition for requesting the current tranche, met or not."
    )


class SessionFigures(Schema):
    expected: int
    attended: int
    excused: int
    registered: int
    walk_ins: int
    rate: str | None = Field(default=None, pattern=DECIMAL)


class Session(Schema):
    id: int
    title: str = Field(
        description=(
            "In the language of the request (Accept-Language), else in the other one when the "
            "session has its title in one language only."
        )
    )
    title_ar: str = Field(description="Empty when the session has no Arabic title.")
    title_fr: str = Field(
        description="Empty when the session has no French title.",
        examples=["Atelier : sécuriser les comptes de l'association"],
    )
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    kind: str
    theme: str
    mode: str
    region: str | None
    province: str | None
    figures: SessionFigures


class SessionList(Schema):
    items: list[Session]


class Beneficiary(Schema):
    pseudonym: str
    name: str = Field(description="Empty unless the acting person may see names.")
    session_id: int
    gender: str
    age_band: str


class BeneficiaryList(Schema):
    items: list[Beneficiary]


class Totals(Schema):
    agreements: int
    amount: Money
    sessions: int
    beneficiaries: int
    member_associations: int
    certificates: int
    completions: int
    women_share: int | None = Field(description="Percent.")
    attendance_rate: int | None = Field(description="Percent.")
    ready: int


class Bar(Schema):
    key: str
    label: str
    value: int
    percent: int


class Portfolio(Schema):
    programme_id: int
    filters: dict[str, str]
    totals: Totals
    regions: list[Bar]
    themes: list[Bar]
    statuses: list[Bar]
    gender: list[Bar]


class PaymentIn(Schema):
    paid_on: datetime.date = Field(examples=["2026-12-01"])
    reference: str = Field(min_length=1, max_length=100, examples=["VIR-2026-0042"])


class Verification(Schema):
    code: str
    status: str = Field(examples=["valid"])
    expired: bool
    valid_until: str | None
    issued_on: str
    first_awarded_at: str
    course: str
    course_titles: dict[str, str]
    hours: str = Field(pattern=DECIMAL)
    association_name_ar: str
    association_name_fr: str
    funder_name_ar: str
    funder_name_fr: str
    revoked_on: str | None
    revoked_reason: str | None
    pdf_sha256: str | None


class Delivery(Schema):
    id: int
    event_id: str
    event: str = Field(examples=["tranche.paid"])
    url: str
    status: str = Field(description="pending, retrying, delivered or failed")
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: datetime.datetime
    last_attempt_at: datetime.datetime | None
    delivered_at: datetime.datetime | None


class DeliveryPage(Schema):
    items: list[Delivery]
    next_cursor: str | None
