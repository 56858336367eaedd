"""The exhibitor's own pages, mounted under /exposant/ in the exhibits namespace."""

urlpatterns: list = []
