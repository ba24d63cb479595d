from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from social.people.models import User

from .permissions import can_reset_second_factor
from .second_factor import factors_of, recovery_codes_left, second_factor_reset


class SecondFactorResetView(View):
    """« Réinitialiser la double authentification » of one person, after a confirmation."""

    template_name = "accounts/admin/second_factor_reset.html"

    def dispatch(self, request, pk):
        self.person = get_object_or_404(User, pk=pk)
        if not can_reset_second_factor(request.user, self.person):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get(self, request, pk):
        return TemplateResponse(
            request,
            self.template_name,
            {
                "person": self.person,
                "factors": factors_of(self.person),
                "recovery_left": recovery_codes_left(self.person),
            },
        )

    def post(self, request, pk):
        removed = second_factor_reset(request=request, person=self.person)
        messages.success(
            request,
            _(
                "Double authentification de %(name)s réinitialisée (%(count)s moyen(s) retiré(s)) "
                "et ses sessions fermées."
            )
            % {"name": self.person.get_full_name() or self.person.email, "count": removed},
        )
        return redirect("wagtailusers_users:edit", self.person.pk)
