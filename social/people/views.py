from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "people/profile.html", {"person": request.user})


password_reset = auth_views.PasswordResetView.as_view(
    template_name="people/password_reset_form.html",
    email_template_name="people/password_reset_email.txt",
    subject_template_name="people/password_reset_subject.txt",
    success_url=reverse_lazy("people:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="people/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="people/password_reset_confirm.html",
    success_url=reverse_lazy("people:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="people/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="people/password_change.html",
    success_url=reverse_lazy("people:profile"),
)
