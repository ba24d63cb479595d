"""Deleting in the administration what other rows still need: refused in plain words, never
a server error.

Wagtail protects an object from deletion when its reference index knows a protected link to
it, but the index ignores one-to-one links (a theme's page, a service's page) and some models
(Django groups), so deleting raised ProtectedError: a 500. Django's own collector knows every
protected and restricted link; asking it first gives the editor the list of what to delete or
change before.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext


def deletion_blockers(objects) -> list:
    """What still needs `objects` (protected or restricted links), empty if they may go."""
    objects = list(objects)
    if not objects:
        return []
    collector = Collector(using=objects[0]._state.db or "default")
    try:
        collector.collect(objects)
    except ProtectedError as error:
        return sorted(error.protected_objects, key=str)
    except RestrictedError as error:
        return sorted(error.restricted_objects, key=str)
    return []


def _quoted(obj) -> str:
    return gettext("« %(title)s »") % {"title": obj}


def deletion_refused(request, objects) -> bool:
    """True, with the reason told to the editor, when `objects` may not be deleted yet."""
    objects = list(objects)
    blockers = deletion_blockers(objects)
    if not blockers:
        return False
    messages.error(
        request,
        ngettext(
            "Impossible de supprimer %(objects)s : cet élément en dépend encore — "
            "%(blockers)s. Supprimez-le ou modifiez-le d'abord.",
            "Impossible de supprimer %(objects)s : ces éléments en dépendent encore — "
            "%(blockers)s. Supprimez-les ou modifiez-les d'abord.",
            len(blockers),
        )
        % {
            "objects": ", ".join(_quoted(obj) for obj in objects),
            "blockers": ", ".join(
                f"{capfirst(blocker._meta.verbose_name)} {_quoted(blocker)}" for blocker in blockers
            ),
        },
    )
    return True
