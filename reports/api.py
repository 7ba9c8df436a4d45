"""The reports app's endpoints under /api/v1: each concern keeps its router in its own module
(``reports.api_<concern>``), registered when imported here."""

from reports import api_certificates, api_exports, api_record  # noqa: F401
