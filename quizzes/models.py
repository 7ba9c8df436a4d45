"""The question bank, quizzes and attempts.

An attempt freezes what the learner saw when it started: each ``AttemptQuestion`` holds a
snapshot of its question (the text, the choices in the order shown, and what is correct). Grading
and the review read the snapshot, so editing a question never changes an attempt in flight or a
result already given. Everything the learner sees of a choice is keyed by an opaque id made for the
attempt, so neither ids nor their order give an answer away.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from lms import markdown
from quizzes.identity import question_fingerprint

MARKDOWN_HELP = markdown.HELP_TEXT


def _part(name: str) -> dict:
    """The editor panel of a part or field some question types use (see ``admin_forms``)."""
    return {"data-question-part": name}


class QuestionCategory(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return self.name


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Question(RevisionMixin, index.Indexed, ClusterableModel):
    class Type(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT_TEXT = "short_text", _("Short text")
        NUMERIC = "numeric", _("Number")
        ORDERING = "ordering", _("Put in order")
        MATCHING = "matching", _("Matching")
        MISSING_WORD = "missing_word", _("Select the missing word")
        CLOZE = "cloze", _("Fill in the gaps")
        OPEN_ANSWER = "open_answer", _("Open answer")

    class Format(models.TextChoices):
        """How a text is written (Moodle's four formats; GIFT's ``[markdown]`` and so on)."""

        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML")
        PLAIN = "plain", _("Plain text")
        MOODLE = "moodle", _("Moodle auto-format")

    class MatchingCredit(models.TextChoices):
        PER_PAIR = "per_pair", _("Each right pair scores its share")
        ALL_OR_NOTHING = "all_or_nothing", _("Only all pairs right score")

    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("A short name for the question bank; learners do not see it."),
    )
    text = models.TextField(_("question"), help_text=MARKDOWN_HELP)
    text_format = models.CharField(
        _("text format"), max_length=10, choices=Format.choices, default=Format.MARKDOWN
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown after answering: why the right answer is right. Markdown."),
    )
    explanation_format = models.CharField(
        _("explanation format"), max_length=10, choices=Format.choices, default=Format.MARKDOWN
    )
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    category = models.ForeignKey(
        QuestionCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("category"),
    )
    tags = ClusterTaggableManager(through=QuestionTag, blank=True)
    # What the question tests, so a change to that knowledge can bring the question back.
    knowledge_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("knowledge it tests"),
        help_text=_("The product card, CRM tutorial or lesson this question checks."),
    )
    glossary_term = models.ForeignKey(
        "glossary.GlossaryTerm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("glossary term it tests"),
    )
    # Multiple choice: all-or-nothing, or each choice's weight in percent.
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_(
            "Multiple choice: give part of the points for part of the answer, by each choice's "
            "weight. Otherwise only a fully right answer scores."
        ),
    )
    correct_bool = models.BooleanField(_("the statement is true"), null=True, blank=True)
    matching_credit = models.CharField(
        _("matching credit"),
        max_length=20,
        choices=MatchingCredit.choices,
        default=MatchingCredit.PER_PAIR,
    )
    grading_notes = models.TextField(
        _("grading notes"),
        blank=True,
        help_text=_(
            "Open answer: what a good answer says, for the mentor or manager who grades it. "
            "Learners never see it."
        ),
    )
    # Where an imported question came from, so a file's ids only ever meet the questions that
    # same source created (quizzes/identity.py, docs/question-import.md); blank for questions
    # made here. ``import_id`` is the id exactly as the file wrote it.
    import_source = models.CharField(_("import source"), max_length=100, blank=True, editable=False)
    import_id = models.CharField(
        _("id in the import source"), max_length=100, blank=True, editable=False
    )
    # The hash of what the question says (quizzes.identity.question_fingerprint), kept on save:
    # re-importing a file without ids finds its questions by it.
    content_fingerprint = models.CharField(
        _("content fingerprint"), max_length=64, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("type"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("points"),
        MultiFieldPanel(
            [
                InlinePanel(
                    "choices",
                    label=_("Choices (single or multiple choice; ordering)"),
                    attrs=_part("choices"),
                ),
                FieldPanel("partial_credit", attrs=_part("partial_credit")),
                FieldPanel("correct_bool", attrs=_part("correct_bool")),
                InlinePanel(
                    "accepted_answers",
                    label=_("Accepted answers (short text)"),
                    attrs=_part("accepted_answers"),
                ),
                InlinePanel(
                    "numeric_answers",
                    label=_("Right numbers (number)"),
                    attrs=_part("numeric_answers"),
                ),
                InlinePanel("pairs", label=_("Pairs (matching)"), attrs=_part("pairs")),
                FieldPanel("matching_credit", attrs=_part("matching_credit")),
                FieldPanel("grading_notes", attrs=_part("grading_notes")),
            ],
            heading=_("Answer"),
        ),
        FieldPanel("explanation"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("tags"),
                FieldPanel("knowledge_page"),
                FieldPanel("glossary_term"),
            ],
            heading=_("Filing"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.AutocompleteField("title"),
        index.FilterField("type"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "import_id"],
                condition=~Q(import_id=""),
                name="question_import_identity_unique",
            )
        ]

    def __str__(self):
        return self.title or markdown.plain_text(self.text)[:80]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "content_fingerprint" in update_fields:
            self.content_fingerprint = question_fingerprint(self)
        super().save(*args, **kwargs)


class Choice(Orderable):
    """A choice of a single- or multiple-choice question, or an item of an ordering question
    (where the sort order is the right order)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    weight = models.DecimalField(
        _("weight, %"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
        help_text=_("Partial credit: the share of the points this choice gives (negative takes)."),
    )
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class AcceptedAnswer(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="accepted_answers")
    text = models.CharField(_("accepted answer"), max_length=255)

    class Meta(Orderable.Meta):
        verbose_name = _("accepted answer")
        verbose_name_plural = _("accepted answers")

    def __str__(self):
        return self.text


class NumericAnswer(Orderable):
    """A number a numeric question accepts: ``value`` ± ``tolerance``, for ``weight`` per cent
    of the points (Moodle's numerical answers: a near miss may earn part)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="numeric_answers")
    value = models.DecimalField(_("number"), max_digits=14, decimal_places=4)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=14,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Answers this far from the number, either way, are accepted."),
    )
    weight = models.DecimalField(
        _("weight, %"),
        max_digits=6,
        decimal_places=2,
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of the points this answer gives."),
    )
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("right number")
        verbose_name_plural = _("right numbers")

    def __str__(self):
        return f"{self.value} ± {self.tolerance}"


class MatchPair(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="pairs")
    left = models.CharField(_("left"), max_length=255)
    right = models.CharField(_("matches"), max_length=255)

    class Meta(Orderable.Meta):
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")

    def __str__(self):
        return f"{self.left} → {self.right}"


class Quiz(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A quiz. Like a page it is written as a draft, sent for review (the content leads
    approve it) and published; learners only ever get the published version, which is the row
    itself (drafts live in revisions)."""

    class ShowAnswers(models.TextChoices):
        NEVER = "never", _("Never")
        AFTER_PASSING = "after_passing", _("After passing")
        AFTER_EACH_ATTEMPT = "after_each_attempt", _("After each attempt")
        AFTER_LAST_ATTEMPT = "after_last_attempt", _("After the last allowed attempt")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True, help_text=MARKDOWN_HELP)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark, %"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    attempt_limit = models.PositiveSmallIntegerField(
        _("attempt limit"), default=0, help_text=_("0 means unlimited.")
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("cool-down, minutes"), default=0, help_text=_("Wait this long between attempts.")
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit, minutes"), default=0, help_text=_("0 means no time limit.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    show_answers = models.CharField(
        _("show the right answers"),
        max_length=20,
        choices=ShowAnswers.choices,
        default=ShowAnswers.AFTER_EACH_ATTEMPT,
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="quiz")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="quiz",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("quiz_questions", label=_("Questions")),
        InlinePanel("draws", label=_("Questions drawn at random")),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("attempt_limit"),
                FieldPanel("cooldown_minutes"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("show_answers"),
            ],
            heading=_("Rules"),
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def status_string(self):
        """Wagtail's status (draft, live, live + draft…), saying "in review" while the quiz waits
        for a content lead. Lists annotate ``in_review`` so that no row costs a query."""
        in_review = getattr(self, "in_review", None)
        if in_review is None:
            in_review = self.workflow_in_progress
        if in_review:
            return _("live + in review") if self.live else _("in review")
        return super().status_string


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quiz_question_once")
        ]


class QuizDraw(Orderable):
    """Draw ``count`` questions at random from a category, fresh for every attempt."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    count = models.PositiveSmallIntegerField(
        _("how many"), default=5, validators=[MinValueValidator(1)]
    )

    panels = [FieldPanel("category"), FieldPanel("count")]

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")


class LessonGate(models.Model):
    """The quiz that ends a lesson: the next lesson stays locked until the learner passes it.

    A child of the lesson page (a ``ParentalKey``), so the gate is part of the page's drafts,
    revisions, previews and publishing: an author changes it in a draft and learners meet it
    once the lesson is published. The rows in the table are those of the published (or never
    published) lesson. At most one per lesson."""

    lesson = ParentalKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="quiz_gates",
        verbose_name=_("lesson"),
    )
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.CASCADE,
        related_name="lesson_gates",
        verbose_name=_("gating quiz"),
        help_text=_(
            "Shown at the end of the lesson. The next lesson stays locked until the learner "
            "passes it."
        ),
    )

    panels = [FieldPanel("quiz")]

    class Meta:
        verbose_name = _("gating quiz")
        verbose_name_plural = _("gating quizzes")
        constraints = [models.UniqueConstraint(fields=["lesson"], name="lesson_gate_once")]

    def __str__(self):
        return str(self.quiz)


class ChangeQuiz(models.Model):
    """The short quiz that completes a content change refresher: the questions linked to the
    changed content, built when the change is recorded (``change_services.change_quiz_build``).
    A change no question checks has none: reading its note completes it."""

    change = models.OneToOneField(
        "courses.ContentChange",
        on_delete=models.CASCADE,
        related_name="change_quiz",
        verbose_name=_("content change"),
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="change_quizzes", verbose_name=_("questions")
    )

    class Meta:
        verbose_name = _("questions on a change")
        verbose_name_plural = _("questions on changes")

    def __str__(self):
        return str(self.quiz)


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # True when the worker (or the next request) submitted it because time ran out.
    timed_out = models.BooleanField(_("submitted when time ran out"), default=False)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="attempt_number_once"),
            # At most one attempt in progress per person and quiz.
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(status="in_progress"),
                name="attempt_one_in_progress",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            # The submitted attempts of many people in a period (the team dashboard's quiz
            # results and questions failed), read from the index without the table.
            models.Index(
                fields=["user", "submitted_at", "status", "quiz", "number", "passed"],
                name="attempt_user_submitted",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.quiz} #{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def awaiting_grading(self) -> bool:
        """Submitted, with an open answer a person has still to grade: no score, no pass or
        fail yet (``quizzes.services.open_answer_grade`` scores it with the last one)."""
        return self.is_submitted and self.score is None


class AttemptQuestion(models.Model):
    """One question as frozen into an attempt, with the learner's answer and its grade."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    # Kept for statistics and refreshers; the snapshot is what counts for grading.
    question = models.ForeignKey(
        Question, null=True, on_delete=models.SET_NULL, related_name="attempt_questions"
    )
    position = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    correct = models.BooleanField(null=True)
    # An open answer of a submitted attempt waits here until a person grades it.
    awaiting_grading = models.BooleanField(_("awaiting grading"), default=False)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("graded by"),
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    grading_comment = models.TextField(_("grader's comment"), blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_position_once"),
            models.UniqueConstraint(fields=["attempt", "question"], name="attempt_question_once"),
        ]
        indexes = [
            # Right or wrong per question of many attempts (questions failed most), read from
            # the index without the table.
            models.Index(
                fields=["attempt", "question", "correct"], name="attempt_question_correct"
            ),
            # The grading queue: the few answers waiting, never a scan of every answer.
            models.Index(
                fields=["attempt"],
                condition=Q(awaiting_grading=True),
                name="attempt_question_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.attempt} / {self.position}"


class ReviewCard(models.Model):
    """One thing one person keeps fresh by spaced review: a question they answered in a
    submitted attempt, or a glossary term they met (a flashcard).

    The memory state is FSRS's (``quizzes.review``): ``state``, ``step``, ``stability``,
    ``difficulty``, ``due`` and ``last_review`` are the fields of ``fsrs.Card``, kept as columns
    so that "due now" is an indexed query. A card shown in the daily review holds the snapshot
    it was shown with (made fresh, with opaque ids, as for an attempt) and, once answered, the
    answer, until it is shown again."""

    class State(models.IntegerChoices):
        # The values of ``fsrs.State``.
        LEARNING = 1, _("Learning")
        REVIEW = 2, pgettext_lazy("review card state", "Review")
        RELEARNING = 3, _("Relearning")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="review_cards"
    )
    term = models.ForeignKey(
        "glossary.GlossaryTerm",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_cards",
    )
    state = models.PositiveSmallIntegerField(_("state"), choices=State, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(_("learning step"), null=True, blank=True)
    stability = models.FloatField(_("stability, days"), null=True, blank=True)
    difficulty = models.FloatField(_("difficulty"), null=True, blank=True)
    due = models.DateTimeField(_("next due"))
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    reps = models.PositiveIntegerField(_("reviews"), default=0)
    lapses = models.PositiveIntegerField(_("lapses"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The last answer given in the daily review (not in an attempt): the daily limit counts
    # the cards answered since midnight.
    practised_at = models.DateTimeField(_("last practised"), null=True, blank=True)
    # The presentation: no snapshot (never shown), a snapshot without a response (shown,
    # waiting for the answer), or both (answered; the result page reads them).
    snapshot = models.JSONField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    shown_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, term__isnull=True)
                | Q(question__isnull=True, term__isnull=False),
                name="review_card_question_or_term",
            ),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="review_card_question_once",
            ),
            models.UniqueConstraint(
                fields=["user", "term"],
                condition=Q(term__isnull=False),
                name="review_card_term_once",
            ),
        ]
        indexes = [models.Index(fields=["user", "due"], name="review_card_user_due")]

    def __str__(self):
        return f"{self.user} — {self.question or self.term}"

    @property
    def is_flashcard(self) -> bool:
        return self.term_id is not None

    @property
    def is_waiting(self) -> bool:
        """Shown and not answered yet."""
        return self.snapshot is not None and self.response is None

    @property
    def is_answered(self) -> bool:
        return self.snapshot is not None and self.response is not None


class ReviewLog(models.Model):
    """One review of a card: the rating FSRS was given, when, and how long it took. Reviews
    come from the daily review and from attempts (each graded answer is a review of its card);
    the streak and "minutes today" count the daily review only."""

    class Source(models.TextChoices):
        ATTEMPT = "attempt", _("Attempt")
        REVIEW = "review", _("Daily review")

    class Rating(models.IntegerChoices):
        # The values of ``fsrs.Rating``.
        AGAIN = 1, _("Again")
        HARD = 2, _("Hard")
        GOOD = 3, _("Good")
        EASY = 4, _("Easy")

    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating)
    # None for a flashcard (the person rated it) and for an answer not graded.
    correct = models.BooleanField(_("correct"), null=True)
    reviewed_at = models.DateTimeField(_("reviewed at"))
    duration_ms = models.PositiveIntegerField(_("duration, ms"), null=True, blank=True)
    # The graded answer of an attempt this review came from: each counts once.
    attempt_question = models.ForeignKey(
        AttemptQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt_question"],
                condition=Q(attempt_question__isnull=False),
                name="review_log_attempt_question_once",
            )
        ]
        indexes = [models.Index(fields=["user", "reviewed_at"], name="review_log_user_day")]

    def __str__(self):
        return f"{self.card} @ {self.reviewed_at:%Y-%m-%d %H:%M}"
