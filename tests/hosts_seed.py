"""The rows of tests/test_app_hosts.py, written into the app hosts' shared PostgreSQL by a process
of its own (`python -m tests.hosts_seed`, with the hosts' environment): the test's own database is
not the one the hosts share. Prints what the test needs as JSON.

The tables are made from the models (`migrate --run-syncdb` without migrations), as pytest-django's
`--nomigrations`: running every migration on a fresh cluster would take most of the test's time."""

import json

import django


class NoMigrations(dict):
    def __contains__(self, app_label) -> bool:
        return True

    def __getitem__(self, app_label) -> None:
        return None


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MIGRATION_MODULES = NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)

    from tests.exhibits.factories import ExhibitorFactory, TestimonialFactory
    from tests.fair.factories import BuildingFactory, open_edition
    from tests.test_production_form import LiveClass, session_cookie

    live = LiveClass(pupils=3)
    building = BuildingFactory(edition=open_edition())
    building.edition.review_publications = False
    building.edition.save(update_fields=["review_publications"])
    exhibitor = ExhibitorFactory(company=building.company)
    testimonial = TestimonialFactory(company=building.company)
    print(
        json.dumps(
            {
                "building": {
                    "slug": building.slug,
                    "name": building.name,
                    "url": building.get_absolute_url(),
                },
                "room": live.room.pk,
                "teacher": live.teacher,
                "pupils": live.pupils,
                "exhibitor": session_cookie(user=exhibitor.user),
                "testimonial": testimonial.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
