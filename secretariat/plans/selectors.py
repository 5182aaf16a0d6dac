"""Reads of the plans app: the plans a user may see, and planned against done per plan and
over all plans (SEC-PLAN-6M, SEC-WORKPLANS, BCB-BUSINESS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.accounts.models import User
from secretariat.core.lang import current_lang
from secretariat.core.lookup import found_or_404
from secretariat.core.translated import texts_of, translated, translated_data
from secretariat.documents.forms import area_choices
from secretariat.plans.models import Plan, PlanItem
from secretariat.procedure.planning import ItemFacts, fulfilment
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS, Text
from secretariat.procedure.verdicts import Verdict


def plans_visible(user: User | None) -> QuerySet[Plan]:
    """Plans ``user`` may see: every plan for a role with plans.view, none otherwise."""
    found = Plan.objects.select_related(
        "body", "approved_at_meeting", "approved_by_decision", "next_meeting"
    )
    if user is not None and user.is_active and user.can("plans.view"):
        return found
    return found.none()


def with_items(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """``plans`` with their items and each item's links, in a fixed number of queries."""
    items = PlanItem.objects.select_related(
        "body", "done_at_meeting", "done_by_decision", "carried_to__plan"
    ).prefetch_related("meetings", "decisions")
    return plans.prefetch_related(Prefetch("items", queryset=items))


def plan_of(user: User | None, plan_id: int) -> Plan:
    return found_or_404(with_items(plans_visible(user)), _("There is no such plan."), pk=plan_id)


def area_names(codes: Iterable[str]) -> list[str]:
    """The names of the Strategy's areas of cooperation (STRAT-AREAS) in the reader's
    language, in the order given."""
    names = dict(area_choices())
    return [str(names.get(code, code)) for code in codes]


def item_facts(item: PlanItem) -> ItemFacts:
    return ItemFacts(
        id=item.pk,
        # Each language's title, or the one given in another language as its stand-in.
        title=Text(**{lang: str(translated(item, "title", lang) or "") for lang in LANGS}),
        planned_on=item.planned_on,
        month_only=item.month_only,
        status=item.status,
        done_on=item.done_on,
    )


def plan_verdict(plan: Plan, today: dt.date | None = None) -> Verdict:
    """Planned against done for one plan, citing the rule the plan comes from."""
    today = today or timezone.localdate()
    return fulfilment([item_facts(i) for i in plan.items.all()], today, (plan.rule_id,))


def overall_verdict(plans: Iterable[Plan], today: dt.date | None = None) -> Verdict:
    """Planned against done over every item of ``plans``."""
    today = today or timezone.localdate()
    shown = list(plans)
    items = [item_facts(i) for p in shown for i in p.items.all()]
    rules = sorted({p.rule_id for p in shown})
    return fulfilment(items, today, rules)


def rendered(verdict: Verdict) -> dict[str, Any]:
    """The verdict in the active language, with its rules cited."""

    return verdict.render(rulebook(), current_lang())


def _title_data(row: Plan | PlanItem) -> dict[str, Any]:
    """The title in the caller's language, or another's marked pending, and as stored."""
    shown = translated(row, "title", current_lang())
    return {
        "title": shown.text if shown else "",
        "title_lang": shown.lang if shown else current_lang(),
        "title_pending": shown.pending if shown else False,
        **{f"title_{lang}": text for lang, text in texts_of(row, "title").as_dict().items()},
    }


def item_out(item: PlanItem, state: str) -> dict[str, Any]:
    return {
        "id": item.pk,
        **_title_data(item),
        "body": item.body.code,
        "body_name": item.body.name,
        "planned_on": item.planned_on,
        "month_only": item.month_only,
        "areas": list(item.areas),
        "meetings": [m.pk for m in item.meetings.all()],
        "decisions": [d.number for d in item.decisions.all()],
        "status": item.status,
        "state": state,
        "done_on": item.done_on,
        "done_at_meeting": item.done_at_meeting_id,
        "done_by_decision": item.done_by_decision.number if item.done_by_decision else None,
        "carried_note": translated_data(item, "carried_note", current_lang()),
        "carried_to_plan": item.carried_to.plan_id if item.carried_to else None,
    }


def plan_summary(plan: Plan) -> dict[str, Any]:
    """The plan without its items, as the API lists it."""
    return {
        "id": plan.pk,
        "kind": plan.kind,
        "kind_name": str(plan.get_kind_display()),
        "rule": plan.rule_id,
        "body": plan.body.code,
        "body_name": plan.body.name,
        **_title_data(plan),
        "start": plan.start,
        "end": plan.end,
        "state": plan.state,
        "state_name": str(plan.get_state_display()),
        "rats_participated_on": plan.rats_participated_on,
        "rats_participation": translated_data(plan, "rats_participation", current_lang()),
        "submitted_on": plan.submitted_on,
        "approved_on": plan.approved_on,
        "approved_at_meeting": plan.approved_at_meeting_id,
        "approved_by_decision": (
            plan.approved_by_decision.number if plan.approved_by_decision else None
        ),
        "next_meeting": plan.next_meeting_id,
        "returned_on": plan.returned_on,
        "remarks": translated_data(plan, "remarks", current_lang()),
        "version": plan.version,
    }


def plan_out(plan: Plan, today: dt.date | None = None) -> dict[str, Any]:
    """The plan, its items with where each stands, and planned against done."""
    today = today or timezone.localdate()
    verdict = plan_verdict(plan, today)
    states = verdict.facts["states"]
    return {
        **plan_summary(plan),
        "items": [item_out(i, states[str(i.pk)]) for i in plan.items.all()],
        "fulfilment": rendered(verdict),
    }
