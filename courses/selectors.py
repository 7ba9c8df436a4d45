"""Reads for the knowledge pages. Each returns everything its page shows in a fixed number of
queries, whatever the number of products, steps, images or documents."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from courses.bonus import BonusResult, ComponentRule, bonus_calculate
from courses.models import (
    Assignment,
    BonusComponent,
    BonusSchemePage,
    CheatSheetPage,
    CheatSheetProduct,
    CoursePage,
    CrmRelease,
    CrmTutorialIndexPage,
    CrmTutorialPage,
    CrmTutorialStep,
    DocumentGuideEntry,
    DocumentsGuidePage,
    KnowledgeIndexPage,
    LessonPage,
    LessonProgress,
    OnboardingPlan,
    OnboardingPlanItem,
    ProductCardImage,
    ProductCardMaterial,
    ProductCardPage,
    ProductIndexPage,
    RefresherPolicy,
)
from lms.people.models import JobRole, StaffProfile, Team
from lms.people.selectors import (
    staff_profile_for_user,
    staff_profiles_managed_by,
    user_sees_all_staff,
)

SEARCH_RESULTS_LIMIT = 50
SEARCH_WORD = re.compile(r"\w+(?:[-+.]\w+)*")


def _with_renditions(field: str) -> Prefetch:
    """Prefetch the image in ``field`` together with its existing renditions."""
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions())


def knowledge_sections(*, index: KnowledgeIndexPage | None = None) -> list[Page]:
    """The live sections of the knowledge base (children of its index), in tree order."""
    if index is None:
        index = KnowledgeIndexPage.objects.live().first()
        if index is None:
            return []
    return list(index.get_children().live().specific().order_by("path"))


def knowledge_search(*, query: str, index: KnowledgeIndexPage) -> list[Page]:
    """Live pages below ``index`` matching the words of ``query``, best first, as their
    specific types. Punctuation is dropped first: people type words, and a stray quote or
    operator must not reach the database's full-text syntax."""
    words = SEARCH_WORD.findall(query)
    if not words:
        return []
    pages = Page.objects.live().descendant_of(index).specific()
    return list(get_search_backend().search(" ".join(words), pages)[:SEARCH_RESULTS_LIMIT])


def product_card_list(*, index: ProductIndexPage) -> QuerySet[ProductCardPage]:
    """The live product cards of the catalogue, in the editors' order."""
    return ProductCardPage.objects.live().child_of(index).order_by("path")


def cheat_sheet_list(*, index: ProductIndexPage) -> QuerySet[CheatSheetPage]:
    """The live cheat-sheets of the catalogue, in the editors' order."""
    return CheatSheetPage.objects.live().child_of(index).order_by("path")


def product_card_images(*, card: ProductCardPage) -> list[ProductCardImage]:
    """The card's images in order, with their renditions loaded in the same query batch."""
    return list(
        ProductCardImage.objects.filter(page=card)
        .prefetch_related(_with_renditions("image"))
        .order_by("sort_order")
    )


def product_card_materials(*, card: ProductCardPage) -> list[ProductCardMaterial]:
    """The card's marketing materials in order, with their documents."""
    return list(
        ProductCardMaterial.objects.filter(page=card)
        .select_related("document")
        .order_by("sort_order")
    )


@dataclass(frozen=True)
class CheatSheetEntry:
    product: ProductCardPage
    usps: list


def cheat_sheet_products(*, sheet: CheatSheetPage) -> list[CheatSheetEntry]:
    """The sheet's live products in the author's order, each with its first N USPs."""
    rows = (
        CheatSheetProduct.objects.filter(page=sheet, product__live=True)
        .select_related("product")
        .order_by("sort_order")
    )
    return [
        CheatSheetEntry(product=row.product, usps=list(row.product.usps)[: row.usp_count])
        for row in rows
    ]


@dataclass(frozen=True)
class CrmTutorialListing:
    tutorials: QuerySet[CrmTutorialPage]
    job_role: JobRole | None
    show_all: bool


def crm_tutorial_list_for_user(
    *, index: CrmTutorialIndexPage, user, show_all: bool = False
) -> CrmTutorialListing:
    """The tutorials a person should see first: those for their own job role. ``show_all``
    (or having no job role) lists every tutorial."""
    profile = staff_profile_for_user(user=user)
    job_role = profile.job_role if profile else None
    show_all = show_all or job_role is None
    return CrmTutorialListing(
        tutorials=crm_tutorial_list(index=index, job_role=None if show_all else job_role),
        job_role=job_role,
        show_all=show_all,
    )


def crm_tutorial_list(
    *, index: CrmTutorialIndexPage, job_role: JobRole | None = None
) -> QuerySet[CrmTutorialPage]:
    """Live tutorials below ``index``; with ``job_role``, only those for that role."""
    tutorials = (
        CrmTutorialPage.objects.live()
        .child_of(index)
        .select_related("feature")
        .prefetch_related("job_roles")
        .order_by("path")
    )
    if job_role is not None:
        tutorials = tutorials.filter(job_roles=job_role)
    return tutorials


def crm_tutorial_detail(*, tutorial: CrmTutorialPage) -> dict:
    """Steps (screenshots and renditions loaded), roles, and the newest release that changed
    the tutorial's feature after the release the tutorial describes (None when that release
    is unknown or nothing changed since)."""
    steps = list(
        CrmTutorialStep.objects.filter(page=tutorial)
        .prefetch_related(_with_renditions("screenshot"))
        .order_by("sort_order")
    )
    described = CrmRelease.objects.filter(version=tutorial.crm_version).first()
    newer_release = None
    if described is not None:
        newer_release = (
            CrmRelease.objects.filter(
                changed_features=tutorial.feature_id, released_on__gt=described.released_on
            )
            .order_by("-released_on")
            .first()
        )
    return {
        "steps": steps,
        "job_roles": list(tutorial.job_roles.all()),
        "feature": tutorial.feature,
        "latest_release": newer_release,
    }


@dataclass(frozen=True)
class BonusExample:
    title: str
    job_role: JobRole | None
    story: str
    result: BonusResult


def _bonus_rules(components: list[BonusComponent]) -> list[ComponentRule]:
    return [
        ComponentRule(
            key=c.pk,
            metric=c.metric,
            weight=c.weight,
            target=c.target,
            higher_is_better=c.higher_is_better,
        )
        for c in components
    ]


def bonus_components(*, scheme: BonusSchemePage) -> list[BonusComponent]:
    """The scheme's components in the editors' order."""
    return list(BonusComponent.objects.filter(page=scheme).order_by("sort_order"))


def bonus_scheme_detail(
    *,
    scheme: BonusSchemePage,
    components: list[BonusComponent],
    actuals: Mapping[int, Decimal] | None = None,
) -> dict:
    """The worked examples computed from ``components``, and the what-if result for
    ``actuals`` (results by component id) when given."""
    rules = _bonus_rules(components)
    by_metric = {c.metric.strip().casefold(): c.pk for c in components}

    def calculate(actuals):
        return bonus_calculate(
            rules=rules,
            actuals=actuals,
            target_bonus=scheme.target_bonus,
            floor_percent=scheme.payout_floor,
            cap_percent=scheme.payout_cap,
        )

    examples = []
    for block in scheme.examples:
        example_actuals = {
            by_metric[a["metric"].strip().casefold()]: Decimal(a["value"])
            for a in block.value["actuals"]
            if a["metric"].strip().casefold() in by_metric
        }
        examples.append(
            BonusExample(
                title=block.value["title"],
                job_role=block.value["job_role"],
                story=block.value["story"],
                result=calculate(example_actuals),
            )
        )

    return {
        "components": components,
        "examples": examples,
        "calculation": calculate(actuals) if actuals is not None else None,
    }


@dataclass(frozen=True)
class DocumentGroup:
    kind: str
    label: str
    entries: list[DocumentGuideEntry]


def documents_guide_entries(*, guide: DocumentsGuidePage) -> list[DocumentGroup]:
    """The guide's entries grouped by kind (contracts, forms, regulations, other)."""
    entries = list(
        DocumentGuideEntry.objects.filter(page=guide)
        .select_related("document")
        .order_by("sort_order")
    )
    groups = []
    for kind, label in DocumentGuideEntry.Kind.choices:
        members = [e for e in entries if e.kind == kind]
        if members:
            groups.append(DocumentGroup(kind=kind, label=label, entries=members))
    return groups


# --- Courses, lessons and the learner's plan -----------------------------------------------


@dataclass(frozen=True)
class LessonState:
    LOCKED = "locked"
    OPEN = "open"
    COMPLETED = "completed"

    lesson: LessonPage
    state: str
    gate_quiz_id: int | None
    gate_passed: bool
    opened: bool


@dataclass(frozen=True)
class CourseOutline:
    course: CoursePage
    lessons: list[LessonState]

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for item in self.lessons if item.state == LessonState.COMPLETED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def next_lesson(self) -> LessonPage | None:
        """The lesson to continue with: the first open one not yet completed."""
        for item in self.lessons:
            if item.state == LessonState.OPEN:
                return item.lesson
        return None

    def state_of(self, lesson_id: int) -> LessonState | None:
        for item in self.lessons:
            if item.lesson.pk == lesson_id:
                return item
        return None

    def neighbours(self, lesson_id: int) -> tuple[LessonState | None, LessonState | None]:
        """The lessons before and after ``lesson_id`` in the course."""
        for index, item in enumerate(self.lessons):
            if item.lesson.pk == lesson_id:
                before = self.lessons[index - 1] if index > 0 else None
                after = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
                return before, after
        return None, None


def _lesson_states(lessons: list[LessonPage], progress: dict[int, LessonProgress]):
    """Lessons open in order: one is open once every lesson before it is completed; a lesson
    is completed once marked done and, if it ends with a quiz, that quiz is passed."""
    states, all_before_done = [], True
    for lesson in lessons:
        row = progress.get(lesson.pk)
        gate_passed = row is not None and row.gate_passed_at is not None
        done = (
            row is not None
            and row.completed_at is not None
            and (lesson.gate_quiz_id is None or gate_passed)
        )
        if done:
            state = LessonState.COMPLETED
        elif all_before_done:
            state = LessonState.OPEN
        else:
            state = LessonState.LOCKED
        states.append(
            LessonState(
                lesson=lesson,
                state=state,
                gate_quiz_id=lesson.gate_quiz_id,
                gate_passed=gate_passed,
                opened=row is not None,
            )
        )
        all_before_done = all_before_done and done
    return states


def _progress_by_lesson(*, user, lesson_ids) -> dict[int, LessonProgress]:
    if not getattr(user, "is_authenticated", False) or not lesson_ids:
        return {}
    rows = LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids)
    return {row.lesson_id: row for row in rows}


def lesson_list(*, course: CoursePage) -> list[LessonPage]:
    """The course's live lessons in order, without their bodies."""
    return list(LessonPage.objects.live().child_of(course).defer_streamfields().order_by("path"))


def course_outline_for_learner(*, course: CoursePage, user) -> CourseOutline:
    """Every live lesson of ``course`` with its state for ``user`` (locked, open, completed).
    Two queries, whatever the number of lessons."""
    lessons = lesson_list(course=course)
    progress = _progress_by_lesson(user=user, lesson_ids=[lesson.pk for lesson in lessons])
    return CourseOutline(course=course, lessons=_lesson_states(lessons, progress))


def lesson_context_for_learner(*, lesson: LessonPage, user) -> dict:
    """What a lesson page shows around its body: the course, the lesson's state, the lessons
    before and after it, and its gating quiz."""
    course = CoursePage.objects.get(pk=lesson.get_parent().pk) if lesson.pk else None
    if course is None:  # an unsaved lesson in the editor's preview
        return {"course": None, "state": None, "previous": None, "next": None, "gate_quiz": None}
    outline = course_outline_for_learner(course=course, user=user)
    previous, following = outline.neighbours(lesson.pk)
    return {
        "course": course,
        "outline": outline,
        "state": outline.state_of(lesson.pk),
        "previous": previous,
        "next": following,
        "gate_quiz": lesson.gate_quiz if lesson.gate_quiz_id else None,
    }


@dataclass(frozen=True)
class PlanEntry:
    assignment: Assignment
    # None for a quiz or a content change to re-learn: they have no lessons.
    outline: CourseOutline | None

    @property
    def is_overdue(self) -> bool:
        return self.assignment.is_overdue


@dataclass(frozen=True)
class Plan:
    current: list[PlanEntry]
    completed: list[PlanEntry]

    @property
    def continue_with(self) -> LessonPage | None:
        """Where the single "continue" button leads: the next lesson of the first open
        assignment that has one."""
        for entry in self.current:
            if entry.outline is not None and entry.outline.next_lesson is not None:
                return entry.outline.next_lesson
        return None


def _outlines(*, courses: list[CoursePage], user) -> dict[int, CourseOutline]:
    """The outline of each course for ``user``: two queries for any number of courses (their
    live lessons, then the person's progress in them)."""
    lessons_by_course: dict[int, list[LessonPage]] = {course.pk: [] for course in courses}
    if courses:
        under_any = Q()
        for course in courses:
            under_any |= Q(path__startswith=course.path, depth=course.depth + 1)
        path_to_course = {course.path: course.pk for course in courses}
        lessons = LessonPage.objects.live().filter(under_any).defer_streamfields().order_by("path")
        for lesson in lessons:
            lessons_by_course[path_to_course[lesson.path[: -LessonPage.steplen]]].append(lesson)
    all_lesson_ids = [lesson.pk for group in lessons_by_course.values() for lesson in group]
    progress = _progress_by_lesson(user=user, lesson_ids=all_lesson_ids)
    return {
        course.pk: CourseOutline(
            course=course, lessons=_lesson_states(lessons_by_course[course.pk], progress)
        )
        for course in courses
    }


def plan_for_learner(*, user) -> Plan:
    """The person's assignments: open ones by due date (soonest first, undated last), then
    completed ones (latest first), each course with its outline. Courses and quizzes that are
    no longer live are left out. Three queries, whatever the number of assignments, courses or
    lessons."""
    assignments = list(
        Assignment.objects.filter(user=user)
        .filter(Q(course__live=True) | Q(quiz__live=True) | Q(content_change__isnull=False))
        .select_related("course", "quiz", "content_change")
        .order_by(F("due_at").asc(nulls_last=True), "assigned_at", "pk")
    )
    courses = list({a.course_id: a.course for a in assignments if a.course_id}.values())
    outlines = _outlines(courses=courses, user=user)
    entries = [PlanEntry(assignment=a, outline=outlines.get(a.course_id)) for a in assignments]
    current = [e for e in entries if e.assignment.is_open]
    completed = sorted(
        (e for e in entries if not e.assignment.is_open),
        key=lambda e: e.assignment.completed_at or e.assignment.assigned_at,
        reverse=True,
    )
    return Plan(current=current, completed=completed)


@dataclass(frozen=True)
class CatalogueEntry:
    course: CoursePage
    outline: CourseOutline
    for_my_role: bool


def course_list_for_learner(*, user) -> list[CatalogueEntry]:
    """Every live course in the catalogue's order with the person's progress in it; courses
    for the person's job role (or for everyone) are marked. Five queries, whatever the number
    of courses or lessons."""
    courses = list(CoursePage.objects.live().order_by("path").prefetch_related("job_roles"))
    outlines = _outlines(courses=courses, user=user)
    profile = staff_profile_for_user(user=user)
    job_role_id = profile.job_role_id if profile is not None else None
    return [
        CatalogueEntry(
            course=course,
            outline=outlines[course.pk],
            for_my_role=not course.job_roles.all()
            or any(role.pk == job_role_id for role in course.job_roles.all()),
        )
        for course in courses
    ]


# --- Managers: assigning courses ------------------------------------------------------------

# The status filter's value for open assignments past their due time (stored or not yet).
OVERDUE = "overdue"


def assignable_staff(*, user) -> QuerySet[StaffProfile]:
    """The staff ``user`` may assign courses to: those they manage who have not left."""
    return staff_profiles_managed_by(user=user).exclude(status=StaffProfile.Status.LEFT)


def assignable_teams(*, user) -> QuerySet[Team]:
    """The teams ``user`` may assign a course to as a whole: every team for an administrator or
    HR, otherwise the teams they manage."""
    if user_sees_all_staff(user=user):
        return Team.objects.all()
    return Team.objects.filter(managers=user)


def assignments_of_managed_staff(
    *, user, course_id: int | None = None, status: str = ""
) -> QuerySet[Assignment]:
    """Assignments of everyone ``user`` manages (see ``staff_profiles_managed_by``), with the
    person, their team and the course loaded; soonest due first, undated last.

    ``status`` filters by what the person would see now: "overdue" is any open assignment past
    its due time (stored as overdue or not yet), and "assigned" and "in_progress" leave those
    out."""
    managed_users = staff_profiles_managed_by(user=user).values("user_id")
    assignments = Assignment.objects.filter(user_id__in=managed_users).select_related(
        "user", "user__staff_profile__team", "course", "quiz", "content_change"
    )
    if course_id:
        assignments = assignments.filter(course_id=course_id)
    now = timezone.now()
    past_due = Q(status__in=Assignment.OPEN_STATUSES, due_at__lt=now)
    if status == OVERDUE:
        assignments = assignments.filter(Q(status=Assignment.Status.OVERDUE) | past_due)
    elif status in (Assignment.Status.ASSIGNED, Assignment.Status.IN_PROGRESS):
        assignments = assignments.filter(status=status).exclude(past_due)
    elif status:
        assignments = assignments.filter(status=status)
    return assignments.order_by(
        F("due_at").asc(nulls_last=True), "user__last_name", "user__first_name", "pk"
    )


def page_viewable_by(*, page: Page, user) -> bool:
    """Whether Wagtail's page privacy lets ``user`` see ``page``: restrictions on the page or
    any ancestor to signed-in people or to groups. A password-protected page counts as not
    viewable here (outside the page itself there is nobody to ask for the password). One
    query."""
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            if not user.is_authenticated:
                return False
        elif restriction.restriction_type == PageViewRestriction.GROUPS:
            if not user.is_authenticated:
                return False
            if (
                not user.is_superuser
                and not user.groups.filter(pk__in=restriction.groups.values("pk")).exists()
            ):
                return False
        else:
            return False
    return True


# --- One person's record ------------------------------------------------------------------------


def assignments_of_person(*, user) -> list[Assignment]:
    """Every assignment of ``user``, whatever its state and whether its course or quiz is still
    live, with the course, quiz and content change loaded; soonest due first, undated last.
    One query."""
    return list(
        Assignment.objects.filter(user=user)
        .select_related("course", "quiz", "content_change")
        .order_by(F("due_at").asc(nulls_last=True), "assigned_at", "pk")
    )


def gate_quizzes_by_course(*, courses: list[CoursePage]) -> dict[int, set[int]]:
    """The quizzes that end a live lesson of each of ``courses`` (ids), by course id; a course
    without any maps to an empty set. One query for any number of courses, none for none."""
    result: dict[int, set[int]] = {course.pk: set() for course in courses}
    if not courses:
        return result
    under_any = Q()
    for course in courses:
        under_any |= Q(path__startswith=course.path, depth=course.depth + 1)
    path_to_course = {course.path: course.pk for course in courses}
    lessons = (
        LessonPage.objects.live()
        .filter(under_any, gate_quiz__isnull=False)
        .values_list("path", "gate_quiz_id")
    )
    for path, quiz_id in lessons:
        result[path_to_course[path[: -LessonPage.steplen]]].add(quiz_id)
    return result


def assignments_overdue_of(
    *, user_ids, now: datetime.datetime | None = None
) -> QuerySet[Assignment]:
    """The open assignments of these people (a list or a query of user ids) that are past due
    at ``now`` (stored as overdue or not yet), with the person, the course, quiz or change
    loaded; longest overdue first."""
    now = now or timezone.now()
    return (
        Assignment.objects.filter(user_id__in=user_ids)
        .filter(
            Q(status=Assignment.Status.OVERDUE)
            | Q(status__in=Assignment.OPEN_STATUSES, due_at__lt=now)
        )
        .select_related("user", "course", "quiz", "content_change")
        .order_by(F("due_at").asc(nulls_last=True), "user__last_name", "user__first_name", "pk")
    )


def assignments_completed_of(
    *, user_ids, since: datetime.datetime, until: datetime.datetime | None = None
) -> QuerySet[Assignment]:
    """The assignments these people (a list or a query of user ids) completed from ``since``
    up to ``until`` (now by default), with the person, the course, quiz or change loaded;
    latest first."""
    until = until or timezone.now()
    return (
        Assignment.objects.filter(
            user_id__in=user_ids,
            status=Assignment.Status.COMPLETED,
            completed_at__gte=since,
            completed_at__lte=until,
        )
        .select_related("user", "course", "quiz", "content_change")
        .order_by("-completed_at", "pk")
    )


def onboarding_plan_completed_by(*, user) -> OnboardingPlan | None:
    """The onboarding plan of ``user``'s job role when they have completed every course of it
    (each has a completed assignment, whatever its source), else None: no profile, no job
    role, no plan, or a course still to do. Two queries."""
    plan = (
        OnboardingPlan.objects.select_related("job_role")
        .filter(job_role__staff__user_id=user.pk)
        .first()
    )
    if plan is None:
        return None
    outstanding = (
        OnboardingPlanItem.objects.filter(plan=plan)
        .exclude(
            course_id__in=Assignment.objects.filter(
                user_id=user.pk, course__isnull=False, status=Assignment.Status.COMPLETED
            ).values("course_id")
        )
        .exists()
    )
    return None if outstanding else plan


# --- Aggregates over a group of people (the reports' dashboard) --------------------------------
# Each takes ``user_ids`` (a ``values("user_id")`` queryset or a list) and costs one query
# whatever the number of people.


def assignment_overdue_q(*, now, prefix: str = "") -> Q:
    """A ``Q`` over ``Assignment`` (fields prefixed with ``prefix``) keeping open assignments
    past their due time: stored as overdue, or still open with a due time before ``now``."""
    return Q(**{f"{prefix}status": Assignment.Status.OVERDUE}) | Q(
        **{f"{prefix}status__in": Assignment.OPEN_STATUSES, f"{prefix}due_at__lt": now}
    )


@dataclass(frozen=True)
class OnboardingCounts:
    """Of some people: how many have an onboarding plan assigned, how many of those have an
    onboarding assignment overdue now, and how many completed every one of theirs."""

    in_plan: int
    overdue: int
    all_done: int

    @property
    def on_time(self) -> int:
        return self.in_plan - self.overdue


def onboarding_counts(*, user_ids, now) -> OnboardingCounts:
    """The onboarding figures of ``user_ids`` (see ``OnboardingCounts``). One query: each
    person's onboarding assignments are read once, grouped by person (overdue and open ones
    counted), and the groups counted."""
    per_person = (
        Assignment.objects.filter(source=Assignment.Source.ONBOARDING, user_id__in=user_ids)
        .order_by()
        .values("user_id")
        .annotate(
            n_overdue=Count("pk", filter=assignment_overdue_q(now=now)),
            n_open=Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES)),
        )
    )
    counts = per_person.aggregate(
        in_plan=Count("user_id"),
        overdue=Count("user_id", filter=Q(n_overdue__gt=0)),
        all_done=Count("user_id", filter=Q(n_open=0)),
    )
    return OnboardingCounts(**counts)


@dataclass(frozen=True)
class OverduePerson:
    user_id: int
    first_name: str
    last_name: str
    username: str
    overdue: int
    oldest_due: object  # datetime

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.username


def overdue_totals(*, user_ids, now) -> tuple[int, int]:
    """How many of ``user_ids`` have assignments overdue now, and how many assignments that is.
    One query."""
    totals = Assignment.objects.filter(
        assignment_overdue_q(now=now), user_id__in=user_ids
    ).aggregate(people=Count("user_id", distinct=True), assignments=Count("pk"))
    return totals["people"], totals["assignments"]


def overdue_by_person(*, user_ids, now, limit: int | None = None) -> list[OverduePerson]:
    """The people of ``user_ids`` with assignments overdue now (any source), most overdue
    first, then the longest overdue; the first ``limit`` of them when given. One query."""
    rows = (
        Assignment.objects.filter(assignment_overdue_q(now=now), user_id__in=user_ids)
        .values("user_id", "user__first_name", "user__last_name", "user__username")
        .annotate(overdue=Count("pk"), oldest_due=Min("due_at"))
        .order_by("-overdue", "oldest_due", "user__last_name", "user_id")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        OverduePerson(
            user_id=row["user_id"],
            first_name=row["user__first_name"],
            last_name=row["user__last_name"],
            username=row["user__username"],
            overdue=row["overdue"],
            oldest_due=row["oldest_due"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Compliance:
    """Refresher assignments of one policy or one content change: assigned, done, overdue."""

    key: int
    title: str
    assigned: int
    done: int
    overdue: int

    @property
    def done_rate(self) -> float | None:
        return self.done * 100 / self.assigned if self.assigned else None


def _compliance_counts(now):
    return {
        "assigned": Count("pk"),
        "done": Count("pk", filter=Q(status=Assignment.Status.COMPLETED)),
        "overdue": Count("pk", filter=assignment_overdue_q(now=now)),
    }


def refresher_compliance_by_policy(*, user_ids, now, start=None, end=None) -> list[Compliance]:
    """Per active refresher policy, the refresher assignments of ``user_ids`` assigned in
    [start, end) for the policy's course or quiz (a refresher assignment names its target, not
    its policy: two policies of one course share their figures). Policies with no assignment
    are left out. Two queries."""
    assignments = Assignment.objects.filter(
        user_id__in=user_ids, source=Assignment.Source.REFRESHER
    )
    if start is not None:
        assignments = assignments.filter(assigned_at__gte=start)
    if end is not None:
        assignments = assignments.filter(assigned_at__lt=end)
    rows = {
        (row["course_id"], row["quiz_id"]): row
        for row in assignments.values("course_id", "quiz_id")
        .annotate(**_compliance_counts(now))
        .order_by()
    }
    figures = []
    for policy in RefresherPolicy.objects.filter(active=True).order_by("title", "pk"):
        row = rows.get((policy.course_id, policy.quiz_id))
        if row is not None:
            figures.append(
                Compliance(
                    key=policy.pk,
                    title=policy.title,
                    assigned=row["assigned"],
                    done=row["done"],
                    overdue=row["overdue"],
                )
            )
    return figures


def refresher_compliance_by_change(
    *, user_ids, now, start=None, end=None, limit: int = 10
) -> list[Compliance]:
    """Per content change (the ``limit`` most recently published that ``user_ids`` have to
    re-learn, with the assignment assigned in [start, end)), their assigned, done and overdue
    refreshers. One query."""
    assignments = Assignment.objects.filter(
        user_id__in=user_ids, source=Assignment.Source.CONTENT_CHANGE
    )
    if start is not None:
        assignments = assignments.filter(assigned_at__gte=start)
    if end is not None:
        assignments = assignments.filter(assigned_at__lt=end)
    rows = (
        assignments.values(
            "content_change_id", "content_change__title", "content_change__published_at"
        )
        .annotate(**_compliance_counts(now))
        .order_by("-content_change__published_at", "-content_change_id")[:limit]
    )
    return [
        Compliance(
            key=row["content_change_id"],
            title=row["content_change__title"],
            assigned=row["assigned"],
            done=row["done"],
            overdue=row["overdue"],
        )
        for row in rows
    ]
