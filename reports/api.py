"""The reports app's endpoints under /api/v1; each concern keeps its router in its own
``api_<concern>`` module, imported here so that ``lms.api`` finds it."""

from reports import api_certificates  # noqa: F401
