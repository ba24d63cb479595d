from django.core.management.base import BaseCommand

from cms.demo.seed import DEMO_TOTP_KEY, demo_code


class Command(BaseCommand):
    help = (
        "Print the verification code of the demo's administrators (computed from the published "
        "demo key: no account's own secret is read)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Code de vérification de la démonstration : {demo_code()}")
        self.stdout.write(f"(clé pour une application d'authentification : {DEMO_TOTP_KEY})")
