"""Demo plans for ``make run``: ``secretariat plans demo`` (after ``meetings demo`` and
``documents demo``, whose meetings and decision it links to where they exist).

- the general plan for the second half of 2026, drawn up with RATS, approved, its items
  partly done (one by the demo Board decision), one carried over, the rest planned or overdue;
- the general plan for the first half of 2027, a draft RATS has taken part in (``officer``
  can add items and submit it);
- the work plan of RATS for 2027, submitted to the Council of National Coordinators, its
  items linked to the demo CNC meeting;
- the Board's work plan from its demo meeting until the next one, approved by the demo
  decision (``bc-officer`` marks its items done).

Idempotent: nothing is made when a demo plan exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.decisions.models import Decision
from secretariat.meetings.demo import PREFIX
from secretariat.meetings.models import Meeting
from secretariat.plans import services
from secretariat.plans.models import Plan, PlanItem
from secretariat.procedure.text import Text
from secretariat.registry.models import Body


@dataclass
class Made:
    plans: list[Plan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _title(en: str, ru: str, zh: str) -> dict[str, str]:
    return Text(en=PREFIX.en + en, ru=PREFIX.ru + ru, zh=PREFIX.zh + zh).as_dict()


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _demo_meeting(body: str, *, extraordinary: bool | None = None) -> Meeting | None:
    found = Meeting.objects.filter(title_en__startswith=PREFIX.en, body__code=body)
    if extraordinary is not None:
        found = found.filter(extraordinary=extraordinary)
    return found.select_related("body").order_by("date_start").first()


def _demo_decision() -> Decision | None:
    return Decision.objects.filter(document__title_en__startswith=PREFIX.en).first()


def _item(
    plan: Plan,
    by: User | None,
    title: tuple[str, str, str],
    body: str,
    planned_on: dt.date,
    **kwargs: object,
) -> PlanItem:
    en, ru, zh = title
    return services.item_add(
        plan=plan,
        title={"en": en, "ru": ru, "zh": zh},
        body=Body.objects.get(code=body),
        planned_on=planned_on,
        by=by,
        **kwargs,  # type: ignore[arg-type]
    )


def _second_half_2026(today: dt.date, made: Made) -> None:
    officer = _user("officer")
    plan = services.plan_create(
        kind="general",
        title=_title(
            "General plan of the Organisation's activities, July–December 2026",
            "Общий план деятельности Организации на июль–декабрь 2026 года",
            "本组织2026年7月至12月总体活动计划",
        ),
        start=dt.date(2026, 7, 1),
        by=officer,
    )
    decision = _demo_decision()
    items = [
        _item(
            plan,
            officer,
            (
                "Meeting of the Council of National Coordinators",
                "Заседание Совета национальных координаторов",
                "国家协调员理事会会议",
            ),
            "cnc",
            dt.date(2026, 7, 15),
            areas=["political"],
        ),
        _item(
            plan,
            officer,
            (
                "Annual session of the Business Council",
                "Ежегодная сессия Делового совета",
                "实业家委员会年度会议",
            ),
            "bc",
            dt.date(2026, 9, 1),
            month_only=True,
            areas=["trade_economic"],
            decisions=[decision] if decision else [],
        ),
        _item(
            plan,
            officer,
            (
                "Expert consultations on information security",
                "Экспертные консультации по информационной безопасности",
                "信息安全专家磋商",
            ),
            "rats",
            dt.date(2026, 10, 20),
            areas=["security", "informational"],
        ),
        _item(
            plan,
            officer,
            (
                "Conference on cultural cooperation",
                "Конференция по культурному сотрудничеству",
                "文化合作会议",
            ),
            "secretariat",
            dt.date(2026, 11, 12),
            areas=["cultural_humanitarian"],
        ),
        _item(
            plan,
            officer,
            (
                "Report on the fulfilment of the plan",
                "Доклад о выполнении плана",
                "计划执行情况报告",
            ),
            "secretariat",
            dt.date(2026, 12, 28),
            areas=["political"],
        ),
    ]
    services.plan_record_rats(
        plan=plan,
        participated_on=dt.date(2026, 6, 5),
        text={
            "ru": "Предложения Исполнительного комитета РАТС ШОС о совместных мероприятиях "
            "включены в план.",
            "zh": "上合组织地区反恐怖机构执行委员会关于联合活动的建议已纳入计划。",
            "en": "The RATS Executive Committee's proposals on joint events are in the plan.",
        },
        by=officer,
    )
    services.plan_submit(plan=plan, submitted_on=dt.date(2026, 6, 10), by=officer)
    services.plan_approve(plan=plan, approved_on=dt.date(2026, 6, 20), by=officer)
    first, session, consultations = items[0], items[1], items[2]
    if first.planned_on <= today:
        services.item_mark_done(item=first, done_on=first.planned_on, by=officer)
    if session.planned_on <= today:
        services.item_mark_done(
            item=session,
            done_on=min(today, dt.date(2026, 9, 18)),
            decision=decision,
            meeting=decision.meeting if decision else None,
            by=officer,
        )
    services.item_carry_over(
        item=consultations,
        note={
            "ru": "Принимающая сторона попросила провести консультации весной.",
            "zh": "东道方请求将磋商推迟至春季举行。",
            "en": "The host asked to hold the consultations in the spring.",
        },
        by=officer,
    )
    made.plans.append(plan)


def _first_half_2027(made: Made) -> Plan:
    officer = _user("officer")
    plan = services.plan_create(
        kind="general",
        title=_title(
            "General plan of the Organisation's activities, January–June 2027",
            "Общий план деятельности Организации на январь–июнь 2027 года",
            "本组织2027年1月至6月总体活动计划",
        ),
        start=dt.date(2027, 1, 1),
        by=officer,
    )
    _item(
        plan,
        officer,
        (
            "Expert consultations on information security (carried over)",
            "Экспертные консультации по информационной безопасности (перенесено)",
            "信息安全专家磋商（顺延）",
        ),
        "rats",
        dt.date(2027, 3, 1),
        month_only=True,
        areas=["security", "informational"],
    )
    _item(
        plan,
        officer,
        (
            "Meeting of the Council of Ministers of Foreign Affairs",
            "Заседание Совета министров иностранных дел",
            "外长理事会会议",
        ),
        "cmfa",
        dt.date(2027, 5, 20),
        areas=["political", "international"],
    )
    services.plan_record_rats(
        plan=plan,
        participated_on=min(timezone.localdate(), dt.date(2026, 11, 25)),
        text={
            "ru": "Проект направлен в Исполнительный комитет РАТС ШОС; его предложения ожидаются.",
            "zh": "草案已送交上合组织地区反恐怖机构执行委员会，正在等待其建议。",
            "en": "Draft sent to the RATS Executive Committee; its proposals are awaited.",
        },
        by=officer,
    )
    made.plans.append(plan)
    return plan


def _rats_work_plan(today: dt.date, made: Made) -> None:
    officer = _user("officer")
    cnc = _demo_meeting("cnc")
    plan = services.plan_create(
        kind="body",
        title=_title(
            "Work plan of the RATS Executive Committee for 2027",
            "План работы Исполнительного комитета РАТС ШОС на 2027 год",
            "上合组织地区反恐怖机构执行委员会2027年工作计划",
        ),
        body=Body.objects.get(code="rats"),
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        by=officer,
    )
    _item(
        plan,
        officer,
        ("Joint anti-terrorist exercise", "Совместные антитеррористические учения", "联合反恐演习"),
        "rats",
        dt.date(2027, 6, 1),
        month_only=True,
        areas=["security"],
    )
    _item(
        plan,
        officer,
        (
            "Report to the Council of National Coordinators",
            "Доклад Совету национальных координаторов",
            "向国家协调员理事会报告",
        ),
        "rats",
        dt.date(2027, 2, 15),
        areas=["security"],
        meetings=[cnc] if cnc else [],
    )
    services.plan_submit(plan=plan, submitted_on=today, by=officer)
    made.plans.append(plan)
    if cnc is None:
        made.notes.append("no demo CNC meeting: run `secretariat meetings demo` to link one")


def _board_work_plan(today: dt.date, made: Made) -> None:
    held = _demo_meeting("bcb", extraordinary=False)
    if held is None:
        made.notes.append("no demo Board meeting: the Board's work plan needs one")
        return
    following = _demo_meeting("bcb", extraordinary=True)
    if following is not None and following.date_start <= held.date_end:
        following = None
    bc = _user("bc-officer")
    plan = services.plan_create(
        kind="board",
        title=_title(
            "Work plan of the Board until its next meeting",
            "План работы Правления до следующего заседания",
            "理事会至下次会议的工作计划",
        ),
        meeting=held,
        next_meeting=following,
        # Without a next meeting planned: the next regular one, a year on (BCB-REGULAR).
        end=None if following else held.date_end + dt.timedelta(days=364),
        by=bc,
    )
    forum = _item(
        plan,
        bc,
        ("Business forum of the SCO", "Бизнес-форум ШОС", "上合组织工商论坛"),
        "bc",
        plan.start + dt.timedelta(days=10),
        areas=["trade_economic"],
    )
    _item(
        plan,
        bc,
        (
            "Energy club: first meeting of experts",
            "Энергетический клуб: первая встреча экспертов",
            "能源俱乐部：首次专家会议",
        ),
        "bc_secretariat",
        plan.end,
        areas=["trade_economic"],
    )
    decision = _demo_decision()
    services.plan_approve(
        plan=plan,
        decision=decision if decision and decision.meeting_id == held.pk else None,
        by=bc,
    )
    if forum.planned_on <= today:
        services.item_mark_done(item=forum, done_on=forum.planned_on, by=bc)
    made.plans.append(plan)


def demo_plans_ensure(today: dt.date | None = None) -> Made:
    """Make the demo plans unless one exists; say what was made."""
    made = Made()
    if Plan.objects.filter(title_en__startswith=PREFIX.en).exists():
        return made
    today = today or timezone.localdate()
    with transaction.atomic():
        _second_half_2026(today, made)
        _first_half_2027(made)
        _rats_work_plan(today, made)
        _board_work_plan(today, made)
    return made
