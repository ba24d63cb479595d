from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import health_report, may_see_details


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when everything works, 503 otherwise (with what failed, to the
    server itself). Answers plain HTTP (production exempts it from the redirect to https)."""
    ok, checks = health_report()
    body: dict = {"status": "ok" if ok else "erreur"}
    if may_see_details(request):
        body["checks"] = {check.name: {"ok": check.ok, **check.detail} for check in checks}
    return JsonResponse(body, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})
