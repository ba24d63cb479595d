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
