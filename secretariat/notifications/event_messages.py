"""The message catalogue of procedural events: whole sentences, translated through gettext.

One entry per event that concerns someone (a meeting's appeal registered, the agenda
circulated, minutes awaiting a signature, a certified copy handed over...). Who receives each
event is data beside the workflow (docs/notifications.md); the text is here. Placeholders as
in messages.py: ``link`` is always supplied; the others come from the notification's params,
a value may be {"en", "ru", "zh"}.
"""

from __future__ import annotations

from secretariat.notifications.kinds import Message

EVENT_MESSAGES: dict[str, Message] = {
    # "appeal_registered": Message(kind="registered", subject=_("..."), body=_("...")),
}
