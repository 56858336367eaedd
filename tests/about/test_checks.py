from usine.about.checks import publisher_is_named


def test_a_deployment_without_its_publisher_is_warned(settings):
    settings.ORGANIZER_NAME = ""
    settings.HOSTING_PROVIDER = ""
    settings.ORGANIZER_ADDRESS = "12 rue des Forges, 44600 Saint-Nazaire"
    settings.ORGANIZER_EMAIL = "contact@industrie-demain.fr"

    (warning,) = publisher_is_named(None)

    assert warning.id == "usine.W001"
    assert warning.hint == "Set ORGANIZER_NAME, HOSTING_PROVIDER in the environment (see README)."


def test_a_named_publisher_passes(settings):
    settings.ORGANIZER_NAME = "Association Industrie Demain"
    settings.ORGANIZER_ADDRESS = "12 rue des Forges, 44600 Saint-Nazaire"
    settings.ORGANIZER_EMAIL = "contact@industrie-demain.fr"
    settings.HOSTING_PROVIDER = "OVH SAS"

    assert publisher_is_named(None) == []
