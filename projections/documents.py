"""Domain values as the JSON documents read models store and the API returns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.plan.content import FocusArea, Goal, Measure, PlanContent
from domain.shared.decisions import DecisionRef


def decision_doc(decision: DecisionRef | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "body": decision.body.value if hasattr(decision.body, "value") else str(decision.body),
        "meetingDate": decision.meeting_date.isoformat(),
        "politicalCaseNumber": decision.political_case_number,
        "archiveCaseNumber": decision.archive_case_number,
        "title": decision.title,
    }


def _measure_doc(measure: Measure | None) -> dict[str, Any] | None:
    return None if measure is None else {"value": str(measure.value), "year": measure.year}


def goal_doc(goal: Goal | None) -> dict[str, Any] | None:
    if goal is None:
        return None
    return {
        "code": goal.code,
        "text": goal.text,
        "indicator": goal.indicator,
        "unit": goal.unit,
        "baseline": _measure_doc(goal.baseline),
        "target": _measure_doc(goal.target),
    }


def focus_area_doc(area: FocusArea) -> dict[str, Any]:
    return {
        "code": area.code,
        "name": area.name,
        "description": area.description,
        "goals": [goal_doc(g) for g in area.goals],
        "kind": None if area.kind is None else area.kind.value,
    }


def content_doc(content: PlanContent) -> dict[str, Any]:
    return {
        "background": content.background,
        "vision": content.vision,
        "mainGoal": goal_doc(content.main_goal),
        "focusAreas": [focus_area_doc(a) for a in content.focus_areas],
        "organisation": content.organisation,
        "resourcesAndFinancing": content.resources_and_financing,
        "communicationStrategy": content.communication_strategy,
    }


def _measure(doc: dict[str, Any] | None) -> Measure | None:
    return None if doc is None else Measure(Decimal(doc["value"]), int(doc["year"]))


def _goal(doc: dict[str, Any] | None) -> Goal | None:
    if doc is None:
        return None
    return Goal(
        doc["code"],
        doc["text"],
        doc["indicator"],
        doc["unit"],
        _measure(doc["baseline"]),
        _measure(doc["target"]),
    )


def content_from_doc(doc: dict[str, Any]) -> PlanContent:
    areas = tuple(
        FocusArea(
            a["code"],
            a["name"],
            a["description"],
            tuple(g for g in map(_goal, a["goals"]) if g),
            a.get("kind"),
        )
        for a in doc["focusAreas"]
    )
    return PlanContent(
        background=doc["background"],
        vision=doc["vision"],
        main_goal=_goal(doc["mainGoal"]),
        focus_areas=areas,
        organisation=doc["organisation"],
        resources_and_financing=doc["resourcesAndFinancing"],
        communication_strategy=doc["communicationStrategy"],
    )
