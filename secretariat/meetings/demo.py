"""Demo meetings for ``make run``: one per procedure, at stages a visitor can act on.

Made through the same services as real meetings (so every row is audited and every date is
derived from the rules), relative to today, by the demo users of accounts/demo.py:

- a regular Board meeting held twenty days ago, closed, its minutes drafted and waiting for
  the national parts' signatures (each part's chair signs: ``np-ru-chair``, ``np-cn-chair``...);
- an extraordinary Board meeting two months ahead, the joint appeal registered and the
  national parts informed (``bc-officer`` takes the next steps);
- an extraordinary CMFA meeting awaiting the other member states' consents;
- a CNC meeting planned in six weeks, with a proposal for its agenda (``kz-coordinator``).

Idempotent: nothing is made when a demo meeting exists.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.meetings import services
from secretariat.meetings.models import Meeting
from secretariat.meetings.replies_read import seat_day
from secretariat.procedure.text import Text
from secretariat.registry.models import Body

PREFIX = Text(en="Demo: ", ru="Демо: ", zh="演示：")
#: 16 Board members from 6 national parts: a quorum of a Board of 30.
QUORUM = {"np-cn": 3, "np-ru": 3, "np-kz": 3, "np-kg": 3, "np-tj": 3, "np-uz": 1}


#: The national parts' proposals for the held Board meeting, in the three languages: they
#: become its agenda items, and its minutes are signed in Russian and Chinese.
BOARD_PROPOSALS = (
    (
        "np-cn",
        Text(
            en="Work plan of the Business Council until the next meeting",
            ru="План работы Делового совета до следующего заседания",
            zh="实业家委员会至下次会议的工作计划",
        ),
    ),
    (
        "np-ru",
        Text(en="Energy club of the SCO", ru="Энергетический клуб ШОС", zh="上合组织能源俱乐部"),
    ),
)


def _title(en: str, ru: str, zh: str) -> Text:
    return Text(en=PREFIX.en + en, ru=PREFIX.ru + ru, zh=PREFIX.zh + zh)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _delegations(*codes: str) -> list[Delegation]:
    return list(Delegation.objects.filter(code__in=codes).order_by("code"))


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _held_board_meeting(today: dt.date) -> Meeting:
    officer = _user("bc-officer")
    meeting = services.meeting_plan(
        body=Body.objects.get(code="bcb"),
        kind="bcb-regular",
        start=today - dt.timedelta(days=20),
        venue=Text(en="Bishkek", ru="Бишкек", zh="比什凯克"),
        title=_title(
            "Regular meeting of the Board", "Очередное заседание Правления", "理事会例行会议"
        ),
        subject=Text(
            en="The Business Council's work plan and energy cooperation",
            ru="План работы Делового совета и энергетическое сотрудничество",
            zh="实业家委员会工作计划与能源合作",
        ),
        by=officer,
    ).meeting
    due = meeting.deadlines.get(rule_id="BCB-AGENDA-PROPOSALS-10D").due
    for code, title in BOARD_PROPOSALS:
        services.agenda_proposal_submit(
            meeting=meeting,
            delegation=Delegation.objects.get(code=code),
            title=title,
            by=officer,
            submitted_at=_noon(due),
        )
    services.agenda_prepare(meeting=meeting, by=officer)
    services.agenda_circulate(meeting=meeting, by=officer)
    for code, present in QUORUM.items():
        services.attendance_record(
            meeting=meeting,
            delegation=Delegation.objects.get(code=code),
            members_present=present,
            by=officer,
        )
    services.meeting_transition(meeting=meeting, event="open_session", by=officer)
    first, second = meeting.agenda_items.order_by("number")[:2]
    for code in ("np-cn", "np-ru", "np-kz"):
        services.position_record(
            meeting=meeting,
            item=first,
            delegation=Delegation.objects.get(code=code),
            position="support",
            by=officer,
        )
    services.item_decide(meeting=meeting, item=first, by=officer)
    # An objection: the second item is not adopted, and the verdict names who objected.
    services.position_record(
        meeting=meeting,
        item=second,
        delegation=Delegation.objects.get(code="np-kg"),
        position="object",
        by=officer,
    )
    services.meeting_transition(meeting=meeting, event="conclude", by=officer)
    return meeting


def _extraordinary_board_meeting(today: dt.date) -> Meeting:
    officer = _user("bc-officer")
    meeting = services.meeting_initiate_extraordinary(
        body=Body.objects.get(code="bcb"),
        kind="bcb-extraordinary",
        initiators=_delegations("np-ru", "np-kz"),
        proposed_start=today + dt.timedelta(days=60),
        venue=Text(en="Almaty", ru="Алматы", zh="阿拉木图"),
        title=_title(
            "Extraordinary meeting of the Board",
            "Внеочередное заседание Правления",
            "理事会非例行会议",
        ),
        subject=Text(
            en="Financing of the national parts' joint projects",
            ru="Финансирование совместных проектов национальных частей",
            zh="各国家部分联合项目的融资",
        ),
        by=_user("np-ru-chair"),
        sent_on=today - dt.timedelta(days=3),
    )
    # The second national part joins the joint appeal itself, sending it the same day.
    services.initiative_join(
        meeting=meeting, by=_user("np-kz-chair"), sent_on=today - dt.timedelta(days=3)
    )
    services.meeting_transition(
        meeting=meeting, event="receive_appeal", by=officer, on=today - dt.timedelta(days=1)
    )
    services.meeting_transition(meeting=meeting, event="inform", by=officer, on=today)
    return meeting


def _extraordinary_cmfa(today: dt.date) -> Meeting:
    officer = _user("officer")
    meeting = services.meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=_delegations("kz", "ru"),
        proposed_start=today + dt.timedelta(days=75),
        title=_title(
            "Extraordinary meeting of the Council of Foreign Ministers",
            "Внеочередное заседание Совета министров иностранных дел",
            "外长理事会非例行会议",
        ),
        subject=Text(en="The situation in the region", ru="Ситуация в регионе", zh="地区形势"),
        by=_user("kz-coordinator"),
        sent_on=today - dt.timedelta(days=4),
    )
    # Russia's minister sends its letter at the same time: its coordinator joins.
    services.initiative_join(
        meeting=meeting, by=_user("ru-coordinator"), sent_on=today - dt.timedelta(days=4)
    )
    services.meeting_transition(
        meeting=meeting, event="receive_letters", by=officer, on=today - dt.timedelta(days=2)
    )
    services.meeting_transition(meeting=meeting, event="notify_secretariat", by=officer)
    return meeting


def _cnc_meeting(today: dt.date) -> Meeting:
    meeting = services.meeting_plan(
        body=Body.objects.get(code="cnc"),
        kind="sco-meeting",
        start=today + dt.timedelta(days=42),
        venue=Text(en="Beijing", ru="Пекин", zh="北京"),
        title=_title(
            "Meeting of the Council of National Coordinators",
            "Заседание Совета национальных координаторов",
            "国家协调员理事会会议",
        ),
        subject=Text(
            en="Preparation of the next meeting of the Council of Heads of State",
            ru="Подготовка очередного заседания Совета глав государств-членов",
            zh="筹备下一次成员国元首理事会会议",
        ),
        by=_user("officer"),
    ).meeting
    coordinator = _user("kz-coordinator")
    services.agenda_proposal_submit(
        meeting=meeting,
        delegation=Delegation.objects.get(code="kz"),
        title=Text(
            en="Draft plan of events of the chairmanship",
            ru="Проект плана мероприятий председательства",
            zh="主席国活动计划草案",
        ),
        by=coordinator,
    )
    return meeting


@transaction.atomic
def demo_meetings_ensure(today: dt.date | None = None) -> list[Meeting]:
    """Make the demo meetings unless one exists; return those made."""
    if Meeting.objects.filter(title_en__startswith=PREFIX.en).exists():
        return []
    # The Board's steps are dated at its secretariat's seat (Moscow), which is a day behind
    # Beijing from 16:00 to 21:00 UTC: the earlier of the two days, so that no step of the
    # demo is dated on a day that has not yet come at its seat.
    today = today or min(timezone.localdate(), seat_day())
    return [
        _held_board_meeting(today),
        _extraordinary_board_meeting(today),
        _extraordinary_cmfa(today),
        _cnc_meeting(today),
    ]
