from django.utils.translation import gettext_lazy as _


class SurveyClosed(Exception):
    """The questionnaire cannot be answered now (already answered, not in a session)."""

    status = 409

    def __init__(self, message=None):
        self.message = message or _("Ce questionnaire n'est pas ouvert.")
        super().__init__(str(self.message))
