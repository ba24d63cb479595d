from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/cloche/", views.bell, name="bell"),
    path("notifications/tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/<int:pk>/lue/", views.mark_read, name="mark_read"),
]
