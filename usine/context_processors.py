from django.utils.functional import SimpleLazyObject

from .roles import roles_of


def roles(request):
    """`roles` in every template, computed only if the page uses it."""
    return {"roles": SimpleLazyObject(lambda: roles_of(getattr(request, "user", None)))}
