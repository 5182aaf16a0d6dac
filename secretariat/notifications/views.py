"""Pages of the notifications app (mounted at /inbox/): one's own inbox."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from secretariat.accounts.access import requires, user_of
from secretariat.accounts.models import User
from secretariat.errors import NotFoundError
from secretariat.notifications import selectors, services


def _me(request: HttpRequest) -> User:
    user = user_of(request)
    assert user is not None  # noqa: S101  # @requires let only authenticated users through
    return user


@requires("account.use")
def inbox(request: HttpRequest) -> HttpResponse:
    messages = selectors.inbox_of(user=_me(request))[:200]
    return render(request, "notifications/inbox.html", {"inbox": messages})


@requires("account.use")
@require_POST
def inbox_read(request: HttpRequest, message_id: int) -> HttpResponse:
    """Mark one of one's messages read, then go back to the inbox (or to its link)."""
    try:
        message = selectors.inbox_message_of(user=_me(request), message_id=message_id)
    except NotFoundError as exc:
        raise Http404(exc.render()) from exc
    services.inbox_mark_read(message=message)
    if request.POST.get("open") and message.link.startswith("/"):
        return redirect(message.link)
    return redirect("notifications:inbox")
