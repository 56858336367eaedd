"""The professionals' models, first made in the `live` app: their tables (live_professional,
live_schedulerun, live_assignment and the slots' link table) were made by live/0002 and are kept
with their rows, so existing databases lose nothing; only Django's state and the content types
move here."""

import django.core.validators
import django.db.models.deletion
import usine.professionals.models
from django.conf import settings
from django.db import migrations, models


MODELS = ("professional", "schedulerun", "assignment")


def move_content_types(apps, schema_editor, *, source="live", target="professionals"):
    """Permissions and admin history follow the models: their content types change app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not content_type.objects.using(db).filter(app_label=target, model=model).exists():
            content_type.objects.using(db).filter(app_label=source, model=model).update(
                app_label=target
            )


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="professionals", target="live")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("live", "0002_professionals"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("exhibits", "0001_initial"),
        ("fair", "0002_sessionslot"),
        ("schools", "0003_waiting_list"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Professional",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("first_name", models.CharField(max_length=60, verbose_name="prénom")),
                        (
                            "presentation",
                            models.TextField(
                                blank=True, max_length=600, verbose_name="présentation courte"
                            ),
                        ),
                        (
                            "gender",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "je préfère ne pas répondre"),
                                    ("woman", "femme"),
                                    ("man", "homme"),
                                    ("other", "autre"),
                                ],
                                default="",
                                max_length=10,
                                verbose_name="genre (facultatif)",
                            ),
                        ),
                        (
                            "charter_accepted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="charte acceptée le"
                            ),
                        ),
                        (
                            "max_per_day",
                            models.PositiveSmallIntegerField(
                                default=usine.professionals.models.default_max_per_day,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(8),
                                ],
                                verbose_name="échanges par jour au plus",
                            ),
                        ),
                        (
                            "invited_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="invité·e le"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "available_slots",
                            models.ManyToManyField(
                                blank=True,
                                related_name="available_professionals",
                                to="fair.sessionslot",
                                verbose_name="créneaux possibles",
                            ),
                        ),
                        (
                            "company",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="professionals",
                                to="exhibits.company",
                                verbose_name="entreprise",
                            ),
                        ),
                        (
                            "edition",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="professionals",
                                to="fair.edition",
                                verbose_name="édition",
                            ),
                        ),
                        (
                            "invited_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="invité·e par",
                            ),
                        ),
                        (
                            "job",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="professionals",
                                to="exhibits.jobprofile",
                                verbose_name="métier",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="professional_profiles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="compte",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "professionnel·le",
                        "verbose_name_plural": "professionnel·les",
                        "db_table": "live_professional",
                        "ordering": ["first_name", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ScheduleRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("solve", "calcul complet"),
                                    ("resolve", "recalcul après une annulation"),
                                ],
                                default="solve",
                                max_length=10,
                                verbose_name="type",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "en attente"),
                                    ("running", "en cours"),
                                    ("done", "terminé"),
                                    ("failed", "échec"),
                                ],
                                default="queued",
                                max_length=10,
                                verbose_name="état",
                            ),
                        ),
                        (
                            "progress",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="avancement (%)"
                            ),
                        ),
                        (
                            "women_target_share",
                            models.FloatField(
                                validators=[
                                    django.core.validators.MinValueValidator(0.0),
                                    django.core.validators.MaxValueValidator(1.0),
                                ],
                                verbose_name="part visée de femmes",
                            ),
                        ),
                        (
                            "result",
                            models.JSONField(blank=True, default=dict, verbose_name="résultat"),
                        ),
                        ("error", models.TextField(blank=True, verbose_name="erreur")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="créé le"),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="terminé le"),
                        ),
                        (
                            "edition",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="schedule_runs",
                                to="fair.edition",
                                verbose_name="édition",
                            ),
                        ),
                        (
                            "previous",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="professionals.schedulerun",
                            ),
                        ),
                        (
                            "started_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="lancé par",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "calcul du planning",
                        "verbose_name_plural": "calculs du planning",
                        "db_table": "live_schedulerun",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Assignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "booking",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="live_assignments",
                                to="schools.booking",
                                verbose_name="réservation",
                            ),
                        ),
                        (
                            "professional",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="professionals.professional",
                                verbose_name="professionnel·le",
                            ),
                        ),
                        (
                            "run",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="professionals.schedulerun",
                                verbose_name="calcul",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "affectation",
                        "verbose_name_plural": "affectations",
                        "db_table": "live_assignment",
                        "ordering": ["booking__slot__starts_at", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="professional",
                    constraint=models.UniqueConstraint(
                        fields=("user", "edition"), name="one_profile_per_edition"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="assignment",
                    constraint=models.UniqueConstraint(
                        fields=("run", "booking"), name="one_professional_per_session"
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
