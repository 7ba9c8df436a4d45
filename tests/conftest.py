"""Shared pytest configuration.

The test classes are ``django.test.TestCase``/``WagtailPageTestCase`` with ``setUpTestData``;
they need no fixtures from here. The database they run on already holds what ``migrate`` makes:
the role groups with their permissions (``lms.people.services.roles_sync``) and the page
skeleton (``courses.services.site_structure_ensure``). Data comes from ``tests/factories.py``
and ``tests/courses/factories.py``.
"""
