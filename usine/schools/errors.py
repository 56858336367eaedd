"""The schools app's domain errors; each carries the message shown to the teacher."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


class ClassesClosed(SchoolsError):
    """The slot's edition is archived (see Edition.takes_classes)."""

    default_message = _(
        "Le salon est terminé : les réservations et les sessions de classe sont fermées. La "
        "ville, ses bâtiments et les replays du Forum restent ouverts à tous."
    )


class InvalidConfirmation(SchoolsError):
    default_message = _("Ce lien de confirmation n'est plus valable. Inscrivez-vous à nouveau.")


class ClassFull(SchoolsError):
    default_message = _("Une classe compte au plus 40 élèves.")


class TooManyWishes(SchoolsError):
    default_message = _("Choisissez au plus 12 métiers : l'échange dure trente minutes.")


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


class SlotNotFull(SchoolsError):
    default_message = _("Ce créneau a encore des places : réservez-le directement.")


class AlreadyWaiting(SchoolsError):
    default_message = _("Cette classe est déjà sur la liste d'attente de ce créneau.")


class TooManyWaits(SchoolsError):
    default_message = _(
        "Une classe attend sur trois créneaux au plus. Quittez une liste d'attente d'abord."
    )


class NotWaiting(SchoolsError):
    default_message = _("Cette classe n'est pas sur la liste d'attente de ce créneau.")


class CsvError(SchoolsError):
    default_message = _("Ce fichier n'a pas pu être lu.")


# --- the pupils' join flow and passport (messages shown to pupils: "tu") ------------------------


class JoinError(SchoolsError):
    """A join attempt refused; `status` is the HTTP status the join page answers with."""

    status = 400


class MalformedCode(JoinError):
    default_message = _(
        "Ce code n'a pas la bonne forme : il a 12 caractères, par exemple K7QH-3MXP-9TRW."
    )


class UnknownCode(JoinError):
    # One message for a mistyped code and for an old one the teacher replaced: it tells
    # someone guessing nothing more.
    default_message = _(
        "Ce code ne correspond à aucune classe. Vérifie-le sur la fiche ; si ton enseignant·e "
        "a créé un nouveau code, l'ancien ne fonctionne plus."
    )


class TooManyAttempts(JoinError):
    """Too many wrong codes from this address: try again in `seconds`."""

    status = 429

    def __init__(self, message=None, *, seconds: int = 60):
        self.seconds = seconds
        super().__init__(
            message
            or ngettext(
                "Trop d'essais en peu de temps. Attends %(seconds)d seconde avant de réessayer, "
                "puis vérifie le code avec ton enseignant·e.",
                "Trop d'essais en peu de temps. Attends %(seconds)d secondes avant de réessayer, "
                "puis vérifie le code avec ton enseignant·e.",
                seconds,
            )
            % {"seconds": seconds}
        )


class NoSession(JoinError):
    status = 409
    default_message = _(
        "Ta classe n'a pas encore de session réservée. Ton enseignant·e doit d'abord en "
        "réserver une."
    )


class NotYetTime(JoinError):
    status = 409


class SessionsClosed(JoinError):
    """The class's edition is archived (see Edition.takes_classes)."""

    status = 409
    default_message = _(
        "Le salon est terminé : les sessions de classe sont fermées. Tu peux toujours visiter "
        "la ville et revoir les conférences du Forum."
    )


class SessionOver(JoinError):
    status = 409
    default_message = _("La session de ta classe est terminée. Merci de ta visite !")


class UnknownPseudonym(JoinError):
    default_message = _("Ce pseudonyme n'est pas dans ta classe. Choisis-en un dans la liste.")


class PseudonymTaken(JoinError):
    status = 409
    default_message = _(
        "Ce pseudonyme est déjà pris sur un autre ordinateur. Choisis le tien ; si c'est bien le "
        "tien, demande à ton enseignant·e de le libérer."
    )


class NotAPupil(JoinError):
    status = 403
    default_message = _("Rejoins d'abord ta classe avec son code.")


class UnknownBuilding(JoinError):
    status = 404
    default_message = _("Ce bâtiment n'existe pas dans la ville.")


class UnknownTestimonial(JoinError):
    status = 404
    default_message = _("Ce témoignage n'existe pas dans la ville.")


class BadPosition(JoinError):
    """A testimonial's progress report without a number of seconds."""

    status = 400
    default_message = _("Position de lecture illisible.")
