"""The routers the apps add to /api/v1.

Each app keeps its endpoints in its own ``api`` module and registers its router there::

    router = Router(tags=["quizzes"])
    router_register(router)

``lms.api.api`` imports every installed app's ``api`` module (as Django's admin finds
``admin`` modules) and mounts what was registered, so the platform names no app that builds on
it and an app's endpoints come and go with the app.
"""

from django.utils.module_loading import autodiscover_modules

from ninja import Router

_routers: list[tuple[str, Router]] = []


def router_register(router: Router, *, prefix: str = "/") -> Router:
    """Mount ``router`` under /api/v1 + ``prefix`` when the API root is built; idempotent.

    Returns the router, so a module may write ``router = router_register(Router())``."""
    if not any(known is router for _prefix, known in _routers):
        _routers.append((prefix, router))
    return router


def routers_discover() -> list[tuple[str, Router]]:
    """Import every installed app's ``api`` module and return the registered routers as
    ``(prefix, router)`` pairs, in registration order."""
    autodiscover_modules("api")
    return list(_routers)
