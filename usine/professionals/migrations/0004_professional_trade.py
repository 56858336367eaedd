import django.db.models.deletion
from django.db import migrations, models


def trade_from_job(apps, schema_editor):
    Professional = apps.get_model("professionals", "Professional")
    for pro in Professional.objects.filter(job__isnull=False).select_related("job"):
        pro.trade_id = pro.job.trade_id
        pro.save(update_fields=["trade"])


class Migration(migrations.Migration):
    dependencies = [
        ("exhibits", "0006_job_profile_trade_required"),
        ("professionals", "0003_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="professional",
            name="trade",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="professionals",
                to="exhibits.trade",
                verbose_name="métier du répertoire",
            ),
        ),
        migrations.RunPython(trade_from_job, migrations.RunPython.noop),
    ]
