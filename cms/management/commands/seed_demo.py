from django.core.management.base import BaseCommand

from cms.demo.seed import ADMIN_EMAIL, DEMO_ACCOUNTS, seed


class Command(BaseCommand):
    help = "Seed a realistic demo collectivité (idempotent: run it as often as you like)."

    def add_arguments(self, parser):
        parser.add_argument("--agents", type=int, default=300, help="How many agents to create.")

    def handle(self, *args, **options):
        seed(stdout=self.stdout, agents=options["agents"])
        self.stdout.write(self.style.SUCCESS("Demo intranet ready."))
        self.stdout.write(f"  administrator: {ADMIN_EMAIL}")
        for role, email in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {role}: {email}")
