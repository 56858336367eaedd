"""The catalogue of trades (usine/exhibits/catalogue.py), and every job profile mapped onto one
by its title; a title that names none of them gets a trade of its own, so no class wish is lost."""

from django.db import migrations


def add_catalogue(apps, schema_editor):
    from usine.exhibits.catalogue import add_catalogue
    from usine.exhibits.trades import TradeIndex

    Trade = apps.get_model("exhibits", "Trade")
    JobProfile = apps.get_model("exhibits", "JobProfile")
    add_catalogue(Trade)
    index = TradeIndex(Trade.objects.all())
    for job in JobProfile.objects.filter(trade__isnull=True).order_by("pk"):
        trade = index.find(job.title) or index.within(job.title)
        if trade is None:
            trade = Trade.objects.create(
                name=job.title[:120],
                masculine=job.title[:120],
                feminine=job.title[:120],
                name_en="",
                family="production",
            )
            index = TradeIndex(Trade.objects.all())
        job.trade = trade
        job.save(update_fields=["trade"])


class Migration(migrations.Migration):
    dependencies = [("exhibits", "0004_trade")]

    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
