import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from wagtail.search.backends import get_search_backend

from knowledge.search.backends.postgres import ParvisPostgresSearchBackend
from knowledge.search.index import search_items_rebuild
from knowledge.search.rebuild import rebuild_in_parallel
from knowledge.search.words import vocabulary_rebuild


class Command(BaseCommand):
    help = (
        "Recrée les éléments de recherche depuis les pages et documents, puis reconstruit "
        "l'index de recherche (make reindex)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows-only", action="store_true", help="Ne pas reconstruire l'index ensuite."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processus qui indexent en parallèle (PostgreSQL ; par défaut, un par cœur).",
        )

    def handle(self, *args, rows_only, jobs, **options):
        verbosity = options.get("verbosity", 1)
        count = search_items_rebuild()
        if verbosity >= 1:
            self.stdout.write(f"{count} éléments de recherche.")
        if rows_only:
            return
        self._index(jobs, verbosity)
        words = vocabulary_rebuild()
        if verbosity >= 1:
            self.stdout.write(f"{words} mots dans le vocabulaire des corrections.")

    def _index(self, jobs: int, verbosity: int) -> None:
        backend = get_search_backend()
        # Other processes cannot see what a transaction still holds: inside one, one process.
        parallel = isinstance(backend, ParvisPostgresSearchBackend) and jobs > 1
        if parallel and not connection.in_atomic_block:
            log = self.stdout.write if verbosity >= 1 else None
            indexed = rebuild_in_parallel(jobs, log=log)
            if verbosity >= 1:
                self.stdout.write(f"{indexed} objets indexés par {jobs} processus.")
        else:
            call_command("update_index", verbosity=verbosity)
