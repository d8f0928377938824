import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from calls import services
from calls.models import Application, Question
from organisations.models import Membership

from .grants import ProgrammeFactory
from .organisations import OrganisationFactory, member_of


def minimal_pdf(text: str = "x") -> bytes:
    """A one-page PDF the upload gate accepts."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name="document.pdf"):
    return SimpleUploadedFile(name, minimal_pdf(name), content_type="application/pdf")


def open_call(*, programme=None, officer=None, days_left=10, publish=True, **fields):
    """A call open since yesterday and closing in ``days_left`` days, with the default form."""
    if programme is None:
        programme = ProgrammeFactory()
    if officer is None:
        officer = member_of(programme.funder, Membership.Role.OFFICER)
    now = timezone.now()
    fields.setdefault("expected_agreements", 2)
    call = services.call_create(
        programme=programme,
        by=officer,
        title_ar="طلب مشاريع",
        title_fr="Appel à projets",
        text_ar="نص",
        text_fr="Texte",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=days_left),
        **fields,
    )
    if publish:
        call = services.call_publish(call=call, by=officer)
    return call


def complete_answers(call) -> dict:
    answers = {}
    for question in Question.objects.filter(section__call=call):
        if question.kind in (Question.Kind.TEXT, Question.Kind.LONG_TEXT):
            answers[question.key] = f"Réponse à {question.label_fr}"
        elif question.kind == Question.Kind.NUMBER:
            answers[question.key] = "12"
        elif question.kind == Question.Kind.ACTIVITIES:
            answers[question.key] = [
                {"title": "Formation", "period": "Mois 1-3", "description": "Sessions"}
            ]
        elif question.kind == Question.Kind.TARGETS:
            answers[question.key] = {
                "sessions": 12,
                "beneficiaries": 240,
                "member_associations": 6,
                "certificates": 120,
            }
        elif question.kind == Question.Kind.BUDGET:
            answers[question.key] = [
                {"category": "trainers", "label": "Formateurs", "amount": "120000"},
                {"category": "venue", "label": "Salles", "amount": "80000"},
            ]
    return answers


def application_for(call, *, association=None, admin=None, complete=True, submit=False):
    if association is None:
        association = OrganisationFactory()
    if admin is None:
        admin = member_of(association, Membership.Role.ADMIN)
    application = services.application_start(call=call, association=association, by=admin)
    if complete:
        application = services.application_save(
            application=application,
            by=admin,
            project_title_ar="مشروع",
            project_title_fr="Projet",
            registered_on=datetime.date(2015, 3, 1),
            members_count=40,
            requested_amount=Decimal("200000.00"),
            answers=complete_answers(call),
        )
        for document in call.documents.all():
            services.application_document_upload(
                application=application, document=document, upload=pdf_upload(), by=admin
            )
    if submit:
        application = services.application_submit(application=application, by=admin)
    application.admin = admin
    return application


def screened(application, officer, *, eligible=True):
    manual = {
        rule.pk: (eligible, "" if eligible else "Hors domaine")
        for rule in application.call.manual_rules.all()
    }
    return services.application_screen(application=application, by=officer, manual=manual)


__all__ = ["Application", "application_for", "open_call", "pdf_upload", "screened"]
