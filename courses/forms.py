"""Forms of the learning pages: they parse input; the services decide."""

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bilingual import CONTENT_LANGUAGES, direction
from organisations.models import Membership, Region

from .models import CoursePage, TrainingSession

QUIZ_START_SALT = "courses.quiz-start"
DATETIME = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends
# A session's texts typed in each language (``<name>_ar``, ``<name>_fr``).
BILINGUAL = ("title", "description", "venue")


class QuizForm(forms.Form):
    """One field per question, built from the public questions (never from the answers)."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(str(c["index"]), c["text"]) for c in question["choices"]]
            if question["multiple"]:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, required=False
                )
            else:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=True)
            field.label = question["text"]
            self.fields[f"q_{question['id']}"] = field
        if not self.is_bound:
            self.initial["started"] = signing.TimestampSigner(salt=QUIZ_START_SALT).sign(
                timezone.now().isoformat()
            )

    def answers(self) -> dict[str, list[int]]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question['id']}")
            if value in (None, ""):
                value = []
            elif isinstance(value, str):
                value = [value]
            answers[question["id"]] = [int(v) for v in value]
        return answers

    def started_at(self):
        """When the form was shown, if the signed mark is genuine (within a day)."""
        try:
            value = signing.TimestampSigner(salt=QUIZ_START_SALT).unsign(
                self.cleaned_data.get("started") or "", max_age=60 * 60 * 24
            )
        except signing.BadSignature:
            return None
        from datetime import datetime

        return datetime.fromisoformat(value)


class SessionFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), required=False, label=_("Region")
    )
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *TrainingSession.Kind.choices],
        required=False,
        label=_("Kind"),
    )
    # Set by the course page's link to its sessions.
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.all(), required=False, widget=forms.HiddenInput
    )


class _CoordinatedMemberForm(forms.Form):
    """A member of the coordinator's own association, and nobody else, can be chosen."""

    learner = forms.ModelChoiceField(queryset=None, label=_("Member"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["learner"].queryset = User.objects.filter(
            memberships__organisation=organisation, memberships__role=Membership.Role.MEMBER
        ).distinct()
        self.fields["learner"].label_from_instance = lambda u: f"{u.display_name} <{u.email}>"


class MemberEnrollForm(_CoordinatedMemberForm):
    """A coordinator enrolls one of their members."""

    course = forms.ModelChoiceField(queryset=None, label=_("Course"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")


class MemberRegisterForm(_CoordinatedMemberForm):
    """A coordinator registers one of their members for an upcoming session."""

    session = forms.ModelChoiceField(queryset=None, label=_("Session"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        from .selectors import upcoming_sessions

        self.fields["session"].queryset = upcoming_sessions()
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.title} · {timezone.localtime(s.starts_at):%Y-%m-%d %H:%M}"
        )


class ImportUploadForm(forms.Form):
    course = forms.ModelChoiceField(queryset=None, label=_("Course"))
    file = forms.FileField(
        label=_("List of people (CSV or XLSX)"),
        help_text=_(
            "Two columns: name and e-mail address. CSV files in UTF-8, separated by commas or "
            "semicolons; at most 2 MB."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")

    def clean_file(self):
        from .importing import MAX_BYTES

        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
        return uploaded


class ImportConfirmForm(forms.Form):
    batch = forms.CharField(widget=forms.HiddenInput)


class SessionForm(forms.ModelForm):
    """A trainer association schedules a session; the service validates and saves it."""

    online_url = forms.URLField(
        label=_("online meeting link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = TrainingSession
        fields = [
            "kind",
            "course",
            "title_ar",
            "title_fr",
            "description_ar",
            "description_fr",
            "audience",
            "starts_at",
            "ends_at",
            "mode",
            "venue_ar",
            "venue_fr",
            "province",
            "commune",
            "online_url",
            "capacity",
            "trainers",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME),
            "trainers": forms.CheckboxSelectMultiple,
            **{
                f"{name}_{lang}": (
                    forms.Textarea(attrs={"rows": 4, "lang": lang, "dir": direction(lang)})
                    if name == "description"
                    else forms.TextInput(attrs={"lang": lang, "dir": direction(lang)})
                )
                for name in BILINGUAL
                for lang in CONTENT_LANGUAGES
            },
        }
        # Each text in Arabic, in French or both: one of the two may stay empty.
        labels = {
            "title_ar": _("Title (Arabic)"),
            "title_fr": _("Title (French)"),
            "description_ar": _("Description (Arabic)"),
            "description_fr": _("Description (French)"),
            "venue_ar": _("Venue (Arabic)"),
            "venue_fr": _("Venue (French)"),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        # The model's clean() checks the course against the association: set it first.
        self.instance.association = organisation
        self.fields["course"].queryset = CoursePage.objects.filter(
            association=organisation, locale__language_code=settings.LANGUAGE_CODE
        ).order_by("title")
        self.fields["trainers"].queryset = User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=[Membership.Role.ADMIN, Membership.Role.TRAINER],
        ).distinct()
        self.fields["trainers"].label_from_instance = lambda user: user.display_name
        self.fields["province"].queryset = self.fields["province"].queryset.select_related("region")
        self.fields["commune"].queryset = self.fields["commune"].queryset.select_related("province")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME, "%Y-%m-%d %H:%M"]

    def service_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields.pop("trainers", None)
        return fields
