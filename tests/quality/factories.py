"""Scorecards for the quality tests, written through the models as the admin saves them."""

import datetime
from decimal import Decimal

from lms.people import roles
from quality.models import Criterion, Scorecard
from quality.services.scoring import AnswerIn, evaluation_create
from tests.factories import TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make


def scorecard_make(*, title="Разговор с клиентом по телефону", criteria=None, **fields):
    """A scorecard with ``criteria`` (dicts of Criterion fields, in order; by default a
    greeting, a need, a points-scored product knowledge and a critical politeness)."""
    scorecard = Scorecard.objects.create(title=title, **fields)
    if criteria is None:
        criteria = [
            {"section": "Приветствие", "code": "greeting", "text": "Назвал своё имя и компанию"},
            {"section": "Потребность", "code": "need", "text": "Выяснил потребность",
             "weight": Decimal("2"), "na_allowed": True},
            {"section": "Продукт", "code": "product", "text": "Знает тариф",
             "scale": Criterion.Scale.POINTS, "max_points": 4},
            {"section": "Продукт", "code": "polite", "text": "Был вежлив", "critical": True},
        ]  # fmt: skip
    for order, values in enumerate(criteria):
        Criterion.objects.create(scorecard=scorecard, sort_order=order, **values)
    return scorecard


def criterion_ids(scorecard) -> dict[str, int]:
    return dict(scorecard.criteria.values_list("code", "pk"))


MYSTERY_HEADER = ["employee_id", "date", "location", "greeting", "need", "product", "polite",
                  "comment"]  # fmt: skip


def csv_bytes(rows, *, delimiter=",", encoding="utf-8-sig") -> bytes:
    """Rows written as a CSV file in ``encoding`` ("utf-8-sig": UTF-8 with a byte-order mark,
    as Excel saves it)."""
    import csv
    import io

    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def staff_with_id(employee_id: str, **profile):
    """A staff member (``tests.factories.staff_user``) with an employee ID."""
    from lms.people.models import StaffProfile
    from tests.factories import staff_user

    user = staff_user(**profile)
    StaffProfile.objects.filter(user=user).update(employee_id=employee_id)
    return user


def evaluation_make(*, evaluator, person, scorecard, values=None, **fields):
    """An evaluation through ``evaluation_create`` (so the person is notified); ``values`` maps
    criterion codes to answers, by default all of the default scorecard's criteria passed."""
    ids = criterion_ids(scorecard)
    answers = {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}
    answers.update(values or {})
    fields.setdefault("channel", "phone")
    fields.setdefault("contact_date", datetime.date(2026, 11, 2))
    return evaluation_create(
        evaluator=evaluator,
        person=person,
        scorecard=scorecard,
        answers=[AnswerIn(ids[code], value) for code, value in answers.items()],
        **fields,
    )


class EvaluationPeople:
    """Everyone the permission matrix names: a person of a team, a colleague (a learner), the
    person's mentor, the team's manager, a manager of another team, the QA evaluator who
    evaluated the person, a second QA evaluator and an administrator; one evaluation."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.person = staff_user(team=cls.team, first_name="Иван", last_name="Новиков")
        cls.learner = staff_user(team=cls.team, first_name="Пётр", last_name="Коллегов")
        cls.mentor = mentor_create(first_name="Мария", last_name="Наставникова")
        pairing_make(mentee=cls.person, mentor=cls.mentor)
        cls.manager = staff_user(roles=[roles.MANAGERS], first_name="Ольга", last_name="Рук")
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        TeamFactory().managers.add(cls.other_manager)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS], first_name="Анна", last_name="Контроль")
        cls.qa2 = staff_user(roles=[roles.QA_EVALUATORS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.scorecard = scorecard_make(channels=["phone", "chat"])
        cls.ids = criterion_ids(cls.scorecard)
        cls.evaluation = evaluation_make(
            evaluator=cls.qa, person=cls.person, scorecard=cls.scorecard, values={"product": 2}
        )
