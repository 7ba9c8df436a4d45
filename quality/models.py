"""Quality control: scorecards with their criteria, their frozen versions, and evaluations of
real contacts with customers scored against a version."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

ERROR_CODE_TWICE = _("Each criterion needs its own code; “%(code)s” is used more than once.")
ERROR_MAX_POINTS_REQUIRED = _("Set the maximum points for a points scale.")
ERROR_K_OVER_N = _("“Below in” cannot be more than “of the last”.")


class Channel(models.TextChoices):
    """How the customer was served."""

    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Email")
    VISIT = "visit", _("Visit / in store")


class ScorecardForm(WagtailAdminModelForm):
    """The scorecard's admin form: channels as checkboxes, and criterion codes unique within the
    scorecard (they name the columns of imported files)."""

    channels = forms.MultipleChoiceField(
        label=_("channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Where this scorecard is used. Leave empty for every channel."),
    )

    def is_valid(self):
        # The criteria's forms are cleaned after the scorecard's own ``clean``, so their codes
        # are compared here.
        valid = super().is_valid()
        formset = self.formsets.get("criteria")
        if formset is None:
            return valid
        seen = set()
        for form in formset.forms:
            cleaned = getattr(form, "cleaned_data", None) or {}
            code = cleaned.get("code")
            if not code or cleaned.get("DELETE"):
                continue
            if code in seen:
                form.add_error("code", ERROR_CODE_TWICE % {"code": code})
                valid = False
            seen.add(code)
        return valid


class Scorecard(index.Indexed, ClusterableModel):
    """What a good contact with a customer looks like, criterion by criterion."""

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    job_roles = ParentalManyToManyField(
        "people.JobRole",
        blank=True,
        related_name="scorecards",
        verbose_name=_("job roles"),
        help_text=_("Whose contacts it evaluates. Leave empty for everyone."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active scorecards can be used to evaluate.")
    )
    # The weak-spot rule (``quality.services.weak_spots``): a criterion is weak for a person
    # when it scored below the threshold in ``weak_below_count`` of their last
    # ``weak_of_last`` evaluations; its lessons are then assigned, due in ``weak_due_days``.
    weak_threshold_percent = models.PositiveSmallIntegerField(
        _("threshold, %"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    weak_below_count = models.PositiveSmallIntegerField(
        _("below in"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    weak_of_last = models.PositiveSmallIntegerField(
        _("of the last"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    weak_due_days = models.PositiveSmallIntegerField(
        _("training due in, days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    base_form_class = ScorecardForm
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("channels"),
        FieldPanel("job_roles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("is_active"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("weak_threshold_percent"),
                        FieldPanel("weak_below_count"),
                        FieldPanel("weak_of_last"),
                        FieldPanel("weak_due_days"),
                    ]
                )
            ],
            heading=_("Weak spots"),
            help_text=_(
                "A criterion is weak for a person when it scored below the threshold in so many "
                "of their last evaluations; its lessons are then assigned to them."
            ),
        ),
        InlinePanel("criteria", heading=_("Criteria"), label=_("criterion"), min_num=1),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (self.weak_below_count or 0) > (self.weak_of_last or 0):
            raise ValidationError({"weak_below_count": ERROR_K_OVER_N})


class Criterion(Orderable, ClusterableModel):
    """One thing the evaluator checks, such as "Назвал своё имя и компанию"."""

    class Scale(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        POINTS = "points", _("Points from 0 to N")

    scorecard = ParentalKey(
        Scorecard, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("scorecard")
    )
    section = models.CharField(
        _("section"),
        max_length=120,
        blank=True,
        help_text=_(
            "The part of the contact it belongs to, e.g. “Приветствие”. Criteria with the same "
            "section are shown together, sections in the order they first appear."
        ),
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Short and unique within the scorecard, e.g. “greeting”: the column header "
                    "in imported files."),
    )  # fmt: skip
    text = models.CharField(_("wording"), max_length=255)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.YES_NO)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("N of a points scale."),
    )
    na_allowed = models.BooleanField(_("“not applicable” allowed"), default=False)
    critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_("Failing it makes the whole evaluation 0 %, whatever else scored."),
    )
    pages = ParentalManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        # Not the site's root and home page: lessons and knowledge pages lie below them.
        limit_choices_to={"depth__gt": 2},
        verbose_name=_("lessons and pages that teach it"),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    practice_skills = ParentalManyToManyField(
        "mentoring.PracticeSkill",
        blank=True,
        related_name="+",
        verbose_name=_("practice skills"),
    )
    questions = ParentalManyToManyField(
        "quizzes.Question",
        blank=True,
        related_name="+",
        verbose_name=_("quiz questions"),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    panels = [
        FieldRowPanel([FieldPanel("section"), FieldPanel("code")]),
        FieldPanel("text"),
        FieldRowPanel(
            [
                FieldPanel("weight"),
                FieldPanel("scale"),
                FieldPanel("max_points"),
            ]
        ),
        FieldRowPanel([FieldPanel("na_allowed"), FieldPanel("critical")]),
        FieldPanel("pages"),
        FieldPanel("practice_skills", widget=forms.CheckboxSelectMultiple),
        FieldPanel("questions"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.scale == self.Scale.POINTS and not self.max_points:
            raise ValidationError({"max_points": ERROR_MAX_POINTS_REQUIRED})
        if self.scale == self.Scale.YES_NO:
            self.max_points = None


class ScorecardVersion(models.Model):
    """A scorecard's criteria as they were, frozen: evaluations point here, so editing the
    scorecard never changes a score already made. Made by
    ``quality.services.versions.scorecard_version_current``; never edited."""

    # A scorecard never used goes with its versions; one used is kept by its evaluations.
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="versions", verbose_name=_("scorecard")
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # {"criteria": [{"id", "code", "text", "section", "weight" (a decimal as text), "scale",
    #  "max_points", "na_allowed", "critical"}, …]} in the scorecard's order.
    snapshot = models.JSONField(_("criteria as they were"))

    class Meta:
        ordering = ["scorecard", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "number"], name="quality_version_number_unique"
            )
        ]
        verbose_name = _("scorecard version")
        verbose_name_plural = _("scorecard versions")

    def __str__(self):
        return f"{self.scorecard} v{self.number}"


class EvaluationManager(models.Manager):
    """The evaluations that count for the person: calibration scorings are left out."""

    def get_queryset(self):
        return super().get_queryset().filter(calibration__isnull=True)


class Evaluation(models.Model):
    """One evaluator's scoring of one real contact of a person with a customer.

    ``Evaluation.objects`` holds only the evaluations that count for the person (their lists,
    scores, trends and weak spots); a calibration session's scorings (``calibration`` set)
    measure the evaluators, not the person, and are read through ``Evaluation.all_objects``.
    Related managers (``person.quality_evaluations``) follow ``objects`` too."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quality_evaluations",
        verbose_name=_("person"),
    )

    class Source(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluation")
        MYSTERY_SHOPPING = "mystery_shopping", _("Mystery shopping")

    # Null for a mystery-shopping visit imported by a command, where nobody signed in scored it.
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_evaluations_made",
        verbose_name=_("evaluator"),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.EVALUATION
    )
    # A mystery shopper's visit or call belongs to its wave; evaluations of real contacts to none.
    wave = models.ForeignKey(
        "quality.MysteryShoppingWave",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("mystery shopping wave"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    # 0 as made; a dispute's change makes a new evaluation one higher than the one it replaces
    # (``quality.services.reviews``), so a mystery-shopping visit and its replacements share
    # the wave's key below.
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    scorecard_version = models.ForeignKey(
        ScorecardVersion,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("scorecard version"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    contact_date = models.DateField(_("date of the contact"))
    reference = models.CharField(
        _("reference"),
        max_length=500,
        blank=True,
        help_text=_("Call id, CRM ticket or a link to the recording."),
    )
    comment = models.TextField(_("comment"), blank=True)
    # 0–100; null when every criterion was "not applicable".
    score = models.DecimalField(
        _("score, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    critical_failed = models.BooleanField(_("critical criterion failed"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set for an evaluator's scoring in a calibration session: it never counts for the person.
    calibration = models.ForeignKey(
        "quality.CalibrationSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calibration session"),
    )

    objects = EvaluationManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        ordering = ["-contact_date", "-created_at"]
        indexes = [models.Index(fields=["person", "contact_date"])]
        constraints = [
            # Each invited evaluator scores a calibration session's contact once.
            models.UniqueConstraint(
                fields=["calibration", "evaluator"],
                condition=models.Q(calibration__isnull=False),
                name="quality_calibration_scored_once",
            ),
            # The key that makes re-importing a wave's file change nothing; a visit changed
            # after a dispute keeps it, one revision up.
            models.UniqueConstraint(
                fields=["wave", "person", "contact_date", "location", "revision"],
                condition=models.Q(wave__isnull=False),
                name="quality_visit_once_per_wave",
            ),
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.person} {self.contact_date} {self.score}"


class EvaluationAnswer(models.Model):
    """The answer to one criterion of the version the evaluation was made with."""

    class Value(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        NA = "na", _("Not applicable")
        POINTS = "points", _("Points")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="answers", verbose_name=_("evaluation")
    )
    # The criterion as named in the version's snapshot (the criterion itself may since have
    # been edited or removed).
    criterion_id = models.PositiveIntegerField(_("criterion id"))
    criterion_code = models.CharField(_("criterion code"), max_length=40)
    value = models.CharField(_("answer"), max_length=10, choices=Value.choices)
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["evaluation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion_id"], name="quality_answer_once"
            )
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.criterion_code}: {self.points if self.value == 'points' else self.value}"


class MysteryShoppingWave(models.Model):
    """A round of mystery shopping (e.g. every six months) imported from an agency's file: its
    visits or calls are ``Evaluation``s with ``wave`` set, scored with ``scorecard_version``."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.PROTECT, related_name="waves", verbose_name=_("scorecard")
    )
    scorecard_version = models.ForeignKey(
        ScorecardVersion,
        on_delete=models.PROTECT,
        related_name="waves",
        verbose_name=_("scorecard version"),
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("mystery shopping wave")
        verbose_name_plural = _("mystery shopping waves")

    def __str__(self):
        return self.name


class FeedbackCategory(ClusterableModel):
    """What a customer's complaint or thanks is about, such as «не знал тариф», mapped to the
    scorecard criteria it speaks to, so the feedback counts against (or for) those criteria."""

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_("As other systems and imported files name it, e.g. “не знал тариф”."),
    )

    panels = [
        FieldPanel("name"),
        InlinePanel(
            "criteria",
            heading=_("Scorecard criteria it counts against"),
            label=_("criterion"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")

    def __str__(self):
        return self.name


ERROR_NO_SUCH_CODE = _("The scorecard “%(scorecard)s” has no criterion with the code “%(code)s”.")


class FeedbackCategoryCriterion(Orderable):
    """A category mapped to a criterion, named by its code within a scorecard (a code outlives
    edits of the criterion's wording and the scorecard's versions)."""

    category = ParentalKey(
        FeedbackCategory,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("feedback category"),
    )
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="+", verbose_name=_("scorecard")
    )
    criterion_code = models.SlugField(
        _("criterion code"),
        max_length=40,
        help_text=_("The code of the criterion in that scorecard, e.g. “product”."),
    )

    panels = [FieldRowPanel([FieldPanel("scorecard"), FieldPanel("criterion_code")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["category", "scorecard", "criterion_code"],
                name="quality_feedback_category_criterion_once",
            )
        ]
        verbose_name = _("mapped criterion")
        verbose_name_plural = _("mapped criteria")

    def __str__(self):
        return f"{self.category_id} → {self.criterion_code}"

    def clean(self):
        super().clean()
        if not self.scorecard_id or not self.criterion_code:
            return
        if not Criterion.objects.filter(
            scorecard_id=self.scorecard_id, code=self.criterion_code
        ).exists():
            message = ERROR_NO_SUCH_CODE % {
                "scorecard": self.scorecard,
                "code": self.criterion_code,
            }
            raise ValidationError({"criterion_code": message})


class Feedback(models.Model):
    """One piece of a customer's feedback on a person's contact: a complaint, thanks, a CSAT
    (1–5) or an NPS (0–10) score. Recorded once per ``external_id`` by
    ``quality.services.feedback.feedback_record``; never edited."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", pgettext_lazy("feedback kind", "Complaint")
        THANKS = "thanks", pgettext_lazy("feedback kind", "Thanks")
        CSAT = "csat", _("CSAT (1–5)")
        NPS = "nps", _("NPS (0–10)")

    class Severity(models.TextChoices):
        """How serious a complaint is; thanks and scores have none."""

        LOW = "low", pgettext_lazy("severity", "Low")
        MEDIUM = "medium", pgettext_lazy("severity", "Medium")
        HIGH = "high", pgettext_lazy("severity", "High")
        CRITICAL = "critical", pgettext_lazy("severity", "Critical")

    # The id the sending system gives it: posting or importing it again records nothing new.
    external_id = models.CharField(_("external id"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quality_feedback",
        verbose_name=_("person"),
    )
    date = models.DateField(_("date of the contact"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    score = models.PositiveSmallIntegerField(
        pgettext_lazy("customer feedback", "score"), null=True, blank=True
    )
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text=_("How serious a complaint is; empty for thanks, CSAT and NPS."),
    )
    category = models.ForeignKey(
        FeedbackCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("category"),
    )
    repeat_contact = models.BooleanField(
        _("repeat contact"),
        default=False,
        help_text=_("The customer had to get in touch again about the same matter."),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            # The score belongs to CSAT and NPS only, each on its own scale.
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["complaint", "thanks"], score__isnull=True)
                    | models.Q(kind="csat", score__gte=1, score__lte=5)
                    | models.Q(kind="nps", score__gte=0, score__lte=10)
                ),
                name="quality_feedback_score_fits_kind",
            ),
            # Only a complaint is more or less serious.
            models.CheckConstraint(
                condition=models.Q(severity="") | models.Q(kind="complaint"),
                name="quality_feedback_severity_of_complaints",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "date"]),
            models.Index(fields=["kind", "date"], name="quality_feedback_kind_date"),
        ]
        verbose_name = _("customer feedback")
        verbose_name_plural = _("customer feedback")

    def __str__(self):
        return f"{self.external_id}: {self.kind}"


class EvaluationEvent(models.Model):
    """What happened to an evaluation after it was made: the person acknowledged or disputed it,
    and a dispute was upheld or resolved by a change. An evaluation is never edited: a change
    is a new evaluation (``new_evaluation``) that supersedes this one, with who and why."""

    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        DISPUTED = "disputed", _("Disputed")
        UPHELD = "upheld", _("Dispute rejected, evaluation upheld")
        CHANGED = "changed", _("Dispute accepted, evaluation changed")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="events", verbose_name=_("evaluation")
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    # Set for CHANGED: the evaluation that replaces this one.
    new_evaluation = models.OneToOneField(
        Evaluation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes_event",
        verbose_name=_("new evaluation"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "created_at", "id"]
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")

    def __str__(self):
        return f"{self.evaluation_id} {self.kind}"


class Recognition(models.Model):
    """A team's recognition list for a period, published by its manager: the most thanked and
    best-scoring members as they stood when published (``entries``, a snapshot that later
    feedback or evaluations never change). One per team and period; made by
    ``quality.services.recognition.recognition_publish``."""

    team = models.ForeignKey(
        "people.Team",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("team"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # {"thanked": [entry, …], "scoring": [entry, …]}, each entry {"person_id", "name",
    #  "thanks", "evaluations", "score" (text or null), "csat" (text or null), "csat_count"}.
    entries = models.JSONField(_("entries"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"))

    class Meta:
        ordering = ["-period_end", "-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "period_start", "period_end"],
                name="quality_recognition_once_per_team_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="quality_recognition_period_ordered",
            ),
        ]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self):
        return f"{self.team_id} {self.period_start}–{self.period_end}"


class CalibrationSession(models.Model):
    """Several evaluators score the same contact independently, to see where they agree and who
    scores too hard or too soft. Their scorings are ``Evaluation``s with ``calibration`` set,
    all against ``scorecard_version`` (frozen when the session is created); they never count
    for the person. While open, each evaluator sees only their own answers; the figures are
    shown once the session is closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    scorecard_version = models.ForeignKey(
        ScorecardVersion,
        on_delete=models.PROTECT,
        related_name="calibrations",
        verbose_name=_("scorecard version"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    contact_date = models.DateField(_("date of the contact"))
    reference = models.CharField(
        _("reference"),
        max_length=500,
        blank=True,
        help_text=_("Call id, CRM ticket or a link to the recording."),
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="quality_calibrations",
        verbose_name=_("invited evaluators"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calibration session")
        verbose_name_plural = _("calibration sessions")

    def __str__(self):
        return f"{self.person} {self.contact_date} ({self.status})"


class ExemplaryMark(models.Model):
    """An evaluation a manager of the person or a QA evaluator holds up as best practice, with a
    note. It is shown to other staff only with the person's consent, given per evaluation in
    their own space (without their name, or with it); withdrawing it hides the example at once.
    """

    class Consent(models.TextChoices):
        NONE = "none", _("Not shared")
        ANONYMOUS = "anonymous", _("Shared without my name")
        NAMED = "named", _("Shared with my name")

    evaluation = models.OneToOneField(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="exemplary_mark",
        verbose_name=_("evaluation"),
    )
    note = models.TextField(_("why it is exemplary"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)
    consent = models.CharField(
        _("the person's consent"), max_length=10, choices=Consent.choices, default=Consent.NONE
    )
    consent_at = models.DateTimeField(_("consent given or withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-marked_at", "-pk"]
        indexes = [models.Index(fields=["consent", "marked_at"])]
        verbose_name = _("exemplary evaluation")
        verbose_name_plural = _("exemplary evaluations")

    def __str__(self):
        return f"{self.evaluation_id} ({self.consent})"


class WeakSpot(models.Model):
    """A criterion of a scorecard found weak for a person by the scorecard's weak-spot rule, and
    the training it brought: the assignments of the courses that teach it, the questions added
    to the person's spaced review, and whether the criterion recovered after the training.
    Made and closed by ``quality.services.weak_spots.weak_spots_scan``; never edited by hand."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quality_weak_spots",
        verbose_name=_("person"),
    )
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="weak_spots", verbose_name=_("scorecard")
    )
    # Criteria are matched by code across the scorecard's versions (their ids change when
    # the criterion is removed and added again; the code is what imported files name).
    criterion_code = models.CharField(_("criterion code"), max_length=40)
    criterion_text = models.CharField(_("criterion"), max_length=255, blank=True)
    detected_at = models.DateTimeField(_("found"))
    critical_failed = models.BooleanField(_("found by a critical fail"), default=False)
    evidence = models.ManyToManyField(
        Evaluation, related_name="weak_spots", verbose_name=_("evaluations it was found in")
    )
    # The open assignments of the courses that teach the criterion: made for it, or already
    # open when it was found (the person is then learning the course anyway).
    assignments = models.ManyToManyField(
        "courses.Assignment",
        blank=True,
        related_name="quality_weak_spots",
        verbose_name=_("assignments"),
    )
    cards_added = models.PositiveIntegerField(_("questions added to the review"), default=0)
    # When its training was done: the last of its assignments completed (when it was found,
    # if it assigned nothing). Contacts after ``closed_on`` count as after the training.
    closed_at = models.DateTimeField(_("training done"), null=True, blank=True)
    closed_on = models.DateField(_("training done on"), null=True, blank=True)
    recovered_at = models.DateTimeField(_("recovered"), null=True, blank=True)
    recovered_by = models.ForeignKey(
        Evaluation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluation that showed the recovery"),
    )

    class Meta:
        ordering = ["-detected_at", "-pk"]
        constraints = [
            # No second training for the same weak spot while the first is open: a retried
            # or concurrent scan inserts nothing.
            models.UniqueConstraint(
                fields=["person", "scorecard", "criterion_code"],
                condition=models.Q(closed_at__isnull=True),
                name="quality_weak_spot_one_open",
            )
        ]
        indexes = [models.Index(fields=["person", "scorecard", "criterion_code"])]
        verbose_name = _("weak spot")
        verbose_name_plural = _("weak spots")

    def __str__(self):
        return f"{self.person_id} {self.criterion_code} {self.detected_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
