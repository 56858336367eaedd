import pytest
from django.core.management import call_command

from usine.fair.models import Building, Edition
from usine.management.commands.prepare_fair import static_files_changed


@pytest.mark.django_db
def test_prepare_fair_loads_the_demo_once_and_collects_static_files_only_when_they_change(
    settings, tmp_path, capsys
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert static_files_changed() is True

    call_command("prepare_fair", "--no-videos")
    call_command("prepare_fair", "--no-videos")

    output = capsys.readouterr().out
    assert output.count("→ fichiers statiques") == 1
    assert output.count("Une édition existe déjà : démo non chargée.") == 1
    assert static_files_changed() is False
    assert Edition.objects.count() == 1
    assert Building.objects.count() == 40
