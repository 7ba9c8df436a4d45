"""Demo people: the teams and job roles of «Волна Телеком» and one account per product role.

Every account's password is ``demo``. Re-running creates only what is missing: an account
that exists is never changed, so nothing a person did with it is lost.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from lms.core.demo import register
from lms.people import roles
from lms.people.models import JobRole, StaffProfile, Team
from lms.people.services import staff_member_create

User = get_user_model()

DEMO_PASSWORD = "demo"  # noqa: S105 - a published demo login, not a secret
EMAIL_DOMAIN = "volna-telecom.example"

TEAMS = {
    "Контакт-центр": "Операторы горячей линии: звонки, чаты и мессенджеры, круглосуточно.",
    "Офис продаж на Ленина": "Офис продаж и обслуживания на ул. Ленина, 24: подключения, "
    "договоры, выдача и приём оборудования.",
    "Маркетинг": "Тарифы, акции, листовки и вся база знаний для тех, кто говорит с клиентами.",
}

TEAM_MANAGERS = {"Контакт-центр": "manager"}

JOB_ROLES = [
    ("operator", "Оператор контакт-центра", "Отвечает на звонки и сообщения абонентов: "
     "вопросы по услугам, оплате, неисправностям, смена тарифа."),
    ("sales", "Продавец-консультант", "Консультирует в офисе продаж, подключает новых "
     "абонентов, оформляет договоры и выдаёт оборудование."),
    ("senior-operator", "Старший оператор", "Берёт сложные обращения и жалобы, ведёт "
     "новичков как наставник."),
    ("marketing", "Маркетолог", "Готовит тарифы и акции, пишет карточки продуктов и "
     "шпаргалки для линии."),
    ("team-lead", "Руководитель группы", "Отвечает за группу операторов или офис: графики, "
     "качество, обучение, отчёты."),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    username: str
    label: str
    first_name: str
    last_name: str
    email_local: str
    roles: tuple[str, ...]
    days_in_job: int
    status: str
    team: str | None = None
    job_role: str | None = None
    line_manager: str | None = None
    superuser: bool = False


ONBOARDING = StaffProfile.Status.ONBOARDING
SOLO = StaffProfile.Status.SOLO

# Managers come before the people who report to them.
ACCOUNTS = [
    DemoAccount("admin", "administrator", "Игорь", "Белов", "i.belov",
                (roles.ADMINISTRATORS,), 1100, SOLO, superuser=True),
    DemoAccount("lead", "content lead", "Марина", "Соколова", "m.sokolova",
                (roles.CONTENT_LEADS,), 1500, SOLO, "Маркетинг", "marketing"),
    DemoAccount("author", "author (marketing)", "Дарья", "Кузнецова", "d.kuznetsova",
                (roles.AUTHORS,), 400, SOLO, "Маркетинг", "marketing", "lead"),
    DemoAccount("hr", "HR officer (sees everyone)", "Светлана", "Ковалёва", "s.kovaleva",
                (roles.HR,), 900, SOLO),
    DemoAccount("manager", "manager of the contact centre", "Алексей", "Воронин", "a.voronin",
                (roles.MANAGERS,), 1800, SOLO, "Контакт-центр", "team-lead"),
    DemoAccount("mentor", "mentor, senior operator", "Ольга", "Лебедева", "o.lebedeva",
                (roles.MENTORS,), 1300, SOLO, "Контакт-центр", "senior-operator", "manager"),
    DemoAccount("newbie", "operator hired this week", "Никита", "Орлов", "n.orlov",
                (), 2, ONBOARDING, "Контакт-центр", "operator", "manager"),
    DemoAccount("staff", "operator, two years in the job", "Екатерина", "Морозова",
                "e.morozova", (), 730, SOLO, "Контакт-центр", "operator", "manager"),
]  # fmt: skip


# Accounts other apps' demos create for their own stories (see ``accounts_register``).
_other_accounts: list[DemoAccount] = []


def accounts_register(accounts: list[DemoAccount]) -> None:
    """Make another app's demo accounts known to ``demo_logins`` (call at import of its demo
    module); idempotent."""
    known = {a.username for a in _other_accounts}
    _other_accounts.extend(a for a in accounts if a.username not in known)


def demo_accounts() -> list[DemoAccount]:
    """Every demo account: these, then the ones the apps' demos registered, in app order."""
    from lms.core.demo import loaders

    loaders()  # imports every app's demo module
    return [*ACCOUNTS, *_other_accounts]


def _teams_ensure() -> dict[str, Team]:
    teams = {}
    for name, description in TEAMS.items():
        team, _ = Team.objects.get_or_create(name=name, defaults={"description": description})
        teams[name] = team
    return teams


def _job_roles_ensure() -> dict[str, JobRole]:
    job_roles = {}
    for slug, name, description in JOB_ROLES:
        job_role, _ = JobRole.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        job_roles[slug] = job_role
    return job_roles


def _account_ensure(
    account: DemoAccount, *, teams: dict[str, Team], job_roles: dict[str, JobRole]
) -> tuple[User, bool]:
    """Create the account through the people services if it is missing; returns (user, created).

    An existing account is left as it is: whatever people changed since (a password, a team)
    stays, so re-running the loader never undoes their work."""
    user = User.objects.filter(username=account.username).first()
    if user is not None:
        return user, False
    profile = staff_member_create(
        username=account.username,
        first_name=account.first_name,
        last_name=account.last_name,
        email=f"{account.email_local}@{EMAIL_DOMAIN}",
        password=DEMO_PASSWORD,
        roles_=account.roles,
        hire_date=_hire_date(account.days_in_job),
        team=teams[account.team] if account.team else None,
        job_role=job_roles[account.job_role] if account.job_role else None,
        line_manager=(
            User.objects.get(username=account.line_manager) if account.line_manager else None
        ),
        status=account.status,
    )
    user = profile.user
    if account.superuser:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user, True


def _hire_date(days_in_job: int) -> datetime.date:
    """``days_in_job`` days ago; a newcomer (under a week) starts on this week's Monday, so
    that "hired this week" holds whatever the weekday."""
    today = timezone.localdate()
    if days_in_job < 7:
        return today - datetime.timedelta(days=today.weekday())
    return today - datetime.timedelta(days=days_in_job)


@register("people")
def people_demo_load(*, stdout) -> None:
    """Teams, job roles and the seven demo accounts (password ``demo``). Idempotent."""
    teams = _teams_ensure()
    job_roles = _job_roles_ensure()
    created = 0
    for account in ACCOUNTS:
        _, was_created = _account_ensure(account, teams=teams, job_roles=job_roles)
        created += was_created
    # The contact-centre manager keeps that team's records; a team someone already staffed
    # with managers keeps its own.
    for team_name, username in TEAM_MANAGERS.items():
        team = teams[team_name]
        if not team.managers.exists():
            team.managers.add(User.objects.get(username=username))
    stdout.write(
        f"  people: {len(teams)} teams, {len(job_roles)} job roles, "
        f"{len(ACCOUNTS)} accounts ({created} new)"
    )
