import re
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    """The id of the request being served (or of the task being run), for the audit trail."""
    return _request_id.get()


class RequestIdMiddleware:
    """Gives each request an id (a trusted proxy's X-Request-ID if well formed, else a new UUID),
    echoes it in the response and makes it available to audit writes in the same context.
    Also writes the request's denied-access audit events once the view's transaction is over
    (see rtw.audit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        from rtw.audit import close_request_log, open_request_log

        log = open_request_log()
        try:
            response = self.get_response(request)
        finally:
            try:
                close_request_log(log)
            finally:
                _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
