import pytest
from django.core.exceptions import ValidationError

from calls import services
from calls.models import Call, Question
from tests.factories.calls import application_for, open_call

from .helpers import codes

pytestmark = pytest.mark.django_db


def test_a_new_call_starts_with_the_usual_form_documents_and_grid(programme, officer):
    call = open_call(programme=programme, officer=officer, publish=False)
    kinds = set(Question.objects.filter(section__call=call).values_list("kind", flat=True))
    assert kinds == {"long_text", "activities", "targets", "budget"}
    assert list(call.documents.values_list("code", flat=True)) == [
        "statutes",
        "general_assembly",
        "financial_statements",
        "bank_certificate",
    ]
    assert call.criteria.count() == 5 and call.status == Call.Status.DRAFT


def test_the_officer_adapts_the_form_and_grid_of_a_draft(programme, officer):
    call = open_call(programme=programme, officer=officer, publish=False)
    section = call.sections.first()
    rows = [
        {
            "id": q.pk,
            "section": q.section,
            "kind": q.kind,
            "label_ar": q.label_ar,
            "label_fr": q.label_fr,
            "help_ar": "",
            "help_fr": "",
            "required": q.required,
            "DELETE": False,
        }
        for q in Question.objects.filter(section__call=call)
    ]
    rows.append(
        {
            "id": None,
            "section": section,
            "kind": "number",
            "label_ar": "عدد المتطوعين",
            "label_fr": "Nombre de bénévoles",
            "help_ar": "",
            "help_fr": "",
            "required": False,
            "DELETE": False,
        }
    )
    criteria = [
        {
            "id": c.pk,
            "label_ar": c.label_ar,
            "label_fr": c.label_fr,
            "weight": c.weight,
            "descriptors_ar": "",
            "descriptors_fr": "Aucun\nFaible\nMoyen\nBon\nTrès bon\nExcellent",
            "DELETE": i > 1,
        }
        for i, c in enumerate(call.criteria.all())
    ]
    services.call_configure(call=call, by=officer, questions=rows, criteria=criteria)
    assert Question.objects.filter(section__call=call, kind="number").exists()
    assert call.criteria.count() == 2
    assert call.criteria.first().descriptors()[5] == (5, "Excellent")


def test_the_grid_cannot_be_emptied(programme, officer):
    call = open_call(programme=programme, officer=officer, publish=False)
    rows = [
        {
            "id": c.pk,
            "label_ar": c.label_ar,
            "label_fr": c.label_fr,
            "weight": 1,
            "descriptors_ar": "",
            "descriptors_fr": "",
            "DELETE": True,
        }
        for c in call.criteria.all()
    ]
    with pytest.raises(ValidationError) as error:
        services.call_configure(call=call, by=officer, criteria=rows)
    assert codes(error.value) == {"grid_empty"}
    assert call.criteria.count() == 5


def test_a_published_call_keeps_its_form_and_rules(call, officer):
    with pytest.raises(ValidationError) as error:
        services.call_configure(call=call, by=officer, manual_rules=[])
    assert codes(error.value) == {"call_published"}
    with pytest.raises(ValidationError) as error:
        services.call_update(call=call, by=officer, min_years_registered=9)
    assert codes(error.value) == {"call_published"}
    later = call.closes_at.replace(year=call.closes_at.year + 1)
    assert services.call_update(call=call, by=officer, closes_at=later).closes_at == later
    # Bringing the deadline forward is refused.
    with pytest.raises(ValidationError):
        services.call_update(call=call, by=officer, closes_at=later.replace(year=later.year - 1))


def test_the_withdraw_button_withdraws(client, call):
    application = application_for(call, submit=True)
    client.force_login(application.admin)
    client.post(f"/fr/calls/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == "withdrawn"
