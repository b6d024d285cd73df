"""Who is asking, from where, in which request: set by middleware, read by the audit log."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    client_ip: str | None = None


_EMPTY = RequestContext()
current: ContextVar[RequestContext] = ContextVar("ungsam_request_context", default=_EMPTY)  # noqa: B039 (frozen)
