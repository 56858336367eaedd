from django.db import migrations, models


def wishes_to_trades(apps, schema_editor):
    """A class that wished for a company's job profile now wishes for its trade."""
    SchoolClass = apps.get_model("schools", "SchoolClass")
    for school_class in SchoolClass.objects.prefetch_related("wanted_jobs"):
        trades = {job.trade_id for job in school_class.wanted_jobs.all()}
        if trades:
            school_class.wanted_trades.set(sorted(trades))


class Migration(migrations.Migration):
    dependencies = [
        ("exhibits", "0006_job_profile_trade_required"),
        ("schools", "0006_booking_teacher_seen"),
    ]

    operations = [
        migrations.AddField(
            model_name="schoolclass",
            name="wanted_trades",
            field=models.ManyToManyField(
                blank=True,
                related_name="interested_classes",
                to="exhibits.trade",
                verbose_name="métiers à découvrir",
            ),
        ),
        migrations.RunPython(wishes_to_trades, migrations.RunPython.noop),
        migrations.RemoveField(model_name="schoolclass", name="wanted_jobs"),
    ]
