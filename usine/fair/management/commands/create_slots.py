import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from usine.fair.errors import FairError
from usine.fair.models import Edition
from usine.fair.slots import DEFAULT_START_TIMES, create_slots


def _times(text: str) -> list[datetime.time]:
    try:
        return [datetime.time.fromisoformat(part.strip()) for part in text.split(",") if part]
    except ValueError:
        raise CommandError(
            _("Heures attendues au format HH:MM, séparées par des virgules.")
        ) from None


class Command(BaseCommand):
    help = _(
        "Crée les créneaux de session d'une édition : chaque jour du salon (du lundi au "
        "vendredi) à chaque heure de début, heure de Paris."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help=_("identifiant (slug) de l'édition"))
        parser.add_argument("--capacity", type=int, required=True, help=_("classes par créneau"))
        parser.add_argument(
            "--times",
            default=",".join(t.strftime("%H:%M") for t in DEFAULT_START_TIMES),
            help=_("heures de début, ex. 08:30,10:15,13:30,15:15"),
        )
        parser.add_argument("--duration", type=int, default=90, help=_("durée en minutes"))
        parser.add_argument(
            "--weekends", action="store_true", help=_("créer aussi des créneaux le week-end")
        )

    def handle(self, *args, edition, capacity, times, duration, weekends, **options):
        try:
            edition_obj = Edition.objects.get(slug=edition)
        except Edition.DoesNotExist:
            raise CommandError(_("Aucune édition « %(slug)s ».") % {"slug": edition}) from None
        try:
            created, existing = create_slots(
                edition=edition_obj,
                start_times=_times(times),
                capacity=capacity,
                duration_minutes=duration,
                weekdays_only=not weekends,
            )
        except FairError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _("%(created)s créneaux créés, %(existing)s existaient déjà.")
            % {"created": created, "existing": existing}
        )
