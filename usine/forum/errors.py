class ForumError(Exception):
    """A change the Forum refuses; `message` (French, translated) is shown as it is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
