"""Who may do what with someone else's sign-in: one function per question."""

from social.people.models import User


def can_read_sign_in_log(user: User) -> bool:
    """The whole sign-in log (everyone's addresses and browsers): superusers only."""
    return user.is_active and user.is_superuser


def can_reset_second_factor(actor: User, person: User) -> bool:
    """Removing someone's second factors (a lost phone, no recovery code left): superusers,
    for anyone but themselves (their own factors are managed from their security page)."""
    return actor.is_active and actor.is_superuser and actor.pk != person.pk


def can_manage_kiosks(user: User) -> bool:
    """Registering shared tablets and installing them: superusers."""
    return user.is_active and user.is_superuser
