from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.folder, name="index"),
    path("dossiers/<int:folder_id>/", views.folder, name="folder"),
    path("dossiers/<int:folder_id>/deposer/", views.upload, name="upload"),
    path("documents/<int:document_id>/", views.document_detail, name="document"),
    path("documents/<int:document_id>/telecharger/", views.document_download, name="download"),
    path("documents/<int:document_id>/apercu.png", views.document_preview, name="preview"),
    path("documents/<int:document_id>/nouvelle-version/", views.new_version, name="new_version"),
    path(
        "documents/<int:document_id>/versions/<int:number>/telecharger/",
        views.version_download,
        name="version_download",
    ),
    path(
        "documents/<int:document_id>/versions/<int:number>/retablir/",
        views.restore_version,
        name="restore_version",
    ),
    path("documents/<int:document_id>/renommer/", views.rename, name="rename"),
    path("documents/<int:document_id>/deplacer/", views.move, name="move"),
    path("documents/<int:document_id>/supprimer/", views.trash, name="trash"),
    path("corbeille/", views.bin_list, name="bin"),
    path("corbeille/<int:document_id>/restaurer/", views.untrash, name="untrash"),
]
