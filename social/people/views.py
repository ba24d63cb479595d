from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator

from .forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # Wagtail sends a signed-in person without admin access back here with next=/admin/…;
        # redirecting them there again would loop until the browser gives up.
        if (
            request.user.is_authenticated
            and self.get_redirect_url().startswith(reverse("wagtailadmin_home"))
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            list(messages.get_messages(request))  # Wagtail's own notice, said better below
            return render(request, "people/no_admin_access.html", status=403)
        return super().dispatch(request, *args, **kwargs)


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
