class FairError(Exception):
    """A rule of the edition's set-up refused the change; `message` says why, `field` where."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
