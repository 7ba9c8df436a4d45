import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.core.landing import landing_url_for
from lms.core.selectors import health_get

DOCUMENTS_PREFIX = "documents/"


@never_cache
@require_GET
def healthz_view(request):
    """Public liveness and readiness probe: 200 when the database answers and a worker ran a
    task recently, 503 otherwise. It reveals no data beyond those two facts."""
    health = health_get()
    body = {
        "status": "ok" if health.ok else "unhealthy",
        "database": {"ok": health.database_ok, "error": health.database_error or None},
        "worker": {
            "ok": health.worker_ok,
            "last_heartbeat": health.worker_seen_at.isoformat() if health.worker_seen_at else None,
            "age_seconds": round(health.worker_age_seconds, 1)
            if health.worker_age_seconds is not None
            else None,
            "max_age_seconds": health.worker_max_age_seconds,
        },
    }
    return JsonResponse(body, status=200 if health.ok else 503)


@login_required
@require_GET
def media_view(request, path):
    """Serve an uploaded image to a signed-in person, from the default storage.

    Mounted only when ``SERVE_MEDIA`` is on (development, tests, a one-machine try-out).
    Documents are never served here: they go through Wagtail's document view, which applies
    the collection's privacy rules.
    """
    if path.startswith(DOCUMENTS_PREFIX) or not default_storage.exists(path):
        raise Http404(path)
    content_type, _ = mimetypes.guess_type(path)
    return FileResponse(
        default_storage.open(path, "rb"), content_type=content_type or "application/octet-stream"
    )


@never_cache
@login_required
@require_GET
def landing_view(request):
    """Where ``LOGIN_REDIRECT_URL`` points: sends the person on to the page their role works
    from (see ``lms.core.landing``). Anyone can still open their own plan from the menu."""
    return redirect(landing_url_for(request.user))
