"""The weak-spot rule: from the evaluations of a person's contacts to the training they need,
and back to whether it worked.

A criterion is *weak* for a person when, in their last ``weak_of_last`` evaluations of it (a
criterion answered "not applicable" is not evaluated there), its result was below the
scorecard's ``weak_threshold_percent`` in at least ``weak_below_count`` of them, or it failed
as a critical criterion in any of them. A criterion's result in an evaluation is yes = 100 %,
no = 0 %, points / N. Criteria are matched across the scorecard's versions by their code, and
only criteria the scorecard still has count (a removed criterion teaches nothing any more).
Evaluations superseded after a dispute do not count; those of inactive scorecards neither.

A weak spot found (``WeakSpot``):

- the courses that teach the criterion are assigned to the person, source "quality", due in
  ``weak_due_days``: a linked lesson assigns its course, a linked course itself. The linked
  lessons (all the course's, for a linked course) are re-learned: the person's progress in
  them is cleared, so the assignment completes when they have gone through them again. A
  course the person already has open is not assigned twice; the weak spot waits for that
  one. Knowledge pages (product cards, CRM tutorials, …) are not assignments: they are named
  in the notification;
- the criterion's quiz questions join the person's spaced review
  (``quizzes.review_services.review_cards_add``: new cards due now, existing ones brought
  forward);
- the person's active mentor and their managers (of their team, and their line manager) are
  notified with the evidence; the person hears of the course from their plan's notification.

While a weak spot is open (its assignments not all completed) the criterion brings nothing
new. It closes when the last of them is completed (at once, if it assigned nothing); from then
on only contacts after that day count, so the same evaluations never assign the same training
twice, and new weak evaluations after the training assign it again. A closed weak spot is
*recovered* when the latest evaluation of the criterion after the training is at or above the
threshold (and not a critical fail) while the rule does not fire on the evaluations after it.

``weak_spots_scan`` is set-based: the rule is one SQL statement over all answers (window
functions, on SQLite and PostgreSQL alike), and what follows is a fixed number of queries for
any number of weak spots. It is one transaction and idempotent: a second run, a retried task
or two runs at once (the unique constraint on the open weak spot settles a race) assign and
notify nothing twice.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from courses.models import Assignment, CoursePage, LessonPage, LessonProgress
from courses.services import due_after
from lms.people.models import StaffProfile, Team, person_name
from mentoring.models import Pairing
from quality.models import (
    Criterion,
    Evaluation,
    EvaluationAnswer,
    EvaluationEvent,
    Scorecard,
    ScorecardVersion,
    WeakSpot,
)
from quality.notifications import weak_spots_notify
from quizzes.review_services import review_cards_add

CHUNK = 5_000

Key = tuple[int, int, str]  # person id, scorecard id, criterion code


@dataclass(frozen=True)
class ScanResult:
    found: int  # new weak spots
    assigned: int  # assignments made for them (open ones taken over not counted)
    cards: int  # review cards made
    notified: int  # notifications offered to mentors and managers
    closed: int  # weak spots whose training was done
    recovered: int


@dataclass
class Found:
    """A weak criterion as the rule found it: the evaluations that make it weak, newest
    first, as (evaluation id, contact date, result %)."""

    evidence: list[tuple[int, datetime.date, float]]
    critical_failed: bool


# --- The rule in SQL ------------------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


def _criteria_values() -> str:
    """Each criterion of every version that needs more than its answer to score: its maximum
    points and critical flag, as an SQL ``VALUES`` list ``(version, criterion, max, critical)``
    (plus a row that matches nothing, so the list is never empty). Read from the snapshots:
    versions are few, answers many."""
    rows = ["(0, 0, 1, 0)"]
    for version_id, snapshot in ScorecardVersion.objects.values_list("pk", "snapshot"):
        for criterion in snapshot.get("criteria", []):
            max_points = int(criterion.get("max_points") or 1)
            critical = 1 if criterion.get("critical") else 0
            if criterion.get("scale") == "points" or critical:
                rows.append(
                    f"({int(version_id)}, {int(criterion['id'])}, {max_points}, {critical})"
                )
    return ", ".join(rows)


def _ids_sql(ids: list[int] | None, column: str) -> str:
    # Integers written into the statement (not parameters): a scan of everyone names tens of
    # thousands of people, beyond SQLite's limit on parameters.
    if ids is None:
        return ""
    return f" AND {column} IN ({', '.join(str(int(pk)) for pk in ids)})"


def _scored_sql(answer: str = "r") -> str:
    """The columns of an answer's result: ``pct`` (0–100) and ``crit`` (1 when it failed as a
    critical criterion), over ``answer`` (its value and points) joined to ``c`` (the criteria
    VALUES)."""
    return (
        f"CASE {answer}.value WHEN 'yes' THEN 100.0 WHEN 'no' THEN 0.0 "
        f"ELSE {answer}.points * 100.0 / c.max_points END AS pct, "
        f"CASE WHEN c.critical = 1 AND ({answer}.value = 'no' "
        f"OR ({answer}.value = 'points' AND {answer}.points = 0)) THEN 1 ELSE 0 END AS crit"
    )


def _not_superseded(evaluation: str) -> str:
    """The evaluations that count for their person: not replaced after a dispute, and not a
    calibration scoring (which measures the evaluators)."""
    events = _table(EvaluationEvent)
    changed = f"ev.evaluation_id = {evaluation}.id AND ev.kind = 'changed'"
    kept = f"{evaluation}.calibration_id IS NULL"
    return f"{kept} AND NOT EXISTS (SELECT 1 FROM {events} ev WHERE {changed})"  # noqa: S608


def _weak_found(*, person_ids: list[int] | None, criteria_values: str) -> dict[Key, Found]:
    """Every criterion the rule finds weak for a person (of ``person_ids``, or everyone) that
    has no open weak spot, counting only contacts after the last weak spot of it closed. One
    statement; returns only the weak ones."""
    weak, answer, evaluation = _table(WeakSpot), _table(EvaluationAnswer), _table(Evaluation)
    # The longest window of any scorecard: rows beyond it are dropped before anything is joined.
    longest = Scorecard.objects.aggregate(longest=Max("weak_of_last"))["longest"] or 0
    sql = f"""
    WITH crit(version_id, criterion_id, max_points, critical) AS (VALUES {criteria_values}),
    cut AS (
        SELECT person_id, scorecard_id, criterion_code, MAX(closed_on) AS closed_on
        FROM {weak} WHERE closed_on IS NOT NULL{_ids_sql(person_ids, "person_id")}
        GROUP BY person_id, scorecard_id, criterion_code
    ),
    -- The window's sort is the cost: it carries the answer's id alone, and the rows inside a
    -- criterion's window are read again by id.
    ranked AS (
        SELECT a.id AS answer_id, ROW_NUMBER() OVER (
                   PARTITION BY e.person_id, v.scorecard_id, a.criterion_code
                   ORDER BY e.contact_date DESC, e.id DESC
               ) AS rn
        FROM {answer} a
        JOIN {evaluation} e ON e.id = a.evaluation_id
        JOIN {_table(ScorecardVersion)} v ON v.id = e.scorecard_version_id
        LEFT JOIN cut ON cut.person_id = e.person_id AND cut.scorecard_id = v.scorecard_id
                     AND cut.criterion_code = a.criterion_code
        WHERE a.value <> 'na'
          AND (cut.closed_on IS NULL OR e.contact_date > cut.closed_on)
          AND {_not_superseded("e")}{_ids_sql(person_ids, "e.person_id")}
    ),
    scored AS (
        SELECT e.person_id, v.scorecard_id, r.criterion_code, e.id AS evaluation_id,
               e.contact_date, r.rn, sc.weak_below_count AS needed,
               sc.weak_threshold_percent AS threshold, {_scored_sql()}
        FROM (SELECT x.*, w.rn FROM ranked w JOIN {answer} x ON x.id = w.answer_id
              WHERE w.rn <= {int(longest)}) r
        JOIN {evaluation} e ON e.id = r.evaluation_id
        JOIN {_table(ScorecardVersion)} v ON v.id = e.scorecard_version_id
        JOIN {_table(Scorecard)} sc ON sc.id = v.scorecard_id
        LEFT JOIN crit c ON c.version_id = e.scorecard_version_id
                        AND c.criterion_id = r.criterion_id
        WHERE r.rn <= sc.weak_of_last AND sc.is_active
    ),
    windowed AS (
        SELECT s.*,
               SUM(CASE WHEN s.pct < s.threshold THEN 1 ELSE 0 END) OVER (
                   PARTITION BY s.person_id, s.scorecard_id, s.criterion_code) AS below,
               MAX(s.crit) OVER (
                   PARTITION BY s.person_id, s.scorecard_id, s.criterion_code) AS crit_failed
        FROM scored s
    )
    SELECT w.person_id, w.scorecard_id, w.criterion_code, w.evaluation_id, w.contact_date,
           w.pct, w.crit_failed
    FROM windowed w
    JOIN {_table(get_user_model())} u ON u.id = w.person_id AND u.is_active
    WHERE (w.below >= w.needed OR w.crit_failed = 1)
      AND EXISTS (SELECT 1 FROM {_table(Criterion)} cr
                  WHERE cr.scorecard_id = w.scorecard_id AND cr.code = w.criterion_code)
      AND NOT EXISTS (SELECT 1 FROM {weak} o
                      WHERE o.person_id = w.person_id AND o.scorecard_id = w.scorecard_id
                        AND o.criterion_code = w.criterion_code AND o.closed_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM {_table(StaffProfile)} sp
                      WHERE sp.user_id = w.person_id AND sp.status = 'left')
    ORDER BY w.person_id, w.scorecard_id, w.criterion_code, w.rn
    """  # noqa: S608 (table names from the models, integers from the database; no input)
    found: dict[Key, Found] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for person_id, scorecard_id, code, evaluation_id, day, pct, crit in cursor.fetchall():
            key = (person_id, scorecard_id, code)
            entry = found.setdefault(key, Found(evidence=[], critical_failed=bool(crit)))
            entry.evidence.append((evaluation_id, _as_date(day), float(pct)))
    return found


def _as_date(value) -> datetime.date:
    # SQLite hands a date column back as text from a raw statement.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _recovery_candidates(
    *, person_ids: list[int] | None, criteria_values: str
) -> list[tuple[int, int, float, int, int]]:
    """The latest weak spot of each criterion of a person, closed and not recovered, with the
    latest evaluation of the criterion after its training: rows of (weak spot id, evaluation
    id, result %, critical fail, threshold). One statement over those people's answers."""
    weak, answer, evaluation = _table(WeakSpot), _table(EvaluationAnswer), _table(Evaluation)
    sql = f"""
    WITH crit(version_id, criterion_id, max_points, critical) AS (VALUES {criteria_values}),
    pending AS (
        SELECT w.id, w.person_id, w.scorecard_id, w.criterion_code, w.closed_on
        FROM {weak} w
        WHERE w.closed_on IS NOT NULL AND w.recovered_at IS NULL{_ids_sql(person_ids, "w.person_id")}
          AND NOT EXISTS (SELECT 1 FROM {weak} later
                          WHERE later.person_id = w.person_id
                            AND later.scorecard_id = w.scorecard_id
                            AND later.criterion_code = w.criterion_code
                            AND later.detected_at > w.detected_at)
    ),
    scored AS (
        SELECT p.id AS weak_spot_id, e.id AS evaluation_id, e.contact_date,
               {_scored_sql("a")}
        FROM pending p
        JOIN {evaluation} e ON e.person_id = p.person_id AND e.contact_date > p.closed_on
        JOIN {_table(ScorecardVersion)} v ON v.id = e.scorecard_version_id
                                           AND v.scorecard_id = p.scorecard_id
        JOIN {answer} a ON a.evaluation_id = e.id AND a.criterion_code = p.criterion_code
        LEFT JOIN crit c ON c.version_id = e.scorecard_version_id
                        AND c.criterion_id = a.criterion_id
        WHERE a.value <> 'na' AND {_not_superseded("e")}
    ),
    ranked AS (
        SELECT s.*, ROW_NUMBER() OVER (
            PARTITION BY s.weak_spot_id
            ORDER BY s.contact_date DESC, s.evaluation_id DESC
        ) AS rn
        FROM scored s
    )
    SELECT r.weak_spot_id, r.evaluation_id, r.pct, r.crit, sc.weak_threshold_percent
    FROM ranked r
    JOIN {weak} w ON w.id = r.weak_spot_id
    JOIN {_table(Scorecard)} sc ON sc.id = w.scorecard_id
    WHERE r.rn = 1
    """  # noqa: S608 (table names from the models, integers from the database; no input)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(ws, ev, float(pct), crit, threshold) for ws, ev, pct, crit, threshold in cursor]


# --- The scan -------------------------------------------------------------------------------


def weak_spots_scan(
    *, person_ids: Iterable[int] | None = None, now: datetime.datetime | None = None
) -> ScanResult:
    """Apply the weak-spot rule of every active scorecard to the people ``person_ids`` (None:
    everyone): close the weak spots whose training is done, find the new ones and assign
    their training (see the module's docstring), and mark the recovered ones. Returns what
    it did. One transaction; idempotent; a fixed number of queries for any number of people."""
    now = now or timezone.now()
    ids = None if person_ids is None else sorted({int(pk) for pk in person_ids})
    if ids == []:
        return ScanResult(found=0, assigned=0, cards=0, notified=0, closed=0, recovered=0)
    with transaction.atomic():
        closed = _weak_spots_close(person_ids=ids, now=now)
        criteria_values = _criteria_values()
        found = _weak_found(person_ids=ids, criteria_values=criteria_values)
        made = _weak_spots_make(found=found, now=now)
        recovered = _weak_spots_recover(person_ids=ids, criteria_values=criteria_values, now=now)
    return ScanResult(closed=closed, recovered=recovered, **made)


def _weak_spots_close(*, person_ids: list[int] | None, now: datetime.datetime) -> int:
    """Close the open weak spots none of whose assignments is open any more, as of the last
    completion (now, if their assignments are gone). Two queries."""
    open_spots = WeakSpot.objects.filter(closed_at__isnull=True)
    if person_ids is not None:
        open_spots = open_spots.filter(person_id__in=person_ids)
    done = list(
        open_spots.annotate(
            still_open=Count(
                "assignments", filter=Q(assignments__status__in=Assignment.OPEN_STATUSES)
            ),
            last_done=Max("assignments__completed_at"),
        )
        .filter(still_open=0)
        .only("pk")
    )
    for spot in done:
        spot.closed_at = min(spot.last_done or now, now)
        spot.closed_on = timezone.localdate(spot.closed_at)
    WeakSpot.objects.bulk_update(done, ["closed_at", "closed_on"], batch_size=1000)
    return len(done)


@dataclass
class Teaching:
    """What teaches a criterion: its courses (each with the lessons to re-learn), its other
    pages' titles, its questions."""

    text: str
    courses: dict[int, set[int]]
    pages: list[str]
    questions: list[int]


def _teaching(keys: set[tuple[int, str]]) -> dict[tuple[int, str], Teaching]:
    """For (scorecard id, code) pairs, what the current criterion links to. A linked lesson
    means its course (live, with live lessons) and that lesson; a linked course means all its
    live lessons. Five queries."""
    criteria = {}
    for pk, scorecard_id, code, text in Criterion.objects.filter(
        scorecard_id__in={s for s, _c in keys}, code__in={c for _s, c in keys}
    ).values_list("pk", "scorecard_id", "code", "text"):
        if (scorecard_id, code) in keys:
            criteria[pk] = (scorecard_id, code, text)
    page_links = list(
        Criterion.pages.through.objects.filter(criterion_id__in=criteria).values_list(
            "criterion_id", "page_id"
        )
    )
    question_links = list(
        Criterion.questions.through.objects.filter(criterion_id__in=criteria).values_list(
            "criterion_id", "question_id"
        )
    )
    page_ids = {page_id for _c, page_id in page_links}
    lessons = dict(LessonPage.objects.live().filter(pk__in=page_ids).values_list("pk", "path"))
    steplen = LessonPage.steplen
    course_paths = {path[:-steplen] for path in lessons.values()}
    courses = {}  # path -> (pk, title)
    for pk, path, title in (
        CoursePage.objects.live()
        .filter(Q(pk__in=page_ids) | Q(path__in=course_paths))
        .values_list("pk", "path", "title")
    ):
        courses[path] = (pk, title)
    course_lessons: dict[int, set[int]] = defaultdict(set)
    if courses:
        under = Q()
        for path in courses:
            under |= Q(path__startswith=path, depth=len(path) // steplen + 1)
        for pk, path in LessonPage.objects.live().filter(under).values_list("pk", "path"):
            course_lessons[courses[path[:-steplen]][0]].add(pk)
    course_by_pk = {pk: path for path, (pk, _title) in courses.items()}
    others: dict[int, str] = {}
    other_ids = page_ids - set(lessons) - set(course_by_pk)
    if other_ids:
        others = dict(Page.objects.live().filter(pk__in=other_ids).values_list("pk", "title"))
    teaching = {
        (scorecard_id, code): Teaching(text=text, courses={}, pages=[], questions=[])
        for scorecard_id, code, text in criteria.values()
    }
    for criterion_id, page_id in page_links:
        entry = teaching[criteria[criterion_id][:2]]
        if page_id in lessons:
            course = courses.get(lessons[page_id][:-steplen])
            if course is not None:
                entry.courses.setdefault(course[0], set()).add(page_id)
        elif page_id in course_by_pk:
            entry.courses.setdefault(page_id, set()).update(course_lessons[page_id])
        elif page_id in others:
            entry.pages.append(others[page_id])
    for entry in teaching.values():
        # A course without live lessons could never be completed: it is not assigned.
        entry.courses = {pk: ls for pk, ls in entry.courses.items() if course_lessons.get(pk)}
        entry.pages.sort()
    for criterion_id, question_id in question_links:
        teaching[criteria[criterion_id][:2]].questions.append(question_id)
    return teaching


def _weak_spots_make(*, found: dict[Key, Found], now: datetime.datetime) -> dict:
    """Record the weak spots ``found`` and bring their training: assignments, re-learning,
    review cards, notifications. Only the rows this call inserted act (a concurrent run's
    are its own)."""
    result = {"found": 0, "assigned": 0, "cards": 0, "notified": 0}
    if not found:
        return result
    teaching = _teaching({(scorecard_id, code) for _p, scorecard_id, code in found})
    found = {key: value for key, value in found.items() if key[1:] in teaching}
    WeakSpot.objects.bulk_create(
        [
            WeakSpot(
                person_id=person_id,
                scorecard_id=scorecard_id,
                criterion_code=code,
                criterion_text=teaching[(scorecard_id, code)].text[:255],
                detected_at=now,
                critical_failed=entry.critical_failed,
            )
            for (person_id, scorecard_id, code), entry in found.items()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    spots = {
        (spot.person_id, spot.scorecard_id, spot.criterion_code): spot
        for spot in WeakSpot.objects.filter(detected_at=now, closed_at__isnull=True)
        if (spot.person_id, spot.scorecard_id, spot.criterion_code) in found
    }
    if not spots:
        return result
    result["found"] = len(spots)
    WeakSpot.evidence.through.objects.bulk_create(
        [
            WeakSpot.evidence.through(weakspot_id=spot.pk, evaluation_id=evaluation_id)
            for key, spot in spots.items()
            for evaluation_id, _day, _pct in found[key].evidence
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    due_days = dict(
        Scorecard.objects.filter(pk__in={key[1] for key in spots}).values_list(
            "pk", "weak_due_days"
        )
    )
    assignments = _training_assign(spots=spots, teaching=teaching, due_days=due_days, now=now)
    result["assigned"] = assignments["created"]
    linked = assignments["linked"]
    new_cards = review_cards_add(
        pairs={
            (key[0], question_id) for key in spots for question_id in teaching[key[1:]].questions
        },
        now=now,
    )
    result["cards"] = len(new_cards)
    for key, spot in spots.items():
        mine = [(key[0], q) for q in teaching[key[1:]].questions if (key[0], q) in new_cards]
        new_cards.difference_update(mine)  # a card shared by two weak spots counts once
        spot.cards_added = len(mine)
        if not linked.get(spot.pk):
            # Nothing to learn as an assignment: its training is done as it is given.
            spot.closed_at = now
            spot.closed_on = timezone.localdate(now)
    WeakSpot.objects.bulk_update(
        list(spots.values()), ["cards_added", "closed_at", "closed_on"], batch_size=1000
    )
    result["notified"] = _notify(
        spots=spots, found=found, teaching=teaching, titles=assignments["titles"], linked=linked
    )
    return result


def _training_assign(
    *,
    spots: dict[Key, WeakSpot],
    teaching: dict[tuple[int, str], Teaching],
    due_days: dict[int, int],
    now: datetime.datetime,
) -> dict:
    """Assign each weak spot's courses (taking over an open assignment of the course), clear
    the person's progress in the lessons to re-learn, and link the assignments to the weak
    spots. Returns ``created`` (how many assignments were made), ``linked`` (weak spot id ->
    assignment ids) and ``titles`` (course id -> title)."""
    wanted: dict[tuple[int, int], datetime.datetime] = {}
    relearn: dict[frozenset, set[int]] = defaultdict(set)  # lessons -> people
    for (person_id, scorecard_id, code), _spot in spots.items():
        due = due_after(now, due_days[scorecard_id])
        for course_id, lessons in teaching[(scorecard_id, code)].courses.items():
            pair = (person_id, course_id)
            wanted[pair] = min(due, wanted.get(pair, due))
            relearn[frozenset(lessons)].add(person_id)
    if not wanted:
        return {"created": 0, "linked": {}, "titles": {}}
    people = sorted({person_id for person_id, _course in wanted})
    course_ids = sorted({course_id for _person, course_id in wanted})

    def open_assignments() -> dict[tuple[int, int], int]:
        found = {}
        for start in range(0, len(people), CHUNK):
            for pk, user_id, course_id in Assignment.objects.filter(
                user_id__in=people[start : start + CHUNK],
                course_id__in=course_ids,
                status__in=Assignment.OPEN_STATUSES,
            ).values_list("pk", "user_id", "course_id"):
                if (user_id, course_id) in wanted:
                    found[(user_id, course_id)] = pk
        return found

    before = open_assignments()
    for lessons, persons in relearn.items():
        persons = sorted(persons)
        for start in range(0, len(persons), CHUNK):
            LessonProgress.objects.filter(
                user_id__in=persons[start : start + CHUNK], lesson_id__in=lessons
            ).delete()
    # A concurrent assignment of the same course is skipped by the unique constraint on open
    # assignments; the one that won is linked below.
    Assignment.objects.bulk_create(
        [
            Assignment(
                user_id=person_id,
                course_id=course_id,
                source=Assignment.Source.QUALITY,
                assigned_at=now,
                due_at=due,
            )
            for (person_id, course_id), due in sorted(wanted.items())
            if (person_id, course_id) not in before
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    after = open_assignments()
    linked: dict[int, list[int]] = defaultdict(list)
    for (person_id, scorecard_id, code), spot in spots.items():
        for course_id in teaching[(scorecard_id, code)].courses:
            pk = after.get((person_id, course_id))
            if pk is not None:
                linked[spot.pk].append(pk)
    WeakSpot.assignments.through.objects.bulk_create(
        [
            WeakSpot.assignments.through(weakspot_id=spot_id, assignment_id=pk)
            for spot_id, pks in linked.items()
            for pk in pks
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    titles = dict(CoursePage.objects.filter(pk__in=course_ids).values_list("pk", "title"))
    return {"created": len(set(after) - set(before)), "linked": linked, "titles": titles}


def _recipients(person_ids: list[int]) -> dict[int, set[int]]:
    """Who hears of a person's weak spot: their active mentor and their managers (of their
    team, and their line manager), never the person. Three queries per 5,000 people."""
    recipients: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(person_ids), CHUNK):
        chunk = person_ids[start : start + CHUNK]
        teams: dict[int, list[int]] = defaultdict(list)
        for user_id, team_id, line_manager_id in StaffProfile.objects.filter(
            user_id__in=chunk
        ).values_list("user_id", "team_id", "line_manager_id"):
            if line_manager_id is not None:
                recipients[user_id].add(line_manager_id)
            if team_id is not None:
                teams[team_id].append(user_id)
        for team_id, manager_id in Team.managers.through.objects.filter(
            team_id__in=list(teams)
        ).values_list("team_id", "user_id"):
            for user_id in teams[team_id]:
                recipients[user_id].add(manager_id)
        for mentee_id, mentor_id in Pairing.objects.filter(
            mentee_id__in=chunk, status=Pairing.Status.ACTIVE
        ).values_list("mentee_id", "mentor_id"):
            recipients[mentee_id].add(mentor_id)
    for person_id, users in recipients.items():
        users.discard(person_id)
    return recipients


def _notify(
    *,
    spots: dict[Key, WeakSpot],
    found: dict[Key, Found],
    teaching: dict[tuple[int, str], Teaching],
    titles: dict[int, str],
    linked: dict[int, list[int]],
) -> int:
    """Tell each weak spot's mentor and managers, with the evidence: the dates and results of
    the evaluations, the training assigned and the pages to read."""
    person_ids = sorted({key[0] for key in spots})
    recipients = _recipients(person_ids)
    names = {}
    User = get_user_model()
    for start in range(0, len(person_ids), CHUNK):
        for user in User.objects.filter(pk__in=person_ids[start : start + CHUNK]):
            names[user.pk] = person_name(user)
    scorecards = {
        pk: (title, threshold, below, of_last)
        for pk, title, threshold, below, of_last in Scorecard.objects.filter(
            pk__in={key[1] for key in spots}
        ).values_list("pk", "title", "weak_threshold_percent", "weak_below_count", "weak_of_last")
    }
    rows = []
    for key, spot in spots.items():
        person_id, scorecard_id, code = key
        entry = found[key]
        title, threshold, below, of_last = scorecards[scorecard_id]
        taught = teaching[(scorecard_id, code)]
        course_titles = sorted({titles[c] for c in taught.courses if c in titles})
        training = ", ".join(f"«{t}»" for t in course_titles + taught.pages) or "—"
        params = {
            "person": names.get(person_id, ""),
            "criterion": spot.criterion_text,
            "scorecard": title,
            "threshold": threshold,
            "below": below,
            "of_last": of_last,
            "evidence": "; ".join(
                f"{day:%d.%m.%Y} — {round(pct)} %" for _pk, day, pct in entry.evidence
            ),
            "training": training,
            "questions": len(taught.questions),
        }
        url = reverse("quality:evaluation_detail", args=[entry.evidence[0][0]])
        for recipient_id in sorted(recipients.get(person_id, ())):
            rows.append((recipient_id, spot.critical_failed, f"weak_spot:{spot.pk}", params, url))
    return weak_spots_notify(rows)


def _weak_spots_recover(
    *, person_ids: list[int] | None, criteria_values: str, now: datetime.datetime
) -> int:
    """Mark recovered the closed weak spots whose criterion's latest evaluation after the
    training is at or above the threshold and not a critical fail (a weak spot found again
    since is the latest, so the old one is no longer a candidate). Two queries."""
    recovered = [
        WeakSpot(pk=spot_id, recovered_at=now, recovered_by_id=evaluation_id)
        for spot_id, evaluation_id, pct, crit, threshold in _recovery_candidates(
            person_ids=person_ids, criteria_values=criteria_values
        )
        if pct >= threshold and not crit
    ]
    WeakSpot.objects.bulk_update(recovered, ["recovered_at", "recovered_by"], batch_size=1000)
    return len(recovered)
