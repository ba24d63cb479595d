"""Poll votes: a person's votes in non-anonymous polls in their export (an anonymous poll's
vote is not tied to them in what Parvis shows, and stays out); all deleted by an
anonymisation."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    DataKind,
    ExportPart,
    register_anonymiser,
    register_data_kind,
    register_export_part,
)

from .models import PollBallot
from .services import tally_key


def vote_rows(person):
    ballots = (
        PollBallot.objects.filter(voter=person, poll__anonymous=False)
        .select_related("poll")
        .prefetch_related("picks__choice")
        .order_by("pk")
    )
    for ballot in ballots.iterator(chunk_size=500):
        yield {
            "date": ballot.updated_at,
            "poll": ballot.poll.question,
            "answers": [pick.choice.label for pick in ballot.picks.all()],
        }


def person_anonymise(person, replacement: dict) -> None:
    polls = set(PollBallot.objects.filter(voter=person).values_list("poll_id", flat=True))
    PollBallot.objects.filter(voter=person).delete()
    cache.delete_many([tally_key(poll_id) for poll_id in polls])


def register() -> None:
    register_data_kind(
        DataKind(
            key="votes",
            activity="echanges",
            label=_("Votes aux sondages"),
            days=None,
            kept_for=_("Aussi longtemps que le sondage ; supprimés à l'anonymisation."),
        )
    )
    register_export_part(
        ExportPart(
            name="votes.json",
            description=_("Vos votes aux sondages qui ne sont pas anonymes."),
            rows=vote_rows,
            order=31,
        )
    )
    register_anonymiser(person_anonymise)
