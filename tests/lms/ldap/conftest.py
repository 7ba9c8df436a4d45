"""The real slapd the directory sign-in tests run against: one per test session."""

import shutil

import pytest

from tests.lms.ldap.server import require_directory_tools, start_directory_server


@pytest.fixture(scope="session")
def directory_server():
    require_directory_tools()
    server, folder = start_directory_server()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="class")
def _directory_for_class(request, directory_server):
    request.cls.directory = directory_server
