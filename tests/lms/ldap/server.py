"""A real OpenLDAP ``slapd`` for the directory sign-in tests, started and stopped by the tests.

The server runs from a temporary folder (its own configuration, schema and database) on a free
port of 127.0.0.1, as the user running the tests; the system's slapd, if any, is not touched.
Its directory holds two kinds of entries under ``dc=example,dc=com``:

- ``ou=people`` and ``ou=groups``: shaped like Active Directory (objectClass ``user`` with
  sAMAccountName, employeeID and userAccountControl; ``group`` with ``member``), so the
  project's defaults are tested as they are. A small schema below defines those few names.
- ``ou=staff`` and ``ou=teams``: an ordinary OpenLDAP directory (inetOrgPerson with uid and
  employeeNumber, groupOfNames), with the password-policy overlay for locked accounts.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SLAPD = Path(os.environ.get("SLAPD_PATH", "/usr/sbin/slapd"))
SLAPADD = SLAPD.with_name("slapadd")
SCHEMA_DIR = Path(os.environ.get("SLAPD_SCHEMA_DIR", "/etc/ldap/schema"))
MODULE_DIR = Path(os.environ.get("SLAPD_MODULE_DIR", "/usr/lib/ldap"))

BASE_DN = "dc=example,dc=com"
ADMIN_DN = f"cn=admin,{BASE_DN}"
ADMIN_PASSWORD = "admin-secret"
SERVICE_DN = f"cn=nastavnik,ou=services,{BASE_DN}"
SERVICE_PASSWORD = "service-secret"
PASSWORD = "directory-pass"  # every person's directory password

# The Active Directory names the tests use, with the OIDs Active Directory gives them; the
# object classes come from OpenLDAP's experimental arc (tests only).
AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
    EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
    SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
    EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.35 NAME 'employeeID'
    EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'user' SUP inetOrgPerson STRUCTURAL
    MAY ( sAMAccountName $ userAccountControl $ employeeID ) )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.2 NAME 'group' SUP top STRUCTURAL
    MUST cn MAY ( member $ description ) )
"""

CONFIG = """
include {schema_dir}/core.schema
include {schema_dir}/cosine.schema
include {schema_dir}/inetorgperson.schema
include {folder}/ad.schema
modulepath {module_dir}
moduleload back_mdb
moduleload ppolicy
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args

database mdb
suffix "{base}"
rootdn "{admin_dn}"
rootpw {admin_password}
directory {folder}/db
maxsize 16777216
overlay ppolicy
ppolicy_default "cn=default,ou=policies,{base}"
access to attrs=userPassword by anonymous auth by self write by * none
access to * by users read by * none
"""


def _entry(dn: str, **attributes) -> str:
    lines = [f"dn: {dn}"]
    for name, values in attributes.items():
        for value in values if isinstance(values, list) else [values]:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def _ad_user(login: str, *, given: str, surname: str, email: str = "", employee_id: str = "",
             account_control: int = 512) -> str:  # fmt: skip
    attributes = {"objectClass": "user", "cn": login, "sn": surname, "givenName": given,
                  "sAMAccountName": login, "userPassword": PASSWORD,
                  "userAccountControl": str(account_control)}  # fmt: skip
    if email:
        attributes["mail"] = email
    if employee_id:
        attributes["employeeID"] = employee_id
    return _entry(f"cn={login},ou=people,{BASE_DN}", **attributes)


def _openldap_user(uid: str, *, surname: str, email: str = "", employee_number: str = "",
                   locked: bool = False) -> str:  # fmt: skip
    attributes = {"objectClass": "inetOrgPerson", "uid": uid, "cn": uid, "sn": surname,
                  "userPassword": PASSWORD}  # fmt: skip
    if email:
        attributes["mail"] = email
    if employee_number:
        attributes["employeeNumber"] = employee_number
    if locked:
        # The password-policy overlay's permanent lock.
        attributes["pwdAccountLockedTime"] = "000001010000Z"
    return _entry(f"uid={uid},ou=staff,{BASE_DN}", **attributes)


MENTORS_GROUP = f"cn=Nastavnik Mentors,ou=groups,{BASE_DN}"
MANAGERS_GROUP = f"cn=Nastavnik Managers,ou=groups,{BASE_DN}"
TEAM_LEADS_GROUP = f"cn=team-leads,ou=teams,{BASE_DN}"


def ad_dn(login: str) -> str:
    return f"cn={login},ou=people,{BASE_DN}"


def openldap_dn(uid: str) -> str:
    return f"uid={uid},ou=staff,{BASE_DN}"


ENTRIES = [
    _entry(BASE_DN, objectClass=["dcObject", "organization"], o="Example", dc="example"),
    *(
        _entry(f"ou={ou},{BASE_DN}", objectClass="organizationalUnit", ou=ou)
        for ou in ("people", "groups", "services", "staff", "teams", "policies")
    ),
    _entry(
        f"cn=default,ou=policies,{BASE_DN}",
        objectClass=["pwdPolicy", "device"],
        cn="default",
        pwdAttribute="userPassword",
        pwdLockout="TRUE",
    ),  # fmt: skip
    _entry(
        SERVICE_DN,
        objectClass=["organizationalRole", "simpleSecurityObject"],
        cn="nastavnik",
        userPassword=SERVICE_PASSWORD,
    ),  # fmt: skip
    # Active Directory shape.
    _ad_user("ivanova", given="Анна", surname="Иванова", email="Anna.Ivanova@example.com"),
    _ad_user(
        "petrov",
        given="Пётр",
        surname="Петров",
        email="p.petrov@mail.example.com",
        employee_id="E-200",
    ),  # fmt: skip
    _ad_user(
        "sidorov",
        given="Сидор",
        surname="Сидоров",
        email="sidorov@example.com",
        employee_id="E-300",
    ),  # fmt: skip
    _ad_user("kuznetsova", given="Ольга", surname="Кузнецова", email="kuznetsova@example.com"),
    _ad_user(
        "stranger",
        given="Чужой",
        surname="Человек",
        email="stranger@example.com",
        employee_id="E-999",
    ),  # fmt: skip
    _ad_user(
        "namesake",
        given="Тёзка",
        surname="Иванова",
        email="anna.ivanova@example.com",
        employee_id="E-777",
    ),  # fmt: skip
    # 514 = a normal account (512) with ACCOUNTDISABLE (2).
    _ad_user(
        "blocked", given="Борис", surname="Блоков", email="blocked@example.com", account_control=514
    ),  # fmt: skip
    _ad_user("leaver", given="Лев", surname="Уходов", email="leaver@example.com"),
    _entry(
        MENTORS_GROUP, objectClass="group", cn="Nastavnik Mentors", member=[ad_dn("sidorov")]
    ),  # fmt: skip
    _entry(
        MANAGERS_GROUP, objectClass="group", cn="Nastavnik Managers", member=[ad_dn("kuznetsova")]
    ),  # fmt: skip
    # OpenLDAP shape.
    _openldap_user("orlov", surname="Орлов", email="orlov@example.org", employee_number="7001"),
    _openldap_user(
        "locked", surname="Замков", email="locked@example.org", employee_number="7002", locked=True
    ),  # fmt: skip
    _entry(
        TEAM_LEADS_GROUP, objectClass="groupOfNames", cn="team-leads", member=[openldap_dn("orlov")]
    ),  # fmt: skip
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DirectoryServer:
    """A running slapd: its URI, and an administrator connection to change entries."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = _free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        (self.folder / "db").mkdir()
        (self.folder / "ad.schema").write_text(AD_SCHEMA)
        config = self.folder / "slapd.conf"
        config.write_text(
            CONFIG.format(
                schema_dir=SCHEMA_DIR, module_dir=MODULE_DIR, folder=self.folder, base=BASE_DN,
                admin_dn=ADMIN_DN, admin_password=ADMIN_PASSWORD,
            )
        )  # fmt: skip
        data = self.folder / "data.ldif"
        data.write_text("\n\n".join(ENTRIES) + "\n")
        subprocess.run(
            [SLAPADD, "-q", "-f", config, "-l", data], check=True, capture_output=True, text=True
        )
        self.log = open(self.folder / "slapd.log", "w")  # noqa: SIM115  (closed in stop())
        # -d keeps slapd in the foreground, so it is this process's child and stops with it.
        self.process = subprocess.Popen(
            [SLAPD, "-f", config, "-h", f"{self.uri}/", "-d", "0"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 15) -> None:
        import ldap

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"slapd exited at start:\n{self._log_text()}")
            try:
                self.admin().unbind_s()
                return
            except ldap.SERVER_DOWN:
                time.sleep(0.1)
        raise RuntimeError(f"slapd did not answer within {seconds} s:\n{self._log_text()}")

    def _log_text(self) -> str:
        self.log.flush()
        return (self.folder / "slapd.log").read_text()

    def admin(self):
        """A connection bound as the directory's administrator (to change entries in tests)."""
        import ldap

        connection = ldap.initialize(self.uri)
        connection.set_option(ldap.OPT_NETWORK_TIMEOUT, 2)
        connection.simple_bind_s(ADMIN_DN, ADMIN_PASSWORD)
        return connection

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if hasattr(self, "log"):
            self.log.close()


def require_directory_tools() -> None:
    """Skip (on a developer's machine) or fail (under CI) without python-ldap or slapd."""
    problems = []
    try:
        import django_auth_ldap  # noqa: F401
        import ldap  # noqa: F401
    except ImportError:
        problems.append(
            "django-auth-ldap is not installed (pip install -r requirements-ldap.lock; "
            "python-ldap compiles against the libldap2-dev and libsasl2-dev packages)"
        )
    if not SLAPD.exists():
        problems.append(f"OpenLDAP's slapd not found at {SLAPD} (Debian package slapd)")
    if problems:
        message = "Directory sign-in tests need: " + "; ".join(problems)
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message, allow_module_level=True)


def start_directory_server() -> tuple[DirectoryServer, Path]:
    folder = Path(tempfile.mkdtemp(prefix="nastavnik-slapd-"))
    server = DirectoryServer(folder)
    try:
        server.start()
    except BaseException:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server, folder
