from django.core.management import call_command
from django.core.management.base import BaseCommand

from knowledge.search_index import search_items_rebuild


class Command(BaseCommand):
    help = (
        "Recrée les éléments de recherche depuis les pages et documents, puis reconstruit "
        "l'index de recherche (make reindex)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows-only", action="store_true", help="Ne pas reconstruire l'index ensuite."
        )

    def handle(self, *args, rows_only=False, **options):
        count = search_items_rebuild()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"{count} éléments de recherche.")
        if not rows_only:
            call_command("update_index", verbosity=options.get("verbosity", 1))
