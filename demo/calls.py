"""The 2026 call for proposals (digitalization), open, with drafts, submitted applications,
screening done for some, and a committee of three whose scores are in progress.

Built through the calls services; run again, it changes nothing (the call is found by its
French title). Its dates follow the day of the first seeding: open since two weeks, closing in
five.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from accounts.services import user_create
from calls import services
from calls.models import Call, CommitteeMember, Question
from grants.models import Programme
from grants.services import programme_create
from organisations.models import Membership

from .organisations import signup_consents, staff_account

TITLE_FR = "Appel à projets 2026 : accès des associations à la digitalisation"
TITLE_AR = "طلب مشاريع 2026: ولوج الجمعيات إلى الرقمنة"
TEXT_AR = (
    "تعلن الوزارة عن طلب مشاريع موجه إلى الجمعيات العاملة في مجال الرقمنة. تدرس لجنة تضم ممثلي "
    "القطاعات الحكومية المعنية وممثلي الوزارة الطلبات في احترام تام لمبادئ المساواة وعدم التمييز "
    "وتكافؤ الفرص بين جميع الجمعيات المشاركة."
)
TEXT_FR = (
    "Le ministère lance un appel à projets aux associations actives dans la digitalisation. Un "
    "comité réunissant des représentants des secteurs gouvernementaux concernés et du ministère "
    "étudie les candidatures dans le respect de l'égalité, de la non-discrimination et de "
    "l'égalité des chances entre toutes les associations participantes."
)
REVIEWERS = [
    (
        "reviewer.interior@tamkeen.test",
        "سعاد الإدريسي",
        "Souad Idrissi",
        "Ministère de l'Intérieur",
    ),
    (
        "reviewer.digital@tamkeen.test",
        "كريم بناني",
        "Karim Bennani",
        "Ministère de la Transition numérique",
    ),
]
PROJECTS = [
    ("رقمنة تدبير الجمعيات الصغرى", "Digitaliser la gestion des petites associations"),
    ("الأمن الرقمي للجمعيات القروية", "Sécurité numérique des associations rurales"),
    ("منصة تشاركية للجمعيات المحلية", "Plateforme collaborative des associations locales"),
    ("التسويق الرقمي للتعاونيات والجمعيات", "Marketing digital des coopératives et associations"),
    ("أكاديمية المحتوى الرقمي", "Académie du contenu numérique"),
    ("شباب ورقمنة", "Jeunes et digitalisation"),
]
# Marks per reviewer (officer, interior, digital) per submitted application; None: not yet.
MARKS = [
    ([4, 4, 3, 4, 3], [4, 3, 3, 4, 4], [5, 4, 4, 4, 3]),
    ([4, 2, 3, 2, 2], [1, 1, 2, 1, 1], None),  # strong disagreement on the first criterion
    ([2, 3, 2, 3, 3], None, "conflict"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": name})
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(f"{name}.pdf", out.getvalue(), content_type="application/pdf")


def _answers(call, index: int) -> dict:
    answers = {}
    for question in Question.objects.filter(section__call=call):
        if question.kind == Question.Kind.LONG_TEXT:
            answers[question.key] = (
                f"{question.label_fr} : le projet forme les membres des associations partenaires "
                f"aux outils numériques, par sessions en présentiel et à distance (projet {index})."
            )
        elif question.kind == Question.Kind.ACTIVITIES:
            answers[question.key] = [
                {"title": "Diagnostic des besoins", "period": "Mois 1", "description": ""},
                {"title": "Sessions de formation", "period": "Mois 2-8", "description": ""},
                {"title": "Accompagnement et bilan", "period": "Mois 9-12", "description": ""},
            ]
        elif question.kind == Question.Kind.TARGETS:
            answers[question.key] = {
                "sessions": 10 + 2 * index,
                "beneficiaries": 200 + 20 * index,
                "member_associations": 4 + index,
                "certificates": 100 + 10 * index,
            }
        elif question.kind == Question.Kind.BUDGET:
            answers[question.key] = [
                {"category": "trainers", "label": "Formateurs", "amount": "90000.00"},
                {"category": "venue", "label": "Salles et logistique", "amount": "60000.00"},
                {"category": "materials", "label": "Supports", "amount": "30000.00"},
            ]
    return answers


def _admin(context, association, index):
    admin = (
        User.objects.filter(
            memberships__organisation=association, memberships__role=Membership.Role.ADMIN
        )
        .order_by("pk")
        .first()
    )
    if admin is not None:
        return admin
    return staff_account(
        context=context,
        email=f"candidate{index}@tamkeen.test",
        name_ar=f"مسؤول الجمعية {index}",
        name_latin=f"Responsable {index}",
        organisation=association,
        role=Membership.Role.ADMIN,
        label="association admin (2026 call applicant)",
    )


def seed(*, rng, context, log):
    if Call.objects.filter(title_fr=TITLE_FR).exists():
        return
    funder = context["funder"]
    officer = context["users"]["officer@tamkeen.test"]
    programme = Programme.objects.filter(
        funder=funder, field=Programme.Field.DIGITALIZATION, year=2026
    ).first() or programme_create(
        funder=funder,
        field=Programme.Field.DIGITALIZATION,
        title_ar="ولوج الجمعيات إلى الرقمنة 2026",
        title_fr="Accès des associations à la digitalisation 2026",
        year=2026,
        strategy_reference="Nassij 2022-2026",
    )
    now = timezone.now().replace(second=0, microsecond=0)
    call = services.call_create(
        programme=programme,
        by=officer,
        title_ar=TITLE_AR,
        title_fr=TITLE_FR,
        text_ar=TEXT_AR,
        text_fr=TEXT_FR,
        opens_at=now - datetime.timedelta(days=14),
        closes_at=(now + datetime.timedelta(days=35)).replace(hour=16, minute=0),
        min_years_registered=2,
        expected_agreements=30,
        max_amount=Decimal("250000.00"),
        max_per_region=4,
        min_score=Decimal("2.50"),
        reserve_size=5,
    )
    call = services.call_publish(call=call, by=officer)
    trainers = context["trainers"]
    # Association A (trainer.admin@tamkeen.test) has a draft to continue; five others applied.
    first = context.get("organisations", {}).get("trainer_a") or trainers[0]
    others = [t for t in trainers if t.pk != first.pk]
    applicants = [first, others[20], others[30], others[41], others[51], others[62]]
    applications = []
    for index, association in enumerate(applicants):
        admin = _admin(context, association, index)
        application = services.application_start(call=call, association=association, by=admin)
        title_ar, title_fr = PROJECTS[index]
        # The last submitted one was registered last year: it fails the two-year rule.
        registered = datetime.date(2025, 6, 1) if index == 5 else datetime.date(2010 + index, 3, 1)
        services.application_save(
            application=application,
            by=admin,
            project_title_ar=title_ar,
            project_title_fr=title_fr,
            registered_on=registered,
            members_count=[15, 35, 60, 120, 25, 18][index],
            requested_amount=Decimal("180000.00"),
            answers=_answers(call, index) if index else {},
        )
        if index >= 2:
            for document in call.documents.all():
                services.application_document_upload(
                    application=application,
                    document=document,
                    upload=_pdf(f"{document.code}-{index}"),
                    by=admin,
                )
            application = services.application_submit(application=application, by=admin)
        applications.append(application)
    rule = call.manual_rules.get()
    for application in applications[2:]:
        services.application_screen(
            application=application, by=officer, manual={rule.pk: (True, "Statuts conformes")}
        )
    members = [
        services.committee_member_add(
            call=call, by=officer, email=officer.email, kind=CommitteeMember.Kind.FUNDER_STAFF
        )
    ]
    for email, name_ar, name_latin, institution in REVIEWERS:
        user = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=context["password"],
            full_name_ar=name_ar,
            full_name_latin=name_latin,
            email_verified=True,
            preferred_language="fr",
        )
        signup_consents(user=user, photos=False)
        members.append(
            services.committee_member_add(
                call=call,
                by=officer,
                email=email,
                kind=CommitteeMember.Kind.MINISTRY,
                institution=institution,
            )
        )
        accounts = context.setdefault("accounts", [])
        accounts.append((email, f"committee member, 2026 call · {institution}"))
    criteria = list(call.criteria.all())
    eligible = [a for a in applications[2:] if a.registered_on.year < 2024]
    for application, marks_by_member in zip(eligible, MARKS, strict=False):
        for member, marks in zip(members, marks_by_member, strict=True):
            if marks is None:
                continue
            services.conflict_declare(
                application=application, by=member.user, has_conflict=marks == "conflict"
            )
            if marks == "conflict":
                continue
            services.scores_save(
                application=application,
                by=member.user,
                scores={c.pk: (str(m), "") for c, m in zip(criteria, marks, strict=True)},
            )
    log(
        f"Calls: the 2026 call, {len(applications)} applications (2 drafts), "
        f"a committee of {len(members)} with scores in progress."
    )
