from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

import segno

from social.people.models import User

from .kiosk import enrolment_link_create
from .models import KioskDevice
from .permissions import can_manage_kiosks, can_reset_second_factor
from .second_factor import factors_of, recovery_codes_left, second_factor_reset


class SecondFactorResetView(View):
    """« Réinitialiser la double authentification » of one person, after a confirmation."""

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


class KioskInstallLinkView(View):
    """A one-time link (and its QR code) to open on the tablet that becomes this device."""

    template_name = "accounts/admin/kiosk_install_link.html"

    def dispatch(self, request, pk):
        if not can_manage_kiosks(request.user):
            raise PermissionDenied
        self.device = get_object_or_404(KioskDevice, pk=pk)
        return super().dispatch(request, pk)

    def get(self, request, pk):
        return TemplateResponse(request, self.template_name, {"device": self.device})

    def post(self, request, pk):
        token = enrolment_link_create(self.device)
        url = request.build_absolute_uri(reverse("accounts:kiosk_install", args=[token]))
        qr = segno.make(url, error="m").svg_inline(
            scale=4, title=_("Code QR du lien d'installation")
        )
        return TemplateResponse(
            request, self.template_name, {"device": self.device, "url": url, "qr_svg": qr}
        )
