"""Password rules of the CNIL's recommendation 2022-100: 12 characters, four classes."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassesValidator:
    """Requires a lowercase and an uppercase letter, a digit and a special character."""

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or c.isspace() or not c.isalnum() for c in password),
        ]
        if not all(classes):
            raise ValidationError(
                _(
                    "Le mot de passe doit contenir une minuscule, une majuscule, un chiffre "
                    "et un caractère spécial."
                ),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _(
            "Votre mot de passe doit contenir une minuscule, une majuscule, un chiffre et un "
            "caractère spécial."
        )


PHONE_CHARACTERS = frozenset("0123456789 +.()-")


def validate_phone(value: str) -> str:
    """A phone number as people write it (« 01 23 45 67 89 », « +33 6 12 34 56 78 »), spaces
    normalised; anything else is refused with a message."""
    value = " ".join(value.split())
    if not value:
        return ""
    digits = sum(char.isdigit() for char in value)
    if not set(value) <= PHONE_CHARACTERS or not 3 <= digits <= 15:
        raise ValidationError(
            _("Saisissez un numéro de téléphone, par exemple 01 23 45 67 89."), code="phone"
        )
    return value
