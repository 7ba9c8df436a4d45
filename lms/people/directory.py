"""Sign-in through the company directory (LDAP / Active Directory), on django-auth-ldap.

The directory checks the password; the person is the one HR imported. On every sign-in the
directory account is matched to a staff profile by the employee ID attribute, then by email;
nobody is created here. A directory account that is disabled, matches nobody, or belongs to
a person who has left is refused with a message that says why (shown only after the directory
accepted the password, so it tells a stranger nothing). Role groups named in
``AUTH_LDAP_GROUP_ROLE_MAP`` follow the directory's groups on each sign-in.

Settings are made from the environment by ``lms.settings.sign_in.directory_settings``.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

import ldap
import ldap.dn
from django_auth_ldap.backend import LDAPBackend, ldap_error, populate_user

from lms.people.forms import DIRECTORY_REFUSAL_ATTRIBUTE
from lms.people.models import StaffProfile

logger = logging.getLogger(__name__)

ERROR_DIRECTORY_UNAVAILABLE = _(
    "Signing in through the company directory is not possible right now. Try again in a few "
    "minutes; if it goes on, tell an administrator."
)
ERROR_DIRECTORY_ACCOUNT_DISABLED = _(
    "Your account in the company directory is disabled. Ask your IT department to enable it."
)
ERROR_NO_STAFF_RECORD = _(
    "Your directory account is not linked to anyone in Nastavnik: no staff member has its "
    "employee ID or email. Ask your manager or HR to add you."
)
ERROR_AMBIGUOUS_STAFF_RECORD = _(
    "Your directory account matches more than one staff member. Ask HR to correct the "
    "employee IDs and emails."
)
ERROR_ACCOUNT_CLOSED = _(
    "Your Nastavnik account is closed, for example because you have left the company. Ask your "
    "manager or HR if this is a mistake."
)


def _first_value(attrs, name: str) -> str:
    values = (attrs or {}).get(name) or [""]
    return values[0].strip()


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend, matching directory accounts to imported staff profiles."""

    _request = None

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Django makes a new backend object for every authentication, so the request can be
        # kept on it for the refusal message.
        self._request = request
        return super().authenticate(request, username=username, password=password, **kwargs)

    def _refuse(self, ldap_user, message) -> None:
        if self._request is not None:
            setattr(self._request, DIRECTORY_REFUSAL_ATTRIBUTE, message)
        raise ldap_user.AuthenticationFailed(str(message))

    def get_or_build_user(self, username, ldap_user):
        """Return ``(user, False)`` for the staff member this directory account belongs to.

        Called after the directory accepted the password. Refuses (the sign-in fails, with the
        reason left on the request) a disabled directory account, one that matches no staff
        profile or several, and a person who has left.
        """
        if directory_account_disabled(ldap_user=ldap_user):
            self._refuse(ldap_user, ERROR_DIRECTORY_ACCOUNT_DISABLED)
        attributes = settings.AUTH_LDAP_PERSON_ATTRS
        employee_id = _first_value(ldap_user.attrs, attributes["employee_id"])
        email = _first_value(ldap_user.attrs, attributes["email"])
        profiles = staff_profiles_matching(employee_id=employee_id, email=email)
        if not profiles:
            self._refuse(ldap_user, ERROR_NO_STAFF_RECORD)
        if len(profiles) > 1:
            logger.warning(
                "Directory account %s matches %d staff profiles", ldap_user.dn, len(profiles)
            )
            self._refuse(ldap_user, ERROR_AMBIGUOUS_STAFF_RECORD)
        profile = profiles[0]
        if profile.has_left or not profile.user.is_active:
            self._refuse(ldap_user, ERROR_ACCOUNT_CLOSED)
        return profile.user, False

    def get_user(self, user_id):
        # django-auth-ldap returns inactive users too; a person who left must lose every open
        # session at once, as with Django's own backend.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def directory_account_disabled(*, ldap_user) -> bool:
    """Whether the directory entry matches ``AUTH_LDAP_DISABLED_FILTER`` (empty: never).

    Asked on each sign-in with a base search on the person's own entry. An attribute the
    directory does not know (Active Directory's userAccountControl on OpenLDAP) matches
    nothing, so the Active Directory default is harmless elsewhere.
    """
    disabled_filter = settings.AUTH_LDAP_DISABLED_FILTER.strip()
    if not disabled_filter:
        return False
    found = ldap_user.connection.search_s(ldap_user.dn, ldap.SCOPE_BASE, disabled_filter, ["1.1"])
    return any(dn is not None for dn, _attrs in found)


def staff_profiles_matching(*, employee_id: str, email: str) -> list[StaffProfile]:
    """The staff profiles a directory account with this employee ID and email belongs to.

    The employee ID, HR's key, decides when a profile has it. Otherwise the email decides,
    among profiles without an employee ID or with the same one (a profile whose employee ID
    differs is another person who shares an address). Several results mean the records are
    ambiguous; the caller refuses then.
    """
    queryset = StaffProfile.objects.select_related("user")
    if employee_id:
        by_employee_id = list(queryset.filter(employee_id=employee_id))
        if by_employee_id:
            return by_employee_id
    if not email:
        return []
    by_email = queryset.filter(user__email__iexact=email)
    if employee_id:
        by_email = by_email.filter(Q(employee_id__isnull=True) | Q(employee_id=""))
    return list(by_email)


def normalise_dn(dn: str) -> str:
    """A DN in the form ``AUTH_LDAP_GROUP_ROLE_MAP`` keys have: no spaces, lower case."""
    return ldap.dn.dn2str(ldap.dn.str2dn(dn)).lower()


@transaction.atomic
def directory_roles_sync(*, user, group_dns: set[str]) -> None:
    """Give ``user`` exactly the mapped roles whose directory groups they are in.

    Only roles named in ``AUTH_LDAP_GROUP_ROLE_MAP`` change; learners and every role the map
    does not name are kept as they are.
    """
    role_map = settings.AUTH_LDAP_GROUP_ROLE_MAP
    if not role_map:
        return
    member_of = {normalise_dn(dn) for dn in group_dns}
    granted = {role for group_dn, role in role_map.items() if group_dn in member_of}
    managed = set(role_map.values())
    groups = Group.objects.filter(name__in=managed)
    user.groups.remove(*[g for g in groups if g.name not in granted])
    user.groups.add(*[g for g in groups if g.name in granted])


@receiver(populate_user, sender=DirectoryBackend)
def _person_update_from_directory(sender, user, ldap_user, **kwargs):
    # Sent on each sign-in, before django-auth-ldap saves the user. Names and email are HR's:
    # the directory fills only what the record lacks.
    for field in ("first_name", "last_name", "email"):
        value = _first_value(ldap_user.attrs, settings.AUTH_LDAP_PERSON_ATTRS[field])
        if value and not getattr(user, field):
            setattr(user, field, value)
    if settings.AUTH_LDAP_GROUP_ROLE_MAP:
        directory_roles_sync(user=user, group_dns=set(ldap_user.group_dns))


@receiver(ldap_error, sender=DirectoryBackend)
def _directory_error_noted(sender, context, user, request, exception, **kwargs):
    # django-auth-ldap logs the error and lets the sign-in fail; the person gets to know the
    # directory, not their password, was the problem. A wrong password is no LDAPError here.
    if request is not None:
        setattr(request, DIRECTORY_REFUSAL_ATTRIBUTE, ERROR_DIRECTORY_UNAVAILABLE)
