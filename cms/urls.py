from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from knowledge.library.views import wagtail_document_link
from social.accounts.views import admin_login

from .core.media import serve_media
from .live_stream import stream
from .views import health

urlpatterns = [
    # Before Wagtail's: its login page is closed (Parvis's applies the throttle and the 2FA).
    path("admin/login/", admin_login),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own view: served with the library's rules and headers.
    re_path(
        r"^documents/(?P<document_id>\d+)/(?P<filename>.*)$",
        wagtail_document_link,
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("media/<path:path>", serve_media, name="media"),
    path("langue/", login_not_required(set_language), name="set_language"),
    path("sante/", health, name="health"),
    # Held by the ASGI process (cms/live_stream.py); refused at once under WSGI.
    path("temps-reel/", stream, name="live_stream"),
    path("bibliotheque/", include("knowledge.library.urls")),
    path("", include("knowledge.urls")),
    path("", include("social.people.urls")),
    path("", include("social.accounts.urls")),
    path("", include("social.comments.urls")),
    path("", include("social.reactions.urls")),
    path("", include("social.polls.urls")),
    path("", include("social.notifications.urls")),
    path("", include("social.mail.urls")),
    path("", include("social.groups.urls")),
    path("", include("social.council.urls")),
    path("", include("social.messaging.urls")),
    path("", include("social.events.urls")),
    path("", include("social.projects.urls")),
    path("", include("social.privacy.urls")),
    path("", include("home.urls")),
    path("", include(wagtail_urls)),
]
