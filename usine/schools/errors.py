"""The schools app's domain errors; each carries the message shown to the teacher."""

from django.utils.translation import gettext_lazy as _


class SchoolsError(Exception):
    default_message = _("Cette action n'a pas pu être faite.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotYours(SchoolsError):
    """The class (or booking) does not exist or belongs to another teacher: answered with 404."""

    default_message = _("Cette classe n'existe pas.")


class NoOpenEdition(SchoolsError):
    default_message = _("Aucune édition du salon n'est ouverte aux inscriptions pour le moment.")


class InvalidConfirmation(SchoolsError):
    default_message = _("Ce lien de confirmation n'est plus valable. Inscrivez-vous à nouveau.")


class ClassFull(SchoolsError):
    default_message = _("Une classe compte au plus 40 élèves.")


class LastPupil(SchoolsError):
    default_message = _("Une classe garde au moins un élève.")


class SlotFull(SchoolsError):
    default_message = _("Ce créneau est complet. Choisissez-en un autre.")


class SlotPast(SchoolsError):
    default_message = _("Ce créneau a déjà commencé : il n'est plus possible de le réserver.")


class UnknownSlot(SchoolsError):
    default_message = _("Ce créneau n'existe pas pour l'édition de cette classe.")


class AlreadyBooked(SchoolsError):
    default_message = _(
        "Cette classe a déjà une réservation. Annulez-la d'abord pour choisir un autre créneau."
    )


class NoBooking(SchoolsError):
    default_message = _("Cette classe n'a pas de réservation.")


class BookingStarted(SchoolsError):
    default_message = _("La session a déjà commencé : la réservation ne peut plus être annulée.")


class CsvError(SchoolsError):
    default_message = _("Ce fichier n'a pas pu être lu.")
