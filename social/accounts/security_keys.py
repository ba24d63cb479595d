"""Security keys and passkeys (WebAuthn, through django-otp-webauthn), as a second factor.

The relying party is the address the person is using: its host must be one of ALLOWED_HOSTS
(Django refuses any other), and the browser signs the origin it really shows, so a look-alike
site relaying the ceremony is refused."""

from django.conf import settings

from django_otp_webauthn.helpers import WebAuthnHelper


class ParvisWebAuthnHelper(WebAuthnHelper):
    def get_relying_party_domain(self) -> str:
        return self.request.get_host().rsplit(":", 1)[0] if self.request else ""

    def get_relying_party_name(self) -> str:
        return settings.OTP_TOTP_ISSUER

    def get_allowed_origins(self) -> list[str]:
        if not self.request:
            return []
        scheme = "https" if self.request.is_secure() else "http"
        return [f"{scheme}://{self.request.get_host()}"]
