"""Who publishes the fair, read from settings (see the ORGANIZER_* settings for why there)."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Publisher:
    name: str
    address: str
    email: str
    phone: str
    director: str
    data_protection_email: str
    hosting_provider: str
    hosting_address: str


def publisher() -> Publisher:
    return Publisher(
        name=settings.ORGANIZER_NAME,
        address=settings.ORGANIZER_ADDRESS,
        email=settings.ORGANIZER_EMAIL,
        phone=settings.ORGANIZER_PHONE,
        director=settings.PUBLICATION_DIRECTOR,
        data_protection_email=settings.DATA_PROTECTION_EMAIL or settings.ORGANIZER_EMAIL,
        hosting_provider=settings.HOSTING_PROVIDER,
        hosting_address=settings.HOSTING_ADDRESS,
    )


# The settings a real deployment must fill for its legal notice to be lawful.
REQUIRED_SETTINGS = ("ORGANIZER_NAME", "ORGANIZER_ADDRESS", "ORGANIZER_EMAIL", "HOSTING_PROVIDER")
