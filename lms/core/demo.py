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
    return sorted(_loaders, key=lambda item: _app_position(item[1]))


def _app_position(loader: Loader) -> int:
    # Registration follows import order, which a test or a module importing another app's demo
    # can change; the app order of INSTALLED_APPS is the one that holds (people before content).
    from django.apps import apps

    module = loader.__module__
    for position, config in enumerate(apps.get_app_configs()):
        if module == config.name or module.startswith(config.name + "."):
            return position
    return len(apps.app_configs)
