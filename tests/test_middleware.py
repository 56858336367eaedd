from asgiref.sync import AsyncToSync, SyncToAsync, iscoroutinefunction
from django.core.handlers.asgi import ASGIHandler


def async_middleware(chain) -> list[str]:
    """The middleware that Django runs in async mode, walking down the ASGI chain."""
    found, handler = [], chain
    while handler is not None:
        if isinstance(handler, SyncToAsync | AsyncToSync):
            handler = getattr(handler, "func", None) or getattr(handler, "awaitable", None)
        elif hasattr(handler, "__wrapped__"):  # convert_exception_to_response's wrapper
            handler = handler.__wrapped__
        elif hasattr(handler, "get_response"):
            if iscoroutinefunction(handler):
                found.append(type(handler).__name__)
            handler = handler.get_response
        else:
            break
    return found


def test_no_middleware_runs_in_async_mode():
    # A MiddlewareMixin in async mode hops to the sync thread and back for each of its hooks.
    assert async_middleware(ASGIHandler()._middleware_chain) == []
