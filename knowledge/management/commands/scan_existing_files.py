"""Once the antivirus is switched on (CLAMAV_SOCKET), the files stored before it: each document
of the library, and each document sent in a message, scanned; an infected one quarantined and
its people told, as for a new upload. Safe to run again: what was scanned is not asked twice."""

from django.core.management.base import BaseCommand, CommandError

from knowledge.library.antivirus import antivirus_enabled
from knowledge.library.services import document_scan
from knowledge.models import LibraryDocument, ScanStatus


class Command(BaseCommand):
    help = (
        "Fait analyser par l'antivirus les fichiers déposés avant sa mise en service "
        "(bibliothèque) ; ceux des messages le sont par le balayage périodique."
    )

    def handle(self, *args, **options):
        if not antivirus_enabled():
            raise CommandError(
                "Aucun antivirus configuré : réglez CLAMAV_SOCKET (ou CLAMAV_ADDRESS). / "
                "No antivirus configured."
            )
        ids = LibraryDocument.objects.filter(scan_status=ScanStatus.UNSCANNED).values_list(
            "pk", flat=True
        )
        counts = {"clean": 0, "infected": 0}
        for document_id in ids.order_by("pk").iterator():
            verdict = document_scan(document_id=document_id, include_unscanned=True)
            if verdict == "waiting":
                raise CommandError(
                    f"L'antivirus ne répond plus après {sum(counts.values())} fichier(s) "
                    "analysé(s) : relancez la commande quand clamd est de retour (rien n'est "
                    "perdu, les fichiers restent servis). / clamd stopped answering."
                )
            if verdict in counts:
                counts[verdict] += 1
        self.stdout.write(
            f"{counts['clean']} fichier(s) sain(s), {counts['infected']} mis en quarantaine."
        )
