"""Record the bounce an MTA received: `manage.py mail_bounce < report.eml` (a Postfix pipe
transport on the bounce address calls it with the message on standard input)."""

import sys

from django.core.management.base import BaseCommand

from social.mail.bounces import bounce_from_report


class Command(BaseCommand):
    help = "Record the failed recipients of a delivery status notification read on stdin."

    def handle(self, *args, **options):
        recorded = bounce_from_report(sys.stdin.buffer.read())
        for bounce in recorded:
            self.stdout.write(f"{bounce.address} {bounce.code}")
        if not recorded:
            self.stdout.write("no delivery failure in this message")
