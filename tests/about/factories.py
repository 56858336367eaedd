"""Messages adults sent from the contact page."""

import factory

from usine.about.models import ContactMessage


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMessage

    name = "Claire Martin"
    email = "claire.martin@ac-paris.fr"
    topic = ContactMessage.Topic.SCHOOL
    text = "Bonjour, peut-on inscrire deux classes sur le même créneau ?"
