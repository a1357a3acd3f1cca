"""One readable line per event for the audit trail (English, Norwegian terms beside)."""

from __future__ import annotations

from typing import Any

from domain.action_plan.content import SECTION_NB as ACTION_PLAN_SECTION_NB
from domain.action_plan.content import Section as ActionPlanSection
from domain.action_plan.model import ActionPlan
from domain.funds.grant import RECLAIM_GROUND_NB, Grant, ReclaimGround
from domain.funds.use import SPENDING_CATEGORY_NB, GrantUse, SpendingCategory
from domain.plan.content import SECTION_NB, Section
from domain.plan.model import Omstillingsplan
from domain.programme.model import PHASE_NB, Phase, Programme
from domain.project.model import Project


def summarise(event: Any) -> str:
    decision = getattr(event, "decision", None)
    by = f" by {decision.label}" if decision is not None else ""
    match event:
        case Programme.Registered():
            return (
                f"Programme '{event.name}' registered (omstillingsstatus innvilget) for "
                f"{event.period_start}–{event.period_end}{by}"
            )
        case Programme.PhaseAdvanced():
            phase = Phase(event.phase)
            return f"Programme moved to phase {phase.value} ({PHASE_NB[phase]}){by}"
        case Programme.PeriodExtended():
            return f"Programme period extended to {event.period_end}{by}"
        case Programme.MunicipalityAdded():
            return f"Municipality {event.municipality_id} added to the programme{by}"
        case Omstillingsplan.Drafted():
            return "Omstillingsplan drafted (utkast), version 1"
        case Omstillingsplan.SectionRevised():
            section = Section(event.section)
            return f"Section {section.value} ({SECTION_NB[section]}) revised"
        case Omstillingsplan.MainGoalSet():
            return f"Main goal (hovedmål) {event.goal.code} set"
        case Omstillingsplan.FocusAreaPut():
            return (
                f"Focus area (innsatsområde) {event.focus_area.code} '{event.focus_area.name}' set"
            )
        case Omstillingsplan.FocusAreaRemoved():
            return f"Focus area (innsatsområde) {event.code} removed"
        case Omstillingsplan.Submitted():
            return f"Plan version {event.version_number} submitted (lagt fram)"
        case Omstillingsplan.ReturnedToDraft():
            return f"Plan version {event.version_number} returned to draft{by}"
        case Omstillingsplan.Approved():
            return f"Plan version {event.version_number} approved (godkjent){by}"
        case Omstillingsplan.Adopted():
            return f"Plan version {event.version_number} adopted (vedtatt){by}"
        case Omstillingsplan.PutIntoForce():
            return f"Plan version {event.version_number} in force (gjeldende) from {event.effective_from}"
        case Omstillingsplan.RevisionStarted():
            return f"Revision started: version {event.version_number} (rullering)"
    return (
        _action_plan(event, by)
        or _project(event, by)
        or _funds(event, by)
        or type(event).__qualname__
    )


def _action_plan(event: Any, by: str) -> str | None:
    match event:
        case ActionPlan.Drafted():
            return (
                f"Handlingsplan {event.year} drafted (utkast) on Omstillingsplan version "
                f"{event.content.plan.version_number}"
            )
        case ActionPlan.PlanLinked():
            return f"Handlingsplan linked to Omstillingsplan version {event.plan.version_number}"
        case ActionPlan.SectionRevised():
            section = ActionPlanSection(event.section)
            return f"Section {section.value} ({ACTION_PLAN_SECTION_NB[section]}) revised"
        case ActionPlan.StrategyPut():
            return f"Strategy for focus area (innsatsområde) {event.strategy.focus_area_code} set"
        case ActionPlan.MeasurePut():
            m = event.measure
            return (
                f"Measure (tiltak) {m.project_code} on focus area {m.focus_area_code} set: "
                f"budget {m.budget}, financed {m.financed}, gap {m.funding_gap}"
            )
        case ActionPlan.MeasureRemoved():
            return f"Measure (tiltak) {event.project_code} removed"
        case ActionPlan.CommunicationPlanSet():
            return f"Communication plan set: {len(event.activities)} activities"
        case ActionPlan.BoardDecided():
            return f"Handlingsplan revision {event.revision} decided by the board (styrevedtak){by}"
        case ActionPlan.ReturnedToDraft():
            return f"Handlingsplan revision {event.revision} returned to draft{by}"
        case ActionPlan.CouncilApproved():
            return f"Handlingsplan revision {event.revision} approved (godkjent){by}"
        case ActionPlan.PutIntoEffect():
            return (
                f"Handlingsplan revision {event.revision} put into effect (iverksatt) "
                f"from {event.effective_from}"
            )
        case ActionPlan.RevisionStarted():
            return f"Handlingsplan revision {event.revision} started (revisjon i løpet av året)"
        case ActionPlan.RevisionDecided():
            return (
                f"Handlingsplan revision {event.revision} decided, in effect from "
                f"{event.effective_from}{by}"
            )
        case ActionPlan.RevisionAbandoned():
            return f"Handlingsplan revision {event.revision} abandoned"
        case ActionPlan.FundsAppliedFor():
            application = event.application
            return (
                f"Application {application.number} for restructuring funds (omstillingsmidler) "
                f"on {application.applied_on}: {application.total} for "
                f"{len(application.lines)} projects{by}"
            )
    return None


def _project(event: Any, by: str) -> str | None:
    match event:
        case Project.Proposed():
            return (
                f"Project (tiltak) {event.code} '{event.mandate.name}' proposed on focus area "
                f"{event.focus_area_code}"
            )
        case Project.FocusAreaChanged():
            return (
                f"Project moved to focus area {event.focus_area_code} "
                f"(Omstillingsplan version {event.plan.version_number})"
            )
        case Project.MandateRevised():
            return f"Project mandate (prosjektmandat) revised{by}"
        case Project.MilestonePut():
            m = event.milestone
            return f"Milestone {m.number} '{m.name}' due {m.due_on}"
        case Project.MilestoneRemoved():
            return f"Milestone {event.number} removed"
        case Project.Scored():
            scores = ", ".join(f"{s.criterion.value} {s.value}" for s in event.scores)
            return f"Project scored: {scores}"
        case Project.Prioritised():
            w = event.weights
            return (
                f"Project prioritised (prioritert), weighted score {event.weighted_score} "
                f"(weights effect {w.effect}, money {w.money}, speed {w.speed}, "
                f"personnel {w.personnel}){by}"
            )
        case Project.Approved():
            return f"Project approved (vedtatt){by}"
        case Project.Started():
            return f"Project started on {event.started_on}"
        case Project.MilestoneCompleted():
            c = event.completion
            return f"Milestone {event.number} completed on {c.completed_on} by {c.completed_by}"
        case Project.Completed():
            return f"Project completed (avsluttet) on {event.completed_on}{by}"
        case Project.Stopped():
            return f"Project stopped (stoppet) on {event.stopped_on}{by}"
    return None


def _funds(event: Any, by: str) -> str | None:
    match event:
        case Grant.Granted():
            return (
                f"Grant {event.number} of restructuring funds for {event.year} (tilsagn om "
                f"omstillingsmidler): {event.amount} by county {event.county_number}{by}"
            )
        case Grant.Amended():
            return f"Grant amended (endret tilsagn): now {event.amount}{by}"
        case Grant.Disbursed():
            d = event.disbursement
            return f"Disbursement {d.number} (utbetaling) of {d.amount} on {d.paid_on}{by}"
        case Grant.Withdrawn():
            ground = ReclaimGround(event.ground)
            return (
                f"{event.amount} of the grant withdrawn (trukket tilbake), "
                f"{ground.value} ({RECLAIM_GROUND_NB[ground]}){by}"
            )
        case Grant.ClawedBack():
            ground = ReclaimGround(event.ground)
            return (
                f"{event.amount} clawed back (tilbakekrevd), {ground.value} "
                f"({RECLAIM_GROUND_NB[ground]}){by}"
            )
        case GrantUse.Opened():
            return f"Use of the {event.year} grant opened (bruk av tilsagn)"
        case GrantUse.Allocated():
            return (
                f"{event.amount} allocated (fordelt) to project {event.project_code} "
                f"(Handlingsplan revision {event.plan_revision}){by}"
            )
        case GrantUse.AllocationReleased():
            return f"{event.amount} released from project {event.project_code}{by}"
        case GrantUse.Reallocated():
            return (
                f"{event.amount} reallocated (omdisponert) from project "
                f"{event.from_project_code} to {event.to_project_code} "
                f"from {event.effective_on}{by}"
            )
        case GrantUse.SpendingReported():
            line = event.spending
            category = SpendingCategory(line.category)
            return (
                f"Spending line {line.number} (forbruk) on project {line.project_code}: "
                f"{line.amount} for {line.period_start}–{line.period_end}, "
                f"{SPENDING_CATEGORY_NB[category]}, {line.accounts_reference}"
            )
        case GrantUse.SpendingReversed():
            return f"Spending line {event.number} reversed (kreditert)"
        case GrantUse.FundsReturned():
            return (
                f"{event.amount} of unused funds returned (tilbakeført) on {event.returned_on}{by}"
            )
    return None
