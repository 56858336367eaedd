import datetime

from django.db import migrations, models
from django.utils import timezone


def recount_open_days(apps, schema_editor):
    """Counts of days not closed yet were computed from all their raw events, which are still
    there: dropped, so the first incremental roll-up (from event 0) counts them once."""
    closed = set(apps.get_model("insights", "ClosedDay").objects.values_list("day", flat=True))
    daily = apps.get_model("insights", "DailyCount").objects.exclude(day__in=closed)
    zone = timezone.get_current_timezone()
    for day in set(daily.values_list("day", flat=True)):
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        apps.get_model("insights", "HourlyCount").objects.filter(
            hour__gte=start, hour__lt=start + datetime.timedelta(days=1)
        ).delete()
    daily.delete()
    apps.get_model("insights", "DailyVisitors").objects.exclude(day__in=closed).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_events_and_survey"),
    ]

    operations = [
        migrations.CreateModel(
            name="RollupMark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last_event", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["visitor", "at"], name="insights_ev_visitor_873e15_idx"),
        ),
        migrations.AlterField(
            model_name='dailycount',
            name='kind',
            field=models.CharField(choices=[('page', 'page vue'), ('building', 'bâtiment visité'), ('testimonial', 'témoignage regardé'), ('quiz', 'quiz joué'), ('question', 'question posée'), ('forum', 'Forum regardé en direct'), ('replay', 'replay du Forum regardé')], max_length=12),
        ),
        migrations.AlterField(
            model_name='event',
            name='kind',
            field=models.CharField(choices=[('page', 'page vue'), ('building', 'bâtiment visité'), ('testimonial', 'témoignage regardé'), ('quiz', 'quiz joué'), ('question', 'question posée'), ('forum', 'Forum regardé en direct'), ('replay', 'replay du Forum regardé')], max_length=12),
        ),
        migrations.RunPython(recount_open_days, migrations.RunPython.noop),
    ]
