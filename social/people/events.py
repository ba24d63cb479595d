"""What people's changes announce to other apps, beyond Django's own save signals (a module of
its own that imports nothing of the app, so that what sends and what listens import it freely).
"""

from django.dispatch import Signal

# Sent once an HR import committed (`person_ids`: everyone it created, changed or deactivated):
# its bulk writes send no save signal, and search rows follow from this one.
people_imported = Signal()
