"""What a learner does in a course: enrollment, lesson progress, quizzes and their attempts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

__all__ = [
    "Enrollment",
    "LessonProgress",
    "PendingEnrollment",
    "QuizAttempt",
    "QuizPage",
    "QuizQuestionBlock",
]


class Enrollment(models.Model):
    """A learner following a course, enrolled by themselves or by their coordinator."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("learner"),
    )
    # PROTECT: enrollments are evidence for the funder; a course with learners is unpublished,
    # never deleted.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("course"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    member_association = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_enrollments",
        verbose_name=_("member association"),
    )
    created_at = models.DateTimeField(_("enrolled at"), default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="enrollment_unique_learner"),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.course_id}"


class LessonProgress(models.Model):
    """A lesson marked as done. One row per enrollment and lesson."""

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
        verbose_name=_("enrollment"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lesson"),
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="lesson_progress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} · {self.lesson_id}"


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=300)
    is_correct = blocks.BooleanBlock(label=_("correct answer"), required=False)

    class Meta:
        icon = "tick"


class QuizQuestionBlock(blocks.StructBlock):
    """One question. Rendered only through the quiz's public view, never with this block's
    values, so the correct answers never reach the browser before submission."""

    text = blocks.TextBlock(label=_("question"))
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("single", _("Single choice")), ("multiple", _("Multiple choice"))],
        default="single",
    )
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=2, label=_("answers"))
    explanation = blocks.TextBlock(
        label=_("explanation"),
        required=False,
        help_text=_("Shown to the learner after they submit."),
    )

    class Meta:
        icon = "help"
        label = _("question")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["is_correct"])
        if correct == 0:
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one correct answer."))}
            )
        if value["kind"] == "single" and correct > 1:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(
                        _("A single-choice question has exactly one correct answer.")
                    )
                }
            )
        return value


class QuizPage(Page):
    """A quiz inside a course: a pre-test, a post-test or a regular check. Scored on the server."""

    class Kind(models.TextChoices):
        PRE_TEST = "pre", _("Pre-test")
        POST_TEST = "post", _("Post-test")
        REGULAR = "regular", _("Quiz")

    intro = models.TextField(_("introduction"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=8, choices=Kind.choices, default=Kind.REGULAR, db_index=True
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    attempt_limit = models.PositiveSmallIntegerField(
        _("attempt limit"), default=0, help_text=_("0 means unlimited attempts.")
    )
    questions = StreamField(
        [("question", QuizQuestionBlock())], verbose_name=_("questions"), min_num=1
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("pass_mark"), FieldPanel("attempt_limit")],
            heading=_("Scoring"),
        ),
        FieldPanel("questions"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    template = "courses/learning/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def get_context(self, request, *args, **kwargs):
        # Imported here: selectors and forms import the models.
        from courses.forms import QuizForm
        from courses.selectors import quiz_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_page_context(quiz=self, user=request.user))
        context["form"] = QuizForm(questions=context["public_questions"])
        return context


class QuizAttempt(models.Model):
    """One submitted attempt; every attempt is kept."""

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("enrollment"),
    )
    quiz = models.ForeignKey(
        QuizPage, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz")
    )
    # {question block id: [chosen choice indexes]} as submitted, and {question id: right?}.
    answers = models.JSONField(_("answers"), default=dict)
    results = models.JSONField(_("results"), default=dict)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"), default=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["enrollment", "quiz"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id} · {self.quiz_id} · {self.score}"


class PendingEnrollment(models.Model):
    """An enrollment waiting for its person: a coordinator imported an e-mail address that has
    no member account yet; it becomes an enrollment once they have joined the association."""

    email = models.EmailField(_("e-mail address"))
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="pending_enrollments",
        verbose_name=_("course"),
    )
    member_association = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="pending_enrollments",
        verbose_name=_("member association"),
    )
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending enrollment")
        verbose_name_plural = _("pending enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "course"],
                condition=Q(claimed_at__isnull=True),
                name="pending_enrollment_unique_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.course_id}"
