from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("mes-taches/", views.my_tasks, name="mine"),
    path("groupes/<slug:slug>/projets/", views.group_projects, name="group"),
    path("groupes/<slug:slug>/projets/nouveau/", views.project_create, name="create"),
    path("projets/<int:pk>/", views.board, name="board"),
    path("projets/<int:pk>/liste/", views.task_list, name="list"),
    path("projets/<int:pk>/calendrier/", views.calendar, name="calendar"),
    path(
        "projets/<int:pk>/calendrier/<int:year>/<int:month>/",
        views.calendar,
        name="calendar_month",
    ),
    path("projets/<int:pk>/parametres/", views.project_edit, name="edit"),
    path("projets/<int:pk>/colonnes/", views.columns, name="columns"),
    path("projets/<int:pk>/archiver/", views.project_archive, name="archive"),
    path("projets/<int:pk>/supprimer/", views.project_delete, name="delete"),
    path("projets/<int:pk>/taches/nouvelle/", views.task_create, name="task_create"),
    path("taches/<int:pk>/", views.task_detail, name="task"),
    path("taches/<int:pk>/modifier/", views.task_edit, name="task_edit"),
    path("taches/<int:pk>/deplacer/", views.task_move, name="task_move"),
    path("taches/<int:pk>/terminer/", views.task_complete, name="task_complete"),
    path("taches/<int:pk>/liste/", views.checklist, name="checklist"),
    path("taches/<int:pk>/documents/", views.attachments, name="attachments"),
    path(
        "taches/<int:pk>/documents/<int:attachment_id>/retirer/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("taches/<int:pk>/liens/", views.links, name="links"),
    path("taches/<int:pk>/dependances/", views.dependencies, name="dependencies"),
    path("taches/<int:pk>/suivre/", views.follow, name="follow"),
    path("taches/<int:pk>/archiver/", views.task_archive, name="task_archive"),
    path("taches/<int:pk>/supprimer/", views.task_delete, name="task_delete"),
]
