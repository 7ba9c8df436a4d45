"""Settings read the environment as documented, and SQLite survives concurrent writers."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(
    module: str, env: dict[str, str], expr: str
) -> subprocess.CompletedProcess:
    """Import ``module`` in a fresh interpreter with exactly ``env`` and print ``expr`` as JSON."""
    code = f"import json, {module} as s; print(json.dumps({expr}, default=str))"
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "EMAIL_HOST"}
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean_env, **env},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


class EnvironmentSettingsTests(SimpleTestCase):
    def test_defaults_are_sqlite_with_concurrency_options_and_the_database_broker(self):
        result = _settings_in_subprocess(
            "lms.settings.base", {}, "[s.DATABASES['default'], s.Q_CLUSTER, s.CACHES]"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        database, q_cluster, caches = json.loads(result.stdout)
        self.assertEqual(database["ENGINE"], "django.db.backends.sqlite3")
        self.assertEqual(database["OPTIONS"]["transaction_mode"], "IMMEDIATE")
        self.assertIn("journal_mode=WAL", database["OPTIONS"]["init_command"])
        self.assertGreaterEqual(database["OPTIONS"]["timeout"], 5)
        self.assertEqual(q_cluster["orm"], "default")
        self.assertNotIn("redis", q_cluster)
        self.assertLess(q_cluster["timeout"], q_cluster["retry"])
        self.assertIn("locmem", caches["default"]["BACKEND"])

    def test_database_url_and_redis_url_switch_to_postgresql_and_redis(self):
        result = _settings_in_subprocess(
            "lms.settings.base",
            {"DATABASE_URL": "postgres://u:p@db:5432/n", "REDIS_URL": "redis://cache:6379/2"},
            "[s.DATABASES['default'], s.Q_CLUSTER, s.CACHES, s.WAGTAILSEARCH_BACKENDS]",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        database, q_cluster, caches, search = json.loads(result.stdout)
        self.assertEqual(database["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(database["HOST"], "db")
        self.assertEqual(q_cluster["redis"], "redis://cache:6379/2")
        self.assertNotIn("orm", q_cluster)
        self.assertEqual(caches["default"]["LOCATION"], "redis://cache:6379/2")
        self.assertEqual(search["default"]["SEARCH_CONFIG"], "russian")

    def test_email_settings_come_from_the_environment(self):
        result = _settings_in_subprocess(
            "lms.settings.base",
            {"EMAIL_HOST": "smtp.example.com", "EMAIL_PORT": "2525"},
            "[s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT]",
        )
        self.assertEqual(
            json.loads(result.stdout),
            ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.com", 2525],
        )

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = _settings_in_subprocess(
            "lms.settings.production", {"DJANGO_ALLOWED_HOSTS": "example.com"}, "s.SECRET_KEY"
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_production_refuses_to_start_without_allowed_hosts(self):
        result = _settings_in_subprocess(
            "lms.settings.production", {"SECRET_KEY": "x" * 60}, "s.ALLOWED_HOSTS"
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_ALLOWED_HOSTS", result.stderr)

    def test_production_reads_hosts_and_is_secure(self):
        result = _settings_in_subprocess(
            "lms.settings.production",
            {"SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "a.example.com, b.example.com"},
            "[s.ALLOWED_HOSTS, s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT]",
        )
        self.assertEqual(
            json.loads(result.stdout), [["a.example.com", "b.example.com"], False, True, True]
        )


# Several threads, each with its own connection, read and then write in one transaction: the
# pattern that makes SQLite fail with "database is locked" in its default (deferred) mode.
CONCURRENT_WRITERS = textwrap.dedent(
    """
    import json, sys, threading
    import django
    from django.conf import settings

    options = json.loads(sys.argv[2])
    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1], "OPTIONS": options}},
        INSTALLED_APPS=[],
    )
    django.setup()
    from django.db import connection, transaction, OperationalError

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER)")
    connection.close()
    errors = []

    def writer():
        try:
            for _ in range(40):
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM counter")
                        cursor.fetchone()
                        cursor.execute("INSERT INTO counter (n) VALUES (1)")
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for t in threads: t.start()
    for t in threads: t.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM counter")
        rows = cursor.fetchone()[0]
    print(json.dumps({"errors": errors, "rows": rows}))
    """
)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite-only concurrency settings",
)
class SqliteConcurrencyTests(SimpleTestCase):
    def _run(self, tmp_path: Path, options: dict) -> dict:
        result = subprocess.run(
            [sys.executable, "-c", CONCURRENT_WRITERS, str(tmp_path / "db.sqlite3"), json.dumps(options)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_project_options_let_concurrent_writers_all_succeed(self):
        import tempfile

        from lms.settings import base

        with tempfile.TemporaryDirectory() as tmp:
            outcome = self._run(Path(tmp), base.DATABASES["default"]["OPTIONS"])
        self.assertEqual(outcome["errors"], [])
        self.assertEqual(outcome["rows"], 6 * 40)

    def test_default_sqlite_options_do_fail_the_same_workload(self):
        # Proves the workload above really provokes the lock errors the options prevent.
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            outcome = self._run(Path(tmp), {"timeout": 0.05})
        self.assertTrue(any("locked" in error for error in outcome["errors"]), outcome)
