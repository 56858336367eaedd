class TooManyMessages(Exception):
    """The address (or the whole site) sent more contact messages than a person writes."""
