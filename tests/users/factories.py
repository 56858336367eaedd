"""Accounts (Django's auth users). Exhibitors, teachers and professionals each start from one."""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"personne{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    # A real password, so that tests may log in through the login form too.
    password = factory.django.Password("motdepasse-solide-42")
