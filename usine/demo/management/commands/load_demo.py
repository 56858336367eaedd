"""`manage.py load_demo`: load the demo edition (40 buildings, testimonials with videos)."""

import datetime
import os
import secrets
import time

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from usine.demo import content, loader
from usine.fair.models import Edition
from usine.schools import session_clock

PASSWORD_ENV = "USINE_DEMO_PASSWORD"


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "l j F Y")


def starts_on(text: str) -> datetime.date:
    """The --starts-on date: a Monday written YYYY-MM-DD, or a CommandError saying why not."""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--starts-on attend une date écrite AAAA-MM-JJ (par exemple %(example)s).")
            % {"example": content.demo_week(timezone.localdate())[0].isoformat()}
        ) from None
    if day.weekday() != 0:
        raise CommandError(
            _(
                "--starts-on attend un lundi, le salon dure du lundi au vendredi : le %(day)s "
                "est un %(weekday)s (le lundi de cette semaine-là est le %(monday)s)."
            )
            % {
                "day": day.isoformat(),
                "weekday": formats.date_format(day, "l"),
                "monday": (day - datetime.timedelta(days=day.weekday())).isoformat(),
            }
        )
    return day


class Command(BaseCommand):
    help = _(
        "Charge l'édition de démonstration : 40 bâtiments, fiches métier, formations, "
        "témoignages avec leurs vidéos sous-titrées (converties par le worker)."
    )
    # The load time, for tests: call_command("load_demo", now=…).
    stealth_options = ("now",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--starts-on",
            metavar=_("AAAA-MM-JJ"),
            help=_(
                "Lundi où commence le salon (du lundi au vendredi). Par défaut, le lundi de la "
                "semaine en cours, ou le lundi suivant le week-end."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Ne rien faire (et réussir) si une édition existe déjà."),
        )
        parser.add_argument(
            "--no-videos",
            action="store_true",
            help=_("Charger le contenu sans générer de vidéos (tests, mesures)."),
        )
        parser.add_argument(
            "--limit-videos",
            type=int,
            metavar="N",
            help=_("Ne générer que les N premières vidéos."),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            metavar="N",
            help=_("Nombre de vidéos générées en parallèle (2 par défaut)."),
        )

    def handle(self, *args, **options):
        monday = starts_on(options["starts_on"]) if options["starts_on"] else None
        if options["if_empty"] and Edition.objects.exists():
            self.stdout.write(_("Une édition existe déjà : démo non chargée."))
            return
        limit = options["limit_videos"]
        if limit is not None and limit < 0:
            raise CommandError(_("--limit-videos attend un nombre positif ou nul."))
        password = os.environ.get(PASSWORD_ENV) or secrets.token_urlsafe(12)
        started = time.monotonic()
        try:
            result = loader.load_demo(
                password=password,
                starts_on=monday,
                now=options.get("now"),
                with_videos=not options["no_videos"],
                limit_videos=limit,
                workers=options["workers"],
                on_clip=self._progress,
            )
        except loader.DemoError as exc:
            raise CommandError(exc.message) from exc
        except content.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Démo chargée en %(seconds).1f s (vidéos %(clips).1f s, base de données "
                    "%(database).1f s) : « %(name)s » (%(state)s), %(buildings)s bâtiments, "
                    "%(testimonials)s témoignages, %(videos)s vidéos à convertir."
                )
                % {
                    "seconds": time.monotonic() - started,
                    "clips": result.clips_s,
                    "database": result.database_s,
                    "name": result.edition.name,
                    "state": result.edition.get_state_display(),
                    "buildings": result.buildings,
                    "testimonials": result.testimonials,
                    "videos": result.videos,
                }
            )
        )
        self.stdout.write(
            _("Dates du salon : du %(starts)s au %(ends)s.")
            % {"starts": _day(result.edition.starts_on), "ends": _day(result.edition.ends_on)}
        )
        if result.videos:
            self.stdout.write(
                _(
                    "Les vidéos sont converties en arrière-plan par le worker "
                    "(manage.py db_worker) ; chaque témoignage apparaît quand sa vidéo est prête."
                )
            )
        source = (
            _("(variable %(env)s)") % {"env": PASSWORD_ENV}
            if os.environ.get(PASSWORD_ENV)
            else _("(généré)")
        )
        self.stdout.write(
            _("Compte exposant : %(username)s, mot de passe : %(password)s %(source)s")
            % {"username": result.username, "password": password, "source": source}
        )
        self.stdout.write(
            _(
                "Compte enseignant : %(username)s, mot de passe : %(password)s %(source)s — "
                "%(classes)s classes, %(bookings)s réservées ; %(professionals)s professionnel·les "
                "disponibles, échanges planifiés."
            )
            % {
                "username": result.teacher_username,
                "password": password,
                "source": source,
                "classes": result.classes,
                "bookings": result.bookings,
                "professionals": result.professionals,
            }
        )
        for group in result.groups:
            self.stdout.write(
                _(
                    "Compte conseiller·ère (demandeur·ses d'emploi) : %(username)s, même mot de "
                    "passe — groupe « %(name)s », code %(code)s."
                )
                % {
                    "username": result.counsellor_username,
                    "name": group.name,
                    "code": group.code_display,
                }
            )
        self.stdout.write(
            _(
                "Compte organisation : %(username)s, mot de passe : %(password)s %(source)s — "
                "planning, console du jour du salon, publications à relire (sans l'administration)."
            )
            % {"username": result.organizer_username, "password": password, "source": source}
        )
        self._running_class(result)
        self._forum(result)

    def _forum(self, result: loader.DemoLoad) -> None:
        forum = result.forum
        if forum.speaker_username:
            self.stdout.write(
                _(
                    "Compte intervenant·e du Forum : %(username)s, même mot de passe — son studio "
                    "(caméra, coulisses) → %(path)s"
                )
                % {"username": forum.speaker_username, "path": reverse("forum:my_talks")}
            )
        if forum.live is None:
            self.stdout.write(
                _("Forum : %(talks)s interventions au programme → %(path)s")
                % {"talks": forum.talks, "path": reverse("forum:programme")}
            )
            return
        self.stdout.write(
            _("Forum : « %(title)s » est en direct → %(path)s ; %(ended)s interventions passées.")
            % {
                "title": forum.live.title,
                "path": forum.live.get_absolute_url(),
                "ended": forum.ended,
            }
        )

    def _running_class(self, result: loader.DemoLoad) -> None:
        if result.running_class is None:
            self.stdout.write(
                _("Aucune classe en séance maintenant : aujourd'hui n'est pas un jour du salon.")
            )
            return
        clock = session_clock.clock_for(slot=result.running_slot)
        self.stdout.write(
            _(
                "Classe en séance maintenant : %(name)s, code %(code)s → %(path)s (exploration "
                "jusqu'à %(until)s, puis échange en direct)."
            )
            % {
                "name": result.running_class.name,
                "code": result.running_class.code_display,
                "path": reverse("schools:join"),
                "until": formats.time_format(timezone.localtime(clock.explore_ends_at), "H:i"),
            }
        )
        if result.running_professional:
            self.stdout.write(
                _(
                    "Compte professionnel·le de son échange en direct : %(username)s, même mot de "
                    "passe → %(path)s (caméra, questions modérées)."
                )
                % {
                    "username": result.running_professional,
                    "path": reverse("professionals:assignments"),
                }
            )
        self.stdout.write(
            _(
                "Elle figure sur la console du jour du salon (%(path)s), qui alerte si personne "
                "n'est dans la salle en direct à la minute 58 : ouvrez-la avec le compte "
                "organisation-demo."
            )
            % {"path": reverse("professionals:organizer_fair_day")}
        )

    def _progress(self, done: int, total: int) -> None:
        if done % 10 == 0 or done == total:
            self.stdout.write(f"clips {done}/{total}")
