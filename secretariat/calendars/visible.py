"""What a private calendar holds: the meetings the pages show, and the deadlines one acts on.

One rule each, asked of the meetings app, never restated here:

- **meetings**: ``meetings.selectors.meetings_visible`` (the meeting pages and the API ask it
  too), for a user whose role may see meetings at all (``meetings.view``, which the pages
  require). A private initiative of China and Russia is in their feeds and in no other
  delegation's, exactly as its page answers 404 to the others.
- **deadlines**: every deadline, open or done, of those meetings whose actor the user's
  delegation acts for (``meetings.recipients.actor_filter``, the rule the reminders follow:
  a delegation acts when one of its active users is among those reminded), and every
  deadline of a meeting the delegation serves as its secretariat (``procedure.conduct``:
  the SCO Secretariat serves the CMFA's and the Council's meetings, the Business Council's
  Secretariat the Board's). A cancelled or refused meeting has nothing due.

A user's feed holds what that user may see. A delegation's feed holds what **every** active
member of the delegation may see: visibility is per delegation except for the meetings a
user created (``created_by``), which stay in that user's own feed, so a delegation address
shared among colleagues never shows one of them more than their own pages do.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from secretariat.accounts.models import Delegation, User
from secretariat.meetings.models import Deadline, Meeting
from secretariat.meetings.recipients import actor_filter
from secretariat.meetings.selectors import meetings_visible
from secretariat.procedure.conduct import conducts
from secretariat.procedure.rules import rulebook
from secretariat.registry.reference import reference

#: The meeting states in which nothing is due any more (the meeting will not take place).
STOPPED_STATES = frozenset({"cancelled", "refused"})
#: What a role must allow for its user to see meetings at all (the pages' ``@requires``).
VIEW_ACTION = "meetings.view"


def feed_meetings_of_user(user: User | None) -> QuerySet[Meeting]:
    """The meetings whose page ``user`` may open, by date."""
    if user is None or not user.is_active or not user.can(VIEW_ACTION):
        return Meeting.objects.none()
    return meetings_visible(user).order_by("date_start", "pk")


def delegation_members(delegation: Delegation) -> list[User]:
    """The delegation's active users."""
    return list(User.objects.filter(delegation=delegation, is_active=True).order_by("pk"))


def feed_meetings_of_delegation(delegation: Delegation | None) -> QuerySet[Meeting]:
    """The meetings every active member of ``delegation`` may see, by date."""
    if delegation is None:
        return Meeting.objects.none()
    members = delegation_members(delegation)
    if not members:
        return Meeting.objects.none()
    common: set[int] | None = None
    for member in members:
        ids = set(feed_meetings_of_user(member).values_list("pk", flat=True))
        common = ids if common is None else common & ids
    return (
        Meeting.objects.filter(pk__in=sorted(common or ()))
        .select_related("body", "venue_state")
        .order_by("date_start", "pk")
    )


def served_kinds(delegation: Delegation) -> frozenset[str]:
    """The procedures (meeting kinds) whose meetings ``delegation`` serves as secretariat."""
    return conducts(rulebook()).served_by(delegation.kind)


def feed_deadlines(
    meetings: Iterable[Meeting] | QuerySet[Meeting], delegation: Delegation | None
) -> list[Deadline]:
    """The deadlines of ``meetings`` that ``delegation`` acts on (see the module), by day."""
    if delegation is None:
        return []
    ids = [m.pk for m in meetings]
    served = served_kinds(delegation)
    ref = reference()
    acts: dict[Q, bool] = {}
    found: list[Deadline] = []
    rows = (
        Deadline.objects.filter(meeting_id__in=ids)
        .exclude(meeting__state__in=STOPPED_STATES)
        .select_related("meeting")
        .order_by("due", "rule_id", "pk")
    )
    for deadline in rows:
        if deadline.meeting.kind in served:
            found.append(deadline)
            continue
        where = actor_filter(deadline.meeting, deadline.actor, ref)
        if where is None:
            continue
        if where not in acts:
            acts[where] = User.objects.filter(where, delegation=delegation, is_active=True).exists()
        if acts[where]:
            found.append(deadline)
    return found
