from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("mon-compte/mes-donnees/", views.my_data, name="my_data"),
    path("mon-compte/mes-donnees/export/", views.export_new, name="export_new"),
    path(
        "mon-compte/mes-donnees/export/<uuid:token>/",
        views.export_download,
        name="export_download",
    ),
    path("donnees-personnelles/", views.register_page, name="register"),
]
