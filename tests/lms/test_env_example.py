"""``.env.example`` names every environment variable the settings read."""

import ast
import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "lms" / "settings"
ENV_EXAMPLE = ROOT / ".env.example"
# A variable in .env.example, set or commented out: "NAME=…" or "# NAME=…".
EXAMPLE_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
# What the settings call the environment: ``os.environ`` and the mapping helpers take (``env``).
ENVIRONMENT_NAMES = {"environ", "env"}


def _is_environment(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in ENVIRONMENT_NAMES and isinstance(node.value, ast.Name)
    return isinstance(node, ast.Name) and node.id in ENVIRONMENT_NAMES


def _constant(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _read_name(node: ast.AST) -> ast.AST | None:
    """The expression naming the variable when ``node`` reads the environment directly:
    ``environ.get(x)``, ``getenv(x)``, ``environ[x]``, ``x in environ``."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "get" and _is_environment(func.value):
            return node.args[0]
        if (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
            isinstance(func, ast.Name) and func.id == "getenv"
        ):
            return node.args[0]
    if isinstance(node, ast.Subscript) and _is_environment(node.value):
        return node.slice
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In | ast.NotIn)
        and _is_environment(node.comparators[0])
    ):
        return node.left
    return None


def settings_environment_names(sources: dict[str, str]) -> set[str]:
    """Every variable name the settings modules in ``sources`` read from the environment.

    Direct reads with a literal name count, and so do calls of helpers that read the name
    they are given (``env_switch(os.environ, "LOCAL_LOGIN")``, ``required("AUTH_LDAP_…")``):
    a helper is any function that reads the environment with one of its parameters."""
    trees = [ast.parse(source) for source in sources.values()]
    names: set[str] = set()
    # Helpers: function name → positions of the parameters it reads as variable names.
    helpers: dict[str, set[int]] = {}
    for tree in trees:
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            parameters = [a.arg for a in function.args.posonlyargs + function.args.args]
            parameters += [a.arg for a in function.args.kwonlyargs]
            for node in ast.walk(function):
                read = _read_name(node)
                if isinstance(read, ast.Name) and read.id in parameters:
                    helpers.setdefault(function.name, set()).add(parameters.index(read.id))
    for tree in trees:
        for node in ast.walk(tree):
            read = _read_name(node)
            if read is not None and _constant(read):
                names.add(_constant(read))
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                for position in helpers.get(called, ()):
                    if position < len(node.args) and _constant(node.args[position]):
                        names.add(_constant(node.args[position]))
    return names


def _settings_sources() -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(SETTINGS_DIR.glob("*.py"))}


class EnvExampleTests(SimpleTestCase):
    def test_every_variable_the_settings_read_is_in_env_example(self):
        read = settings_environment_names(_settings_sources())
        documented = set(EXAMPLE_LINE.findall(ENV_EXAMPLE.read_text()))
        self.assertEqual(sorted(read - documented), [])

    def test_the_scan_finds_every_kind_of_read(self):
        # The names the settings are known to read in each way, so an empty scan cannot pass.
        read = settings_environment_names(_settings_sources())
        for name in (
            "SECRET_KEY",  # os.environ["…"]
            "IMPORT_MAX_QUESTIONS",  # os.environ.get("…", default)
            "REDIS_URL",  # "…" in os.environ
            "LOCAL_LOGIN",  # a helper given the environment and the name
            "AUTH_LDAP_USER_SEARCH_BASE",  # a nested helper reading its parameter
            "AUTH_LDAP_TIMEOUT",  # env.get("…") on the mapping a helper takes
        ):
            with self.subTest(name=name):
                self.assertIn(name, read)

    def test_a_name_missing_from_env_example_is_found(self):
        sources = {
            "base.py": (
                "import os\n"
                "A = os.environ.get('NEW_LIMIT', '1')\n"
                "B = os.getenv('OTHER')\n"
                "if 'SWITCH' in os.environ:\n"
                "    C = os.environ['SWITCH']\n"
                "def need(name):\n"
                "    return os.environ[name]\n"
                "D = need('NEEDED')\n"
            )
        }
        self.assertEqual(
            settings_environment_names(sources), {"NEW_LIMIT", "OTHER", "SWITCH", "NEEDED"}
        )
