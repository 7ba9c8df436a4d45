"""The reports app in the JSON API (mounted under /api/v1/reports): each concern keeps its
endpoints in its own ``api_<concern>`` module, imported here so that ``lms.api`` finds them."""

from reports import api_exports  # noqa: F401
