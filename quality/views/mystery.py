"""Mystery shopping pages: the waves, and one wave's results compared with the previous wave."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quality.selectors_mystery import (
    wave_comparison,
    wave_for_reader,
    wave_reader_scope,
    waves_listed,
)


@login_required
@require_GET
def waves_view(request: HttpRequest) -> HttpResponse:
    wave_reader_scope(user=request.user)
    return render(request, "quality/mystery/waves.html", {"waves": waves_listed()})


@login_required
@require_GET
def wave_view(request: HttpRequest, wave_id: int) -> HttpResponse:
    wave = wave_for_reader(user=request.user, wave_id=wave_id)
    comparison = wave_comparison(wave=wave, user=request.user)
    return render(request, "quality/mystery/wave.html", {"comparison": comparison})
