"""The course catalogue in Wagtail: catalogue → one section per trainer association → course →
lessons. Trainer associations author under their own section; programme officers approve."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from organisations.models import Organisation

__all__ = ["CatalogPage", "CourseSectionPage", "CoursePage", "LessonPage", "ProgrammeField"]


class ProgrammeField(models.TextChoices):
    """The fields a funder's programme works in; a course belongs to one (grants' ``Programme``
    takes its choices from here)."""

    PARTICIPATORY_DEMOCRACY = "democracy", _("Participatory democracy")
    DIGITALIZATION = "digital", _("Associations' access to digitalization")


class CatalogPage(Page):
    """The public list of courses, filtered by theme, format, region and language."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CourseSectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the selector imports this module.
        from courses.catalog import CatalogFilterForm, catalog_courses

        context = super().get_context(request, *args, **kwargs)
        form = CatalogFilterForm(request.GET or None)
        filters = form.cleaned_filters()
        context["filter_form"] = form
        context["courses"] = catalog_courses(
            locale=self.locale_id, page=request.GET.get("page"), **filters
        )
        context["querystring"] = form.querystring()
        return context


class CourseSectionPage(Page):
    """One trainer association's courses; its editors' permissions are granted on this page."""

    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="course_sections",
        limit_choices_to={"kind": Organisation.Kind.TRAINER},
        verbose_name=_("association"),
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Chosen by the authoring service, not by hand: changing it would hand one association's
    # courses to another.
    settings_panels = [*Page.settings_panels, FieldPanel("association", read_only=True)]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.CoursePage"]
    # Made by ``courses.authoring`` with the association's groups and rights; one added by hand
    # in the admin would have neither.
    is_creatable = False

    class Meta:
        verbose_name = _("course section")

    def clean(self):
        super().clean()
        if not self.association_id:
            return
        if self.association.kind != Organisation.Kind.TRAINER:
            raise ValidationError({"association": _("Only trainer associations publish courses.")})
        # One section per association and language; translations share the association.
        clash = CourseSectionPage.objects.filter(
            association_id=self.association_id, locale_id=self.locale_id
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(_("This association already has a section in this language."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.child_of(self)
            .live()
            .select_related("cover_image", "region")
            .prefetch_related("cover_image__renditions")
        )
        return context


def validate_positive(value):
    if value is not None and value <= 0:
        raise ValidationError(_("Enter a number greater than zero."), code="not_positive")


class CoursePage(Page):
    """A course as a trainer association publishes it: facts, objectives, then lessons."""

    class Theme(models.TextChoices):
        CYBERSECURITY = "cybersecurity", _("Cybersecurity and personal data protection")
        COMMUNICATION = "communication", _("Digital communication and marketing")
        CONTENT = "content", _("Digital content management")
        PARTICIPATION = "participation", _("Participatory-democracy mechanisms")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        BLENDED = "blended", _("Blended")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        DARIJA = "ary", _("Moroccan Arabic (Darija)")
        AMAZIGH = "zgh", _("Amazigh")
        FRENCH = "fr", _("French")

    # Copied from the section by clean() so lists and reports can filter by association
    # without walking the page tree.
    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("association"),
    )
    summary = models.TextField(_("summary"), max_length=600)
    programme_field = models.CharField(
        _("programme field"), max_length=10, choices=ProgrammeField.choices
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, db_index=True)
    audience = models.CharField(
        _("audience"),
        max_length=255,
        help_text=_("Who the course is for, e.g. board members of local associations."),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, db_index=True)
    duration_hours = models.DecimalField(
        _("duration in hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[validate_positive],
    )
    learning_objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("objective"), max_length=255))],
        blank=True,
        verbose_name=_("learning objectives"),
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Most learners enrolled at once; leave empty for no limit."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Leave empty for a course open to every region."),
    )
    language_taught = models.CharField(
        _("language taught"), max_length=3, choices=Language.choices, default=Language.ARABIC
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("programme_field"),
                FieldPanel("theme"),
                FieldPanel("audience"),
                FieldPanel("level"),
                FieldPanel("format"),
                FieldPanel("duration_hours"),
                FieldPanel("capacity"),
                FieldPanel("language_taught"),
                FieldPanel("region"),
            ],
            heading=_("Course facts"),
        ),
        FieldPanel("learning_objectives"),
        FieldPanel("prerequisites"),
        FieldPanel("cover_image"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("learning_objectives"),
        index.FilterField("theme"),
        index.FilterField("format"),
        index.FilterField("language_taught"),
        index.FilterField("region"),
    ]
    parent_page_types = ["courses.CourseSectionPage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        if (
            self.theme
            and self.programme_field
            and self.theme not in THEMES_BY_FIELD.get(self.programme_field, ())
        ):
            raise ValidationError({"theme": _("This theme belongs to the other programme field.")})
        parent = self.get_parent() if self.path else None
        section = parent.specific if parent else None
        if isinstance(section, CourseSectionPage):
            self.association_id = section.association_id

    def lessons(self):
        """Published lessons in page order (the order editors set in the admin)."""
        return LessonPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = self.lessons()
        return context


# The 2023 call's themes, by field: the catalogue and the funder's reports group courses so.
THEMES_BY_FIELD = {
    ProgrammeField.PARTICIPATORY_DEMOCRACY: {CoursePage.Theme.PARTICIPATION},
    ProgrammeField.DIGITALIZATION: {
        CoursePage.Theme.CYBERSECURITY,
        CoursePage.Theme.COMMUNICATION,
        CoursePage.Theme.CONTENT,
    },
}


class LessonPage(Page):
    """One lesson of a course; its position among its siblings is its order."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=15, validators=[validate_positive]
    )

    content_panels = [*Page.content_panels, FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        lessons = list(course.lessons().defer_streamfields())
        index_of = next((i for i, lesson in enumerate(lessons) if lesson.pk == self.pk), None)
        context["course"] = course
        context["lessons"] = lessons
        if index_of is not None:
            context["previous_lesson"] = lessons[index_of - 1] if index_of > 0 else None
            context["next_lesson"] = lessons[index_of + 1] if index_of + 1 < len(lessons) else None
        return context
