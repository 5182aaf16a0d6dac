"""One thing to do on the start page ("My work"), with how it is said in the reader's language.

Every source (a meeting's deadline, a decision's task, minutes to sign, an initiative to join,
a certified copy...) becomes a ``WorkItem``; the page and the API show the same items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from secretariat.core.translated import translated
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang

#: Days ahead in which an open step counts as "due soon".
SOON_DAYS = 14

OVERDUE = "overdue"
SOON = "soon"
LATER = "later"
#: The order of the groups on the page: overdue first, then due soon, then later.
URGENCY_ORDER = {OVERDUE: 0, SOON: 1, LATER: 2}


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One step to take (or awaited from others), as the page and the API show it."""

    #: deadline, task, signature, initiative, consent, copies_make, copy_dispatch, copy_receipt
    source: str
    #: What it concerns: the meeting's title, the decision's number and task, the original.
    title: str
    #: What to do, in the reader's language.
    action: str
    #: The rule behind it, and its regulation's name in the reader's language.
    rule_id: str
    regulation: str
    #: The latest day (None where no rule fixes one) and how far it is from today, at the
    #: acting seat (negative: overdue).
    due: dt.date | None
    days: int | None
    urgency: str
    #: "3 days overdue", "in 5 days", "today", "no fixed day", in the reader's language.
    when: str
    #: The page that opens the step, in the reader's language prefix.
    link: str
    #: Who must act, by name.
    who: str
    #: The delegations that act (codes), for the Secretariat's filter.
    delegations: tuple[str, ...] = ()
    #: The body (code) and the meeting it belongs to, if any.
    body: str = ""
    meeting_id: int | None = None
    #: Sort key within a group.
    order: tuple[int, str] = field(default=(0, ""))
    #: The HTML language of ``title`` when it stands in for the reader's language (its
    #: translation is pending); empty when it is in the reader's language.
    title_lang: str = ""


def urgency_of(days: int | None) -> str:
    if days is None:
        return LATER
    if days < 0:
        return OVERDUE
    return SOON if days <= SOON_DAYS else LATER


def when_text(days: int | None) -> str:
    """How late or how soon, as a whole sentence with its plural forms."""
    if days is None:
        return _("no fixed day")
    if days < 0:
        return ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}
    if days == 0:
        return _("due today")
    return ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}


def rule_names(rule_id: str, lang: Lang) -> tuple[str, str]:
    """A rule's step (its action) and its regulation's name in ``lang``; "" where unknown."""
    book = rulebook()
    rule = book.rules.get(rule_id)
    if rule is None:
        return "", ""
    action = rule.step.action[lang] if rule.step else ""
    regulation = book.regulations[rule.regulation].title[lang]
    return action, regulation


def item(
    *,
    source: str,
    title: str,
    action: str,
    rule_id: str,
    lang: Lang,
    due: dt.date | None,
    today: dt.date,
    link: str,
    who: str,
    delegations: tuple[str, ...] = (),
    body: str = "",
    meeting_id: int | None = None,
    title_lang: str = "",
) -> WorkItem:
    """A ``WorkItem`` with its regulation, distance and urgency worked out."""
    _action, regulation = rule_names(rule_id, lang)
    days = (due - today).days if due is not None else None
    return WorkItem(
        source=source,
        title=title,
        action=action,
        rule_id=rule_id,
        regulation=regulation,
        due=due,
        days=days,
        urgency=urgency_of(days),
        when=when_text(days),
        link=link,
        who=who,
        delegations=delegations,
        body=body,
        meeting_id=meeting_id,
        order=(days if days is not None else 10**6, title),
        title_lang=title_lang,
    )


def named(number: str, row: Any, lang: Lang) -> tuple[str, str]:
    """``number`` and ``row``'s title in ``lang`` (or the one given in another language), and
    that language's HTML code when it stands in for ``lang``."""
    shown = translated(row, "title", lang)
    if shown is None:
        return number, ""
    return f"{number} {shown.text}", shown.html_lang if shown.pending else ""


def in_order(items: list[WorkItem]) -> list[WorkItem]:
    """Overdue first (the most overdue first), then due soon, then later (undated last)."""
    return sorted(items, key=lambda i: (URGENCY_ORDER[i.urgency], i.order, i.rule_id))
