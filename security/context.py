"""The request being served, for receivers of model signals (a role granted in the Wagtail
admin, a group added) that Django calls without one: they read who acted and from where."""

from contextvars import ContextVar

_request: ContextVar = ContextVar("security_request", default=None)


def current_request():
    return _request.get()


class RequestContextMiddleware:
    """Placed after the authentication middleware (it reads ``request.user`` lazily)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
