"""Demo-data registry: each app's ``demo`` module registers a loader; ``load_demo`` runs them.

Loaders run in the order of INSTALLED_APPS (people before content) and must be idempotent:
running ``manage.py load_demo`` twice leaves the database as one run leaves it.
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

Loader = Callable[..., None]
_loaders: list[tuple[str, Loader]] = []


def register(name: str) -> Callable[[Loader], Loader]:
    def decorator(loader: Loader) -> Loader:
        if name not in [n for n, _ in _loaders]:
            _loaders.append((name, loader))
        return loader

    return decorator


def loaders() -> list[tuple[str, Loader]]:
    autodiscover_modules("demo")
    return list(_loaders)
