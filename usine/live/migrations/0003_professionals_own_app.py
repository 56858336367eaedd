"""Professionals, the scheduler's runs and assignments moved to the `professionals` app: only
Django's state changes here; their tables stay as they are (see professionals/0001_initial)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0002_professionals"),
        ("professionals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Assignment"),
                migrations.DeleteModel(name="Professional"),
                migrations.DeleteModel(name="ScheduleRun"),
            ],
        ),
    ]
