"""The games' domain errors; each carries the message shown to the player or the exhibitor."""

from django.utils.translation import gettext_lazy as _


class GameError(Exception):
    default_message = _("Cette action n'a pas pu être faite.")
    status = 400

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class NoQuiz(GameError):
    default_message = _("Ce bâtiment n'a pas de quiz.")
    status = 404


class InvalidQuiz(GameError):
    default_message = _("Ce quiz n'est pas complet.")


class AlreadyHandled(GameError):
    default_message = _("Ce quiz a déjà été relu.")
    status = 409


class UnknownProfile(GameError):
    default_message = _("Ce profil n'existe pas : refaites le quiz.")
    status = 404
