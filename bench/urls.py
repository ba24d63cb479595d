from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as project_urlpatterns


def baseline(request):
    """The smallest view behind the same middleware, session and authentication."""
    return HttpResponse(f"Bonjour {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline), *project_urlpatterns]
