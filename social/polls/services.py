"""Voting, results and their export."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.core.text import spreadsheet_safe

from .models import Poll, PollBallot, PollBallotChoice

if TYPE_CHECKING:
    from social.people.models import User


class VoteError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def can_view_poll(user: User, poll: Poll) -> bool:
    return user.is_authenticated and poll.is_visible_to(user)


def can_export_poll(user: User, poll: Poll) -> bool:
    """The poll's author, and those who may edit polls (communication officers)."""
    return can_view_poll(user, poll) and (
        poll.owner_id == user.pk or user.has_perm("polls.change_poll")
    )


def poll_vote_cast(*, poll: Poll, user: User, choice_ids: list[int]) -> PollBallot:
    """Record `user`'s answer. One ballot per person, enforced by the database: two requests at
    once (a double click, two tabs) make one ballot; a second answer replaces the first when
    the poll allows changes, and is refused otherwise."""
    if not can_view_poll(user, poll):
        raise PermissionDenied
    if poll.is_closed:
        raise VoteError(
            _("Ce sondage est clos depuis le %(date)s : il n'accepte plus de réponses.")
            % {"date": formats.date_format(timezone.localtime(poll.closes_at), "DATETIME_FORMAT")}
        )
    chosen = set(poll.choices.filter(pk__in=choice_ids).values_list("pk", flat=True))
    if not chosen:
        raise VoteError(_("Choisissez une réponse avant de voter."))
    if not poll.multiple and len(chosen) > 1:
        raise VoteError(_("Ce sondage n'accepte qu'une seule réponse."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                ballot = PollBallot.objects.create(poll=poll, voter=user)
        except IntegrityError:
            if not poll.allow_change:
                raise VoteError(
                    _("Vous avez déjà répondu : ce sondage ne permet pas de changer de réponse.")
                ) from None
            ballot = PollBallot.objects.select_for_update().get(poll=poll, voter=user)
            ballot.picks.all().delete()
            ballot.updated_at = timezone.now()
            ballot.save(update_fields=["updated_at"])
        PollBallotChoice.objects.bulk_create(
            [PollBallotChoice(ballot=ballot, choice_id=pk) for pk in sorted(chosen)]
        )
        # Forgotten now and again once committed (a reader may cache it in between).
        cache.delete(tally_key(poll.pk))
        transaction.on_commit(lambda: cache.delete(tally_key(poll.pk)))
    return ballot


TALLY_TIMEOUT = 300


def tally_key(poll_id: int) -> str:
    return f"poll-tally:{poll_id}"


def poll_tally(poll: Poll, *, fresh: bool = False) -> tuple[dict[int, int], int]:
    """Votes per choice and number of voters; cached until the next vote (a poll embedded in
    the homepage is read far more often than it is answered)."""
    tally = None if fresh else cache.get(tally_key(poll.pk))
    if tally is None:
        counts = dict(
            PollBallotChoice.objects.filter(choice__poll=poll)
            .values_list("choice_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        tally = (counts, PollBallot.objects.filter(poll=poll).count())
        if not fresh:
            cache.set(tally_key(poll.pk), tally, TALLY_TIMEOUT)
    return tally


def poll_state(*, poll: Poll, user: User) -> dict:
    """What the reader sees of a poll: choices with counts and shares (when results are
    visible to them), their own answer, whether they may vote."""
    choices = list(poll.choices.all())
    counts, voters = poll_tally(poll)
    rows = list(PollBallot.objects.filter(poll=poll, voter=user).values_list("picks__choice_id"))
    ballot = rows or None  # [(None,)] for a ballot whose answers were all deleted
    mine = {choice_id for (choice_id,) in rows if choice_id is not None}
    closed = poll.is_closed
    results_visible = (
        closed
        or poll.results_visibility == Poll.Results.ALWAYS
        or (poll.results_visibility == Poll.Results.AFTER_VOTE and ballot is not None)
    )
    return {
        "poll": poll,
        "closed": closed,
        "voted": ballot is not None,
        "can_vote": not closed and (ballot is None or poll.allow_change),
        "results_visible": results_visible,
        "voters": voters,
        "choices": [
            {
                "pk": choice.pk,
                "label": choice.label,
                "count": counts.get(choice.pk, 0),
                "percent": round(100 * counts.get(choice.pk, 0) / voters) if voters else 0,
                "mine": choice.pk in mine,
            }
            for choice in choices
        ],
    }


def poll_results_csv(*, poll: Poll) -> str:
    """Totals per answer; for a named poll, then one line per voter and answer."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    counts, voters = poll_tally(poll, fresh=True)
    writer.writerow([_("Question"), spreadsheet_safe(poll.question)])
    writer.writerow([_("Votants"), voters])
    writer.writerow([])
    writer.writerow([_("Réponse"), _("Voix")])
    for choice in poll.choices.all():
        writer.writerow([spreadsheet_safe(choice.label), counts.get(choice.pk, 0)])
    if not poll.anonymous:
        writer.writerow([])
        writer.writerow([_("Personne"), _("Adresse"), _("Service"), _("Réponse"), _("Date")])
        picks = (
            PollBallotChoice.objects.filter(ballot__poll=poll)
            .select_related("ballot__voter__service", "choice")
            .order_by("ballot__voter__last_name", "ballot__voter__first_name", "choice__sort_order")
        )
        for pick in picks:
            voter = pick.ballot.voter
            writer.writerow(
                [
                    spreadsheet_safe(voter.get_full_name()),
                    voter.email,
                    spreadsheet_safe(voter.service.name if voter.service else ""),
                    spreadsheet_safe(pick.choice.label),
                    timezone.localtime(pick.ballot.updated_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
    return "\ufeff" + out.getvalue()  # with a BOM, so spreadsheets read the accents right
