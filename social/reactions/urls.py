from django.urls import path

from . import views

app_name = "reactions"

urlpatterns = [
    path("reactions/<str:kind>/<int:pk>/", views.set_reaction, name="set"),
    path("reactions/<str:kind>/<int:pk>/qui/", views.who_reacted, name="who"),
]
