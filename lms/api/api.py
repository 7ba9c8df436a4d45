"""The /api/v1 root: authentication, error answers, and every app's router.

Apps register their routers in their own ``api`` module (see ``lms.api.registry``); nothing here
names an app. Every endpoint needs a signed-in person, by personal bearer token or by session
with CSRF (see ``lms.api.auth``).

The OpenAPI schema (``/api/v1/openapi.json``) and the interactive docs (``/api/v1/docs``) stay
on in production, behind sign-in: the people who may call the API are the staff who can sign
in, the schema describes shapes and holds no data, and the docs are how a colleague tries their
token before writing a script.
"""

from ninja import NinjaAPI

from lms.api.auth import API_AUTH, docs_access_required
from lms.api.bodies import bodies_register
from lms.api.errors import exception_handlers_register
from lms.api.registry import routers_discover

# For the people who write clients, in the language of the schema's field names.
DESCRIPTION = (
    "The learner's plan, courses, lessons and quizzes as JSON. Authenticate with a personal "
    "token (create one on your profile page) sent as “Authorization: Bearer <token>”, or with "
    "the site's session and the X-CSRFToken header. Every error is JSON with a “detail”. "
    "Decimal numbers are strings with two decimal places."
)

api = NinjaAPI(
    title="Nastavnik API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=API_AUTH,
    docs_decorator=docs_access_required,
)
exception_handlers_register(api)
bodies_register(api)

for prefix, router in routers_discover():
    api.add_router(prefix, router)
