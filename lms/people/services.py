"""Writes for people: staff members, their status, and the role groups."""

import datetime
import logging
import secrets
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import (
    APIToken,
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowMixin,
    WorkflowPage,
    WorkflowTask,
)

from axes.utils import reset as axes_reset

from lms.core.services import wagtail_roots_ensure
from lms.core.throttling import rate_limit_exceeded
from lms.people import hiring, roles
from lms.people.models import JobRole, LoginSession, StaffProfile, Team
from lms.people.selectors import (
    roles_grantable_by,
    staff_profile_can_manage,
    user_is_administrator,
    username_for_email,
)
from lms.people.signals import job_role_set, staff_left

User = get_user_model()
logger = logging.getLogger(__name__)

ERROR_NOT_YOUR_STAFF = _("You can only keep the records of your own teams and direct reports.")
ERROR_ADMIN_RECORD = _("Only an administrator may change the record of an administrator.")
ERROR_USERNAME_TAKEN = _("A person with the username “%(username)s” already exists.")
ERROR_TOO_MANY_RESETS = _(
    "Too many requests to reset a password: try again in an hour. If you cannot wait, ask a "
    "Nastavnik administrator (your manager knows who)."
)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create the role groups and make their permissions exactly those in ``lms.people.roles``.

    Also makes the review workflow (authors submit, content leads approve) the one that
    applies to the whole page tree. Idempotent; returns the groups by name.
    """
    wagtail_roots_ensure()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLE_LABELS}
    for name, group in groups.items():
        wanted = (
            list(Permission.objects.all())
            if name == roles.ADMINISTRATORS
            else [_permission(d) for d in roles.model_permissions(name)]
        )
        group.permissions.set(wanted)

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, group in groups.items():
        # Exactly the declared page permissions, on the root page (so on the whole tree).
        page_permissions = [
            Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            for codename in roles.PAGE_PERMISSIONS.get(name, [])
        ]
        GroupPagePermission.objects.filter(group=group).exclude(
            page=root_page, permission__in=page_permissions
        ).delete()
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
        # Exactly the declared image and document permissions, on the root collection.
        collection_permissions = [
            _permission(d) for d in roles.COLLECTION_PERMISSIONS.get(name, [])
        ]
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission__in=collection_permissions
        ).delete()
        for permission in collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    if root_page is not None:
        _review_workflow_ensure(content_leads=groups[roles.CONTENT_LEADS], root_page=root_page)
    return groups


def _review_workflow_ensure(*, content_leads: Group, root_page: Page) -> Workflow:
    task = GroupApprovalTask.objects.filter(name=roles.REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=roles.REVIEW_TASK_NAME)
    task.groups.set([content_leads])
    workflow, _ = Workflow.objects.get_or_create(name=roles.REVIEW_WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # Snippets with a review workflow (glossary terms, …) go through the same approval.
    for model in apps.get_models():
        if issubclass(model, WorkflowMixin) and not issubclass(model, Page):
            WorkflowContentType.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(model),
                defaults={"workflow": workflow},
            )
    return workflow


@transaction.atomic
def staff_member_create(
    *,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
    hire_date: datetime.date | None = None,
    team: Team | None = None,
    job_role: JobRole | None = None,
    line_manager: AbstractBaseUser | None = None,
    status: str = StaffProfile.Status.ONBOARDING,
    roles_: list[str] | tuple[str, ...] = (),
) -> StaffProfile:
    """Create a user with a staff profile; every staff member is a learner.

    Raises ``ValueError`` if the username is taken. Without ``password`` the account cannot log
    in until a password is set (e.g. through "forgot password").
    """
    if User.objects.filter(username=username).exists():
        raise ValueError(ERROR_USERNAME_TAKEN % {"username": username})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user_roles_set(user=user, role_names=[roles.LEARNERS, *roles_])
    return staff_profile_create(
        user=user,
        hire_date=hire_date or timezone.localdate(),
        team=team,
        job_role=job_role,
        line_manager=line_manager,
        status=status,
    )


def user_roles_set(*, user: AbstractBaseUser, role_names: list[str]) -> None:
    """Make ``user`` a member of exactly the named role groups (other groups are kept)."""
    unknown = set(role_names) - set(roles.ROLE_LABELS)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    role_groups = Group.objects.filter(name__in=roles.ROLE_LABELS)
    user.groups.remove(*[g for g in role_groups if g.name not in role_names])
    user.groups.add(*[g for g in role_groups if g.name in role_names])


def _check_may_manage(*, user: AbstractBaseUser | None, profile: StaffProfile) -> None:
    # None means the system itself (a loader, a command): no person to check.
    if user is None:
        return
    if not staff_profile_can_manage(user=user, profile=profile):
        raise PermissionDenied(ERROR_NOT_YOUR_STAFF)
    # An administrator's record (a team may hold one) is an administrator's to change: marking
    # them as left would lock them out, as the staff import refuses too.
    if not user_is_administrator(user=user) and _is_administrator_account(profile.user_id):
        raise PermissionDenied(ERROR_ADMIN_RECORD)


def _is_administrator_account(user_id: int) -> bool:
    return User.objects.filter(
        Q(is_superuser=True) | Q(groups__name=roles.ADMINISTRATORS), pk=user_id
    ).exists()


@transaction.atomic
def staff_profile_create(
    *, user: AbstractBaseUser, created_by: AbstractBaseUser | None = None, **fields
) -> StaffProfile:
    """Give an existing account a staff profile; the person becomes a learner.

    ``created_by`` (a manager) must be able to manage the new record, i.e. put it in a team
    they manage or become its line manager; otherwise ``PermissionDenied``. A profile created
    with status "left" locks the account at once.
    """
    profile = StaffProfile(user=user, **fields)
    profile.full_clean()
    profile.save()
    _check_may_manage(user=created_by, profile=profile)
    user.groups.add(Group.objects.get(name=roles.LEARNERS))
    if profile.status == StaffProfile.Status.LEFT:
        staff_member_leave(profile=profile)
    elif profile.job_role_id is not None:
        job_role_set.send(sender=StaffProfile, profile=profile, changed_by=created_by)
    return profile


@transaction.atomic
def staff_profile_update(
    *, profile: StaffProfile, changed_by: AbstractBaseUser | None = None, **changes
) -> StaffProfile:
    """Change profile fields; moving to or from "left" also locks or unlocks the account.

    ``changed_by`` must be able to manage the record before and after the change (an
    administrator, or the manager of its team or its line manager); otherwise
    ``PermissionDenied`` and nothing changes.
    """
    _check_may_manage(user=changed_by, profile=profile)
    previous_status, previous_job_role = (
        StaffProfile.objects.filter(pk=profile.pk).values_list("status", "job_role").first()
    )
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    _check_may_manage(user=changed_by, profile=profile)
    if profile.status == StaffProfile.Status.LEFT:
        staff_member_leave(profile=profile)
    elif previous_status == StaffProfile.Status.LEFT:
        staff_member_return(profile=profile)
    if profile.job_role_id is not None and profile.job_role_id != previous_job_role:
        job_role_set.send(sender=StaffProfile, profile=profile, changed_by=changed_by)
    return profile


@transaction.atomic
def staff_member_leave(*, profile: StaffProfile, on: datetime.date | None = None) -> StaffProfile:
    """Mark the person as left and lock them out at once (see ``staff_accounts_lock``)."""
    profile.status = StaffProfile.Status.LEFT
    profile.left_on = profile.left_on or on or timezone.localdate()
    profile.save(update_fields=["status", "left_on"])
    staff_accounts_lock(user_ids=[profile.user_id])
    profile.user.is_active = False
    return profile


@transaction.atomic
def staff_accounts_lock(*, user_ids: list[int]) -> None:
    """Lock people out at once: their accounts are deactivated (no new sign-in), every session
    they signed in with is deleted (the next request of an open browser gets the login page),
    every API token of theirs is revoked (a bearer request gets 401), and ``staff_left`` is
    sent so other apps end what these people were part of (mentoring closes their pairings).

    A few queries for any number of people. Their history (attempts, sessions, sign-offs) is
    kept. Reactivating an account later brings back none of the sessions or tokens."""
    if not user_ids:
        return
    User.objects.filter(pk__in=user_ids, is_active=True).update(is_active=False)
    sessions_end(user_ids=user_ids)
    APIToken.objects.filter(user_id__in=user_ids, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    staff_left.send(sender=StaffProfile, user_ids=list(user_ids))


def sessions_end(*, user_ids: list[int]) -> int:
    """Delete every session the people signed in with (as recorded by ``login_session_record``)
    in the configured session store; returns how many were recorded."""
    keys = list(
        LoginSession.objects.filter(user_id__in=user_ids).values_list("session_key", flat=True)
    )
    if not keys:
        return 0
    engine = import_module(settings.SESSION_ENGINE)
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        engine.SessionStore.get_model_class().objects.filter(session_key__in=keys).delete()
    else:
        # Cache-backed stores have no bulk delete; a store without server-side state (signed
        # cookies) cannot end a session at all, and then only the closed account refuses it.
        for key in keys:
            engine.SessionStore(session_key=key).delete(key)
    LoginSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def login_session_record(*, user: AbstractBaseUser, session_key: str | None) -> None:
    """Remember that ``user`` signed in with ``session_key`` (called on every sign-in), and
    forget their records older than a session lives."""
    if not session_key:
        return
    LoginSession.objects.update_or_create(session_key=session_key, defaults={"user": user})
    oldest = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    LoginSession.objects.filter(user=user, created_at__lt=oldest).delete()


def login_session_forget(*, session_key: str | None) -> None:
    """Forget a session that was signed out of."""
    if session_key:
        LoginSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def staff_member_return(*, profile: StaffProfile) -> StaffProfile:
    """Re-activate the account of a person who came back (status chosen by the caller)."""
    if profile.status == StaffProfile.Status.LEFT:
        profile.status = StaffProfile.Status.SOLO
    profile.left_on = None
    profile.save(update_fields=["status", "left_on"])
    if not profile.user.is_active:
        profile.user.is_active = True
        profile.user.save(update_fields=["is_active"])
    return profile


def sign_in_lockout_release(
    *, username: str, ip_address: str, released_by: AbstractBaseUser
) -> int:
    """Lift the sign-in lockout of ``username`` at ``ip_address``: django-axes forgets that
    pair's failed attempts (and only that pair's). Returns how many attempt records went, 0 if
    there were none. Raises ``ValueError`` for an empty username or address, which axes would
    read as "everyone" or "everywhere"."""
    if not username or not ip_address:
        raise ValueError("Both the username and the address are needed to lift a lockout.")
    removed = axes_reset(username=username, ip=ip_address)
    logger.info(
        "Sign-in lockout of %r at %s lifted by %s (%d records).",
        username,
        ip_address,
        released_by.get_username(),
        removed,
    )
    return removed


def password_reset_rate_limited(*, ip_address: str | None, email: str) -> bool:
    """Count one password-reset request for ``email`` from ``ip_address``; return True if it
    goes over ``PASSWORD_RESET_LIMIT_PER_IP`` or ``PASSWORD_RESET_LIMIT_PER_EMAIL`` in the hour,
    and then no email is to be sent. Known and unknown addresses count alike, so the answer
    tells nobody whether an account exists."""
    period = settings.PASSWORD_RESET_LIMIT_PERIOD
    if rate_limit_exceeded(
        scope="password-reset-ip",
        key=ip_address or "",
        limit=settings.PASSWORD_RESET_LIMIT_PER_IP,
        period=period,
    ):
        return True
    return rate_limit_exceeded(
        scope="password-reset-email",
        key=email.strip().lower(),
        limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        period=period,
    )


# --- Hiring: one admin form makes the account, the staff record, the roles and the pairing ------

ERROR_EMAIL_TAKEN = _("A person with the email “%(email)s” already exists.")
ERROR_EMPLOYEE_ID_TAKEN = _("A person with the employee ID “%(employee_id)s” already exists.")
ERROR_NO_LOGIN = _("Give an email or a username: the new person signs in with it.")
ERROR_ROLE_NOT_YOURS = _("Only an administrator can give the role “%(role)s”.")
ERROR_NO_MENTOR_PAIRING = _("Pairing with a mentor is not available here.")


@transaction.atomic
def staff_member_hire(
    *,
    hired_by: AbstractBaseUser,
    first_name: str,
    last_name: str,
    email: str = "",
    username: str = "",
    employee_id: str = "",
    team: Team | None = None,
    job_role: JobRole | None = None,
    line_manager: AbstractBaseUser | None = None,
    mentor: AbstractBaseUser | None = None,
    hire_date: datetime.date | None = None,
    roles_: list[str] | tuple[str, ...] = (),
) -> StaffProfile:
    """Hire a person in one step: their account, their staff record (still onboarding), their
    roles, and their pairing with ``mentor``; the job role's onboarding plan follows
    (``job_role_set``). All of it or nothing.

    Without ``username`` it is made from the email (see ``username_for_email``). ``hired_by``
    must be an administrator, or a manager hiring into a team they manage or as the line
    manager, giving only the roles ``roles_grantable_by`` allows: otherwise ``PermissionDenied``.
    A taken username, email or employee ID, or a pairing the mentoring rules refuse, raises
    ``ValidationError`` keyed by the field at fault.
    """
    grantable = roles_grantable_by(user=hired_by)
    for role in roles_:
        if role not in grantable and role != roles.LEARNERS:
            raise PermissionDenied(ERROR_ROLE_NOT_YOURS % {"role": roles.role_label(role)})

    email, username, employee_id = email.strip(), username.strip(), employee_id.strip()
    errors = {}
    if email and User.objects.filter(email__iexact=email).exists():
        errors["email"] = ERROR_EMAIL_TAKEN % {"email": email}
    if username and User.objects.filter(username__iexact=username).exists():
        errors["username"] = ERROR_USERNAME_TAKEN % {"username": username}
    elif not username and not email:
        errors["username"] = ERROR_NO_LOGIN
    if employee_id and StaffProfile.objects.filter(employee_id=employee_id).exists():
        errors["employee_id"] = ERROR_EMPLOYEE_ID_TAKEN % {"employee_id": employee_id}
    pairing = hiring.mentor_pairing()
    if mentor is not None and pairing is None:
        errors["mentor"] = ERROR_NO_MENTOR_PAIRING
    if errors:
        raise ValidationError(errors)

    user = User(
        username=username or username_for_email(email=email),
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    # A random password nobody knows, not an unusable one: Django's "forgot password" serves
    # only accounts with a usable password, and that is how the person sets their own.
    user.set_password(secrets.token_urlsafe(32))
    user.full_clean()
    user.save()
    user_roles_set(user=user, role_names=[roles.LEARNERS, *roles_])
    profile = staff_profile_create(
        user=user,
        created_by=hired_by,
        employee_id=employee_id or None,
        hire_date=hire_date or timezone.localdate(),
        team=team,
        job_role=job_role,
        line_manager=line_manager,
        status=StaffProfile.Status.ONBOARDING,
    )
    if mentor is not None:
        try:
            pairing.pair(mentee=user, mentor=mentor, paired_by=hired_by)
        except ValidationError as refusal:
            raise ValidationError({"mentor": refusal.messages}) from refusal
        except PermissionDenied as refusal:
            raise ValidationError({"mentor": [str(refusal)]}) from refusal
    return profile
